// `qrcard deploy` as one function: bootstrap, upload code, plan a change set, run and follow it, then
// branding and site. Expected outcomes (no changes, failed, declined) are values; the caller prints them.
import type { Config } from '../core/config.js';
import { userError } from '../core/errors.js';
import { ensureBootstrap } from './bootstrap.js';
import type { CloudFormationTemplate } from '../templates/cfn-types.js';
import { dataChangeSummary, describeChanges, planDeploy, type ChangeRow } from './change-plan.js';
import { createChangeSet, deleteChangeSet, executeChangeSet, TEMPLATE_BODY_LIMIT, type ChangeSetRequest } from './change-set.js';
import type { DeployIo } from './deploy-io.js';
import { artifactParameters, publishArtifacts, type Artifact } from './publish-artifacts.js';
import { prepareBranding, publishBranding, type PreparedBranding } from './publish-branding.js';
import { PARAMETERS } from '../templates/logical-ids.js';
import { BRANDING_KEY } from '../core/storage-keys.js';
import { publishSite } from './publish-site.js';
import { publishAll, sha256Hex, type PublishSummary } from './s3-publish.js';
import { analyzeFailures, type FailureAnalysis } from './stack-failures.js';
import { followStack } from './stack-events.js';
import { deleteStackAndWait, prepareStack } from './stack-prepare.js';
import { describeStack, stackOutputs } from './stack-state.js';

export interface DeployOptions {
  readonly stackName: string;
  readonly stage: string;
  /** The application template (src/templates buildTemplate). */
  readonly template: CloudFormationTemplate;
  /** Built function zips; their keys become the template's <Fn>CodeKey parameters. */
  readonly artifacts: readonly Artifact[];
  readonly config: Config;
  /** Directory the config's branding paths are relative to. */
  readonly configDir: string;
  /** A built site to publish after the stack; undefined skips the site. */
  readonly siteDir?: string;
  /** --yes: run changes that delete or replace a table or bucket without asking. Default false. */
  readonly yes?: boolean;
  /** A terminal is there to confirm on. Default false. */
  readonly canPrompt?: boolean;
  /** Wait for an operation already running on the stack. Default true. */
  readonly waitForRunning?: boolean;
}

export interface Uploads {
  readonly artifacts: PublishSummary;
  readonly branding: PublishSummary;
  readonly site: PublishSummary;
}

/** The branding deploy published: its content hash, and whether the manifest in the bucket changed (a new branding). */
export interface PublishedBranding {
  readonly hash: string;
  readonly changed: boolean;
}

export type DeployResult =
  | {
      readonly kind: 'no-changes';
      readonly stackName: string;
      readonly outputs: Record<string, string>;
      readonly uploads: Uploads;
      readonly branding: PublishedBranding;
    }
  | {
      readonly kind: 'deployed';
      readonly stackName: string;
      readonly status: string;
      readonly changes: readonly ChangeRow[];
      readonly outputs: Record<string, string>;
      readonly uploads: Uploads;
      readonly branding: PublishedBranding;
    }
  | { readonly kind: 'failed'; readonly stackName: string; readonly analysis: FailureAnalysis }
  | { readonly kind: 'declined'; readonly stackName: string; readonly changes: readonly ChangeRow[] };

const NOTHING: PublishSummary = { uploaded: [], unchanged: [] };

/** Total PutObject calls a deploy made. */
export function uploadCount(uploads: Uploads): number {
  return uploads.artifacts.uploaded.length + uploads.branding.uploaded.length + uploads.site.uploaded.length;
}

/** Deploys the stack and everything around it. */
export async function deploy(options: DeployOptions, io: DeployIo): Promise<DeployResult> {
  const { stackName } = options;
  const prepared = await prepareStack(
    { stackName, ...(options.waitForRunning === undefined ? {} : { waitForRunning: options.waitForRunning }) },
    io,
  );
  const { bucket } = await ensureBootstrap(io);
  const branding = await prepareBranding(options.config, options.configDir);
  const artifacts = await publishArtifacts({ bucket, artifacts: options.artifacts }, io);
  io.output.debug(`artifacts: ${artifacts.uploaded.length} uploaded, ${artifacts.unchanged.length} already there`);

  const request: ChangeSetRequest = {
    stackName,
    type: prepared.changeSetType,
    template: await templateSource(options.template, bucket, io),
    parameters: { ...artifactParameters(bucket, options.artifacts), [PARAMETERS.brandingHash]: branding.hash },
    tags: { 'qrcard:app': options.config.app, 'qrcard:stage': options.stage },
    description: `qrcard deploy ${new Date().toISOString()}`,
  };
  const planning = await io.output.progress(`planning changes to ${stackName}`);
  const outcome = await createChangeSet(request, io).catch((error: unknown) => {
    planning.fail();
    throw error;
  });
  planning.succeed(outcome.kind === 'no-changes' ? `nothing to change in ${stackName}` : `planned changes to ${stackName}`);

  if (outcome.kind === 'ready') {
    const rows = describeChanges(outcome.changes);
    io.output.changeSet(rows);
    const decision = planDeploy({ rows, yes: options.yes ?? false, canPrompt: options.canPrompt ?? false });
    if (decision.kind === 'refuse' || decision.kind === 'confirm') {
      const names = decision.destructive.map(dataChangeSummary);
      const agreed =
        decision.kind === 'confirm' &&
        (await (io.confirm ?? (() => Promise.resolve(false)))(`This deploy changes stored data: ${names.join('; ')}. Continue?`));
      if (!agreed) {
        await discardChangeSet(stackName, outcome.changeSetName, prepared.changeSetType, io);
        if (decision.kind === 'refuse') {
          throw userError('confirmation-required', 'this deploy deletes or replaces stored data and there is no terminal to confirm on', {
            details: names,
            hint: 'review the changes with `qrcard diff`, then deploy again with --yes',
          });
        }
        return { kind: 'declined', stackName, changes: rows };
      }
    }
    await executeChangeSet(stackName, outcome.changeSetName, io);
    const label = prepared.changeSetType === 'CREATE' ? `creating ${stackName}` : `updating ${stackName}`;
    const result = await followStack({ stackName: outcome.stackId, since: outcome.creationTime, label }, io);
    if (!/^(CREATE|UPDATE|IMPORT)_COMPLETE$/.test(result.finalStatus)) {
      return { kind: 'failed', stackName, analysis: analyzeFailures(result.events, result.finalStatus) };
    }
    const outputs = stackOutputs(await describeStack(outcome.stackId, io));
    const after = await publishAroundStack(options, branding, outputs, io);
    return {
      kind: 'deployed',
      stackName,
      status: result.finalStatus,
      changes: rows,
      outputs,
      uploads: { artifacts, ...after },
      branding: publishedBranding(branding, after.branding),
    };
  }
  const outputs = stackOutputs(await describeStack(stackName, io));
  const after = await publishAroundStack(options, branding, outputs, io);
  return {
    kind: 'no-changes',
    stackName,
    outputs,
    uploads: { artifacts, ...after },
    branding: publishedBranding(branding, after.branding),
  };
}

function publishedBranding(prepared: PreparedBranding, summary: PublishSummary): PublishedBranding {
  return { hash: prepared.hash, changed: summary.uploaded.includes(BRANDING_KEY) };
}

/** The template inline, or by S3 URL when it passes CloudFormation's inline limit. */
async function templateSource(template: CloudFormationTemplate, bucket: string, io: DeployIo): Promise<ChangeSetRequest['template']> {
  const body = JSON.stringify(template);
  if (Buffer.byteLength(body) <= TEMPLATE_BODY_LIMIT) return { body };
  const sha256 = sha256Hex(body);
  const key = `templates/${sha256}.json`;
  await publishAll([{ bucket, key, body: Buffer.from(body), sha256, contentType: 'application/json', identity: 'key' }], io);
  const { target } = io;
  const base = target.kind === 'aws' ? `https://s3.${target.region}.amazonaws.com` : target.endpoint;
  return { url: `${base}/${bucket}/${key}` };
}

/** The page's config.json: where the API is and what the form offers. */
export function siteConfigFor(stage: string, config: Config): Record<string, unknown> {
  // The page calls the API and loads cards on its own origin, on AWS and locally alike.
  return {
    apiBase: '/api',
    stage,
    defaultCountry: config.defaultCountry,
    cardTypes: config.cardTypes.map(({ id, label, accent }) => ({ id, label, accent })),
  };
}

/** Branding to the assets bucket and the site to the site bucket, each only where the stack has that bucket. */
async function publishAroundStack(
  options: DeployOptions,
  prepared: PreparedBranding,
  outputs: Record<string, string>,
  io: DeployIo,
): Promise<Omit<Uploads, 'artifacts'>> {
  const branding = outputs.AssetsBucketName ? await publishBranding({ bucket: outputs.AssetsBucketName, branding: prepared }, io) : NOTHING;
  let site = NOTHING;
  if (options.siteDir && outputs.SiteBucketName) {
    site = await publishSite(
      {
        bucket: outputs.SiteBucketName,
        siteDir: options.siteDir,
        siteConfig: siteConfigFor(options.stage, options.config),
      },
      io,
    );
  }
  const total = branding.uploaded.length + site.uploaded.length;
  if (total > 0)
    io.output.info(
      `uploaded ${branding.uploaded.length} branding and ${site.uploaded.length} site file${site.uploaded.length === 1 ? '' : 's'}`,
    );
  return { branding, site };
}

/** Deletes an unexecuted change set; for a stack that existed only for it, deletes that empty stack too. */
export async function discardChangeSet(stackName: string, changeSetName: string, type: 'CREATE' | 'UPDATE', io: DeployIo): Promise<void> {
  await deleteChangeSet(stackName, changeSetName, io);
  if (type !== 'CREATE') return;
  const stack = await describeStack(stackName, io);
  if (stack?.StackStatus === 'REVIEW_IN_PROGRESS') {
    await deleteStackAndWait({ stackName, stackId: stack.StackId ?? stackName, label: `removing the empty ${stackName}` }, io);
  }
}
