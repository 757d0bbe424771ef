// Brings a stack to a state a change set can start from: waits out a running operation and
// clears a first create that rolled back.
import { randomUUID } from 'node:crypto';
import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { userError } from '../core/errors.js';
import type { DeployIo } from './deploy-io.js';
import { followStack } from './stack-events.js';
import { describeStack, stackCondition, stuckStackHint } from './stack-state.js';

export interface PrepareOptions {
  readonly stackName: string;
  /** Wait for an operation already running (true, the default) or stop with a message naming it. */
  readonly waitForRunning?: boolean;
}

/** The change set type the stack now takes. */
export type PreparedStack = { readonly changeSetType: 'CREATE' | 'UPDATE'; readonly status: string | undefined };

/** Settles the stack: CREATE for none (or one left in review or rolled back and now deleted), UPDATE otherwise. */
export async function prepareStack(options: PrepareOptions, io: DeployIo): Promise<PreparedStack> {
  const { stackName } = options;
  for (let round = 0; round < 3; round++) {
    const stack = await describeStack(stackName, io);
    const status = stack?.StackStatus;
    switch (stackCondition(status)) {
      case 'missing':
      case 'review':
        return { changeSetType: 'CREATE', status };
      case 'updatable':
        return { changeSetType: 'UPDATE', status };
      case 'stuck':
        throw userError('stack-stuck', `stack ${stackName} is ${status} and cannot be updated`, {
          hint: stuckStackHint(stackName, status),
        });
      case 'in-progress':
        if (options.waitForRunning === false) {
          throw userError('stack-busy', `stack ${stackName} is ${status}: another operation is running`, {
            hint: 'wait for it to finish (see the CloudFormation console) and deploy again',
          });
        }
        io.output.info(`stack ${stackName} is ${status}; waiting for that operation to finish`);
        await followStack({ stackName: stack?.StackId ?? stackName, since: new Date(), label: `waiting for ${stackName}` }, io);
        break;
      case 'rollback-complete':
        io.output.warn(
          `stack ${stackName} is ROLLBACK_COMPLETE: its first create failed and it cannot be updated; deleting it and creating it again`,
        );
        await deleteStackAndWait({ stackName, stackId: stack?.StackId ?? stackName, label: `deleting ${stackName}` }, io);
        break;
    }
  }
  throw userError('stack-busy', `stack ${stackName} did not settle`, { hint: 'check it in the CloudFormation console and deploy again' });
}

/** Deletes a stack and follows it to DELETE_COMPLETE; a failed delete is an error naming the resources that stayed. */
export async function deleteStackAndWait(
  options: { readonly stackName: string; readonly stackId: string; readonly label: string; readonly retain?: readonly string[] },
  io: DeployIo,
): Promise<{ finalStatus: string }> {
  const since = new Date(Date.now() - 1_000);
  await io.cloudformation.send(
    new DeleteStackCommand({
      StackName: options.stackId,
      ClientRequestToken: `qrcard-${randomUUID()}`,
      ...(options.retain && options.retain.length > 0 ? { RetainResources: [...options.retain] } : {}),
    }),
  );
  const result = await followStack({ stackName: options.stackId, since, label: options.label }, io);
  if (result.finalStatus !== 'DELETE_COMPLETE') {
    const { analyzeFailures, formatFailures } = await import('./stack-failures.js');
    throw userError('stack-delete-failed', `could not delete stack ${options.stackName}`, {
      details: formatFailures(analyzeFailures(result.events, result.finalStatus)),
      hint: 'fix the cause (often a non-empty bucket or a resource in use) and run `qrcard destroy` again',
    });
  }
  return { finalStatus: result.finalStatus };
}
