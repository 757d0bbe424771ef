// `qrcard destroy`: empty the buckets the stack owns, delete the stack and wait; optionally the bootstrap too.
// Resources with a Retain policy are left alone and reported as kept.
import { GetTemplateCommand, ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { parse as parseYaml } from 'yaml';
import { userError } from '../core/errors.js';
import { BOOTSTRAP_STACK_NAME } from '../core/naming.js';
import { ARTIFACTS_BUCKET_OUTPUT } from './bootstrap.js';
import type { DeployIo } from './deploy-io.js';
import { emptyBucket } from './empty-bucket.js';
import { followStack } from './stack-events.js';
import { deleteStackAndWait } from './stack-prepare.js';
import { describeStack, stackCondition, stackOutputs } from './stack-state.js';

export interface DestroyOptions {
  readonly stackName: string;
  /** Also delete the bootstrap stack and its artifacts bucket. Default false. */
  readonly bootstrap?: boolean;
  /** --yes: no confirmation. Default false. */
  readonly yes?: boolean;
  /** A terminal is there to confirm on. Default false. */
  readonly canPrompt?: boolean;
}

export interface KeptResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
}

export interface StackRemoval {
  readonly stackName: string;
  /** False when there was no such stack. */
  readonly existed: boolean;
  readonly emptied: readonly { readonly bucket: string; readonly deleted: number }[];
  readonly kept: readonly KeptResource[];
}

export type DestroyResult =
  | { readonly kind: 'destroyed'; readonly stack: StackRemoval; readonly bootstrap?: StackRemoval }
  | { readonly kind: 'declined'; readonly stackName: string };

/** Pure: the logical ids a template keeps on stack deletion (DeletionPolicy Retain or RetainExceptOnCreate). */
export function retainedLogicalIds(templateBody: string): Set<string> {
  let template: { Resources?: Record<string, { DeletionPolicy?: unknown }> } | undefined;
  try {
    template = JSON.parse(templateBody) as typeof template;
  } catch {
    template = parseYaml(templateBody, { logLevel: 'silent' }) as typeof template;
  }
  const retained = new Set<string>();
  for (const [logicalId, resource] of Object.entries(template?.Resources ?? {})) {
    if (resource.DeletionPolicy === 'Retain' || resource.DeletionPolicy === 'RetainExceptOnCreate') retained.add(logicalId);
  }
  return retained;
}

/** Pure: what to do before deleting: go ahead, ask, or refuse because nobody can be asked. */
export function destroyDecision(options: Pick<DestroyOptions, 'yes' | 'canPrompt'>): 'proceed' | 'confirm' | 'refuse' {
  if (options.yes) return 'proceed';
  return options.canPrompt ? 'confirm' : 'refuse';
}

export async function destroy(options: DestroyOptions, io: DeployIo): Promise<DestroyResult> {
  const decision = destroyDecision(options);
  if (decision === 'refuse') {
    throw userError(
      'confirmation-required',
      `destroy deletes stack ${options.stackName} and the data in its buckets, and there is no terminal to confirm on`,
      {
        hint: 'run it again with --yes',
      },
    );
  }
  if (decision === 'confirm') {
    const what = options.bootstrap ? `${options.stackName} and ${BOOTSTRAP_STACK_NAME}` : options.stackName;
    const agreed = await (io.confirm ?? (() => Promise.resolve(false)))(
      `Delete stack ${what}, and empty and delete its buckets (Retain resources are kept)?`,
    );
    if (!agreed) return { kind: 'declined', stackName: options.stackName };
  }
  const stack = await removeStack(options.stackName, io);
  if (!options.bootstrap) return { kind: 'destroyed', stack };
  return { kind: 'destroyed', stack, bootstrap: await removeStack(BOOTSTRAP_STACK_NAME, io) };
}

/** Empties the stack's non-retained buckets, deletes it, and waits. */
async function removeStack(stackName: string, io: DeployIo): Promise<StackRemoval> {
  let stack = await describeStack(stackName, io);
  if (stack && stackCondition(stack.StackStatus) === 'in-progress') {
    io.output.info(`stack ${stackName} is ${stack.StackStatus}; waiting for that operation to finish`);
    await followStack({ stackName: stack.StackId ?? stackName, since: new Date(), label: `waiting for ${stackName}` }, io);
    stack = await describeStack(stackName, io);
  }
  if (!stack) return { stackName, existed: false, emptied: [], kept: [] };
  const stackId = stack.StackId ?? stackName;

  const resources = await listResources(stackId, io);
  const template = await io.cloudformation.send(new GetTemplateCommand({ StackName: stackId, TemplateStage: 'Original' }));
  const retained = retainedLogicalIds(template.TemplateBody ?? '{}');
  const kept: KeptResource[] = resources
    .filter((resource) => retained.has(resource.LogicalResourceId ?? '') && resource.PhysicalResourceId)
    .map((resource) => ({
      logicalId: resource.LogicalResourceId ?? '',
      type: resource.ResourceType ?? '',
      physicalId: resource.PhysicalResourceId ?? '',
    }));

  const buckets = resources.flatMap((resource) =>
    resource.ResourceType === 'AWS::S3::Bucket' &&
    resource.PhysicalResourceId &&
    resource.ResourceStatus !== 'DELETE_COMPLETE' &&
    !retained.has(resource.LogicalResourceId ?? '')
      ? [resource.PhysicalResourceId]
      : [],
  );
  // The bootstrap bucket is also named by its output, should the resource list be incomplete.
  const outputBucket = stackName === BOOTSTRAP_STACK_NAME ? stackOutputs(stack)[ARTIFACTS_BUCKET_OUTPUT] : undefined;
  if (outputBucket && !buckets.includes(outputBucket)) buckets.push(outputBucket);

  const emptied: { bucket: string; deleted: number }[] = [];
  for (const bucket of buckets) emptied.push({ bucket, deleted: await emptyBucket(bucket, io) });
  await deleteStackAndWait({ stackName, stackId, label: `deleting ${stackName}` }, io);
  return { stackName, existed: true, emptied, kept };
}

async function listResources(stackId: string, io: Pick<DeployIo, 'cloudformation'>): Promise<StackResourceSummary[]> {
  const resources: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await io.cloudformation.send(
      new ListStackResourcesCommand({ StackName: stackId, ...(token ? { NextToken: token } : {}) }),
    );
    resources.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return resources;
}
