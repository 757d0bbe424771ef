// `qrcard deploy`: build, deploy through the deploy core, and print the result or the failure's cause.
import { userError, type QrcardError } from '../../core/errors.js';
import { buildStack, siteDirectory } from '../../deploy/build-stack.js';
import type { DeployIo } from '../../deploy/deploy-io.js';
import { deploy, uploadCount, type DeployOptions, type DeployResult } from '../../deploy/deploy-stack.js';
import { stackInfo } from '../../deploy/stack-info.js';
import { formatFailures, type FailureAnalysis } from '../../deploy/stack-failures.js';
import type { CommandContext } from '../context.js';
import { deployTrackedLocally } from '../local-deploy-status.js';
import { formatOutputs } from './report.js';
import { deployIo, stackInputs, withAws, type StackInputs } from './stack-inputs.js';

export interface DeployFlags {
  /** A built site to publish. Default: the packaged site, if built. */
  readonly siteDir?: string;
  /** False with --no-wait: stop instead of waiting when the stack is busy. */
  readonly wait: boolean;
}

export async function runDeploy(flags: DeployFlags, context: CommandContext): Promise<void> {
  const inputs = await stackInputs(context);
  const io = await deployIo(context);
  // One cheap call first: missing or expired credentials surface before the build, not after it.
  await withAws(inputs.target, () => stackInfo(inputs.stackName, io));
  const siteDir = siteDirectory(flags.siteDir);
  if (!siteDir) context.output.info('no built site found: skipping the site upload (build it, or pass --site-dir)');
  const result = await deployTrackedLocally(inputs.target, context, () =>
    buildAndDeploy(inputs, io, context, { ...(siteDir ? { siteDir } : {}), waitForRunning: flags.wait }),
  );
  printDeployResult(result, inputs, context);
  await withAws(inputs.target, async () => (await import('../card/stale-cards.js')).reportStaleCards(result, inputs, context));
}

/** Builds the stage's template and zips and deploys them; confirmations follow --yes and the terminal. */
export async function buildAndDeploy(
  inputs: StackInputs,
  io: DeployIo,
  context: CommandContext,
  options: Pick<DeployOptions, 'siteDir' | 'waitForRunning'>,
): Promise<DeployResult> {
  const built = await buildStack(inputs, context.output);
  return withAws(inputs.target, () =>
    deploy(
      {
        stackName: inputs.stackName,
        stage: inputs.stage,
        template: built.template,
        artifacts: built.artifacts,
        config: inputs.config,
        configDir: inputs.configDir,
        ...options,
        yes: context.options.yes,
        canPrompt: context.canPrompt,
      },
      io,
    ),
  );
}

function printDeployResult(result: DeployResult, inputs: StackInputs, context: CommandContext): void {
  switch (result.kind) {
    case 'failed':
      throw deployFailure(result.stackName, result.analysis);
    case 'declined':
      context.output.result({ status: 'declined', stack: result.stackName }, `${result.stackName}: nothing deployed`);
      return;
    case 'no-changes':
    case 'deployed': {
      context.output.success(result.kind === 'no-changes' ? `${result.stackName}: no changes` : `${result.stackName}: ${result.status}`);
      // The local engine serves the site and API on its own URL, not the stack's CloudFront name.
      const localSiteUrl = inputs.target.kind === 'local' ? inputs.target.siteUrl : undefined;
      const text = formatOutputs(result.outputs);
      context.output.result(
        {
          status: result.kind,
          stack: result.stackName,
          stage: inputs.stage,
          siteUrl: result.outputs.SiteUrl,
          apiUrl: result.outputs.ApiUrl,
          outputs: result.outputs,
          changes: result.kind === 'deployed' ? result.changes : [],
          uploads: uploadCount(result.uploads),
          ...(localSiteUrl ? { localSiteUrl } : {}),
        },
        localSiteUrl ? `${text}\nLocal ${localSiteUrl}` : text,
      );
    }
  }
}

/**
 * The failed deploy as one error that leads with the failed resource and CloudFormation's reason, not with the
 * final status alone; the other failures and the final status follow as details.
 */
function deployFailure(stackName: string, analysis: FailureAnalysis): QrcardError {
  const cause = analysis.rootCause;
  const lines = formatFailures(analysis);
  return userError(
    'deploy-failed',
    cause
      ? `deploy of ${stackName} failed at ${cause.logicalId} (${cause.type}): ${cause.reason}`
      : `deploy of ${stackName} failed: ${analysis.finalStatus}`,
    {
      // The root cause is the message; the lines after it are the other failures and the final state.
      details: cause ? lines.slice(1) : lines,
      hint:
        analysis.finalStatus === 'UPDATE_ROLLBACK_COMPLETE'
          ? 'the stack is back to its previous state; fix the cause above and deploy again'
          : 'fix the cause above and deploy again',
    },
  );
}
