// The engine state a deploy into the local engine leaves in engine.json, whoever runs it: `qrcard dev` itself, its
// watch mode, or `qrcard --local deploy` from another terminal. Deploying while it runs, then ready or failed.
import { errorMessage } from '../core/errors.js';
import type { DeployResult } from '../deploy/deploy-stack.js';
import { formatFailures } from '../deploy/stack-failures.js';
import type { Target } from '../aws/target.js';
import { changeEngineStatus, currentEngineStatus, isProcessAlive, readEngineRecord } from '../local/engine-record.js';
import type { SettledStatus } from '../local/engine-state.js';
import { localStateDir, type CommandContext } from './context.js';

/** Why a failed deploy left the engine not ready: the stack, the final state and the root cause when one is known. */
export function failedDeployReason(result: Extract<DeployResult, { kind: 'failed' }>): string {
  const [first] = formatFailures(result.analysis);
  return `${result.stackName}: deploy failed (${result.analysis.finalStatus})${first ? `: ${first}` : ''}`;
}

/**
 * Where a finished deploy leaves the engine: ready when the stack is deployed or already up to date, failed with
 * the reason when the deploy failed, and as it was (`before`) when the deploy was declined and changed nothing.
 */
export function statusAfterDeploy(result: DeployResult, before: SettledStatus): SettledStatus {
  switch (result.kind) {
    case 'deployed':
    case 'no-changes':
      return { state: 'ready' };
    case 'declined':
      return before;
    case 'failed':
      return { state: 'failed', reason: failedDeployReason(result) };
  }
}

/** The engine state after a deploy that threw before it had a result. */
export function statusAfterDeployError(error: unknown): Extract<SettledStatus, { readonly state: 'failed' }> {
  return { state: 'failed', reason: `deploying into the local engine failed: ${errorMessage(error)}` };
}

/**
 * Runs `deploy` and, when it goes to the running `qrcard dev` engine of the stage (`--local`), keeps that engine's
 * state in step: deploying while it runs, then ready or failed. Any other target is deployed as it is.
 */
export async function deployTrackedLocally(
  target: Target,
  context: CommandContext,
  deploy: () => Promise<DeployResult>,
): Promise<DeployResult> {
  if (target.kind !== 'local' || !context.options.local) return deploy();
  const stateDir = localStateDir(await context.stage());
  const record = await readEngineRecord(stateDir);
  if (record === undefined || record.endpoint !== target.endpoint || !isProcessAlive(record.pid)) return deploy();
  const current = currentEngineStatus(record);
  const before: SettledStatus = current.state === 'failed' ? current : { state: 'ready' };
  const settle = async (status: SettledStatus | { readonly state: 'deploying' }): Promise<boolean> => {
    try {
      return await changeEngineStatus(stateDir, record.pid, status);
    } catch (error) {
      // The engine's own deploy (its start or watch mode) holds the state meanwhile, and settles it itself.
      context.output.debug(`the local engine's state stays as it is: ${errorMessage(error)}`);
      return false;
    }
  };
  if (!(await settle({ state: 'deploying' }))) return deploy();
  let result: DeployResult;
  try {
    result = await deploy();
  } catch (error) {
    await settle(statusAfterDeployError(error));
    throw error;
  }
  await settle(statusAfterDeploy(result, before));
  return result;
}
