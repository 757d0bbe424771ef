// Where a stack stands before a deploy: missing, updatable, mid-operation, or stuck; and reading it.
import { DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { isStackMissingError } from './aws-errors.js';
import type { DeployIo } from './deploy-io.js';

export type StackCondition =
  /** No stack: create it. */
  | 'missing'
  /** A change set was made for a new stack but never run (REVIEW_IN_PROGRESS): create again. */
  | 'review'
  /** The first create failed and rolled back: only deletion helps. */
  | 'rollback-complete'
  /** Another operation is running: wait for it. */
  | 'in-progress'
  /** Ready for an update. */
  | 'updatable'
  /** Needs a hand: UPDATE_ROLLBACK_FAILED, ROLLBACK_FAILED, DELETE_FAILED... */
  | 'stuck';

/** Pure: what a deploy can do with a stack in `status` (undefined: no stack). */
export function stackCondition(status: string | undefined): StackCondition {
  if (status === undefined || status === 'DELETE_COMPLETE') return 'missing';
  if (status === 'REVIEW_IN_PROGRESS') return 'review';
  if (status === 'ROLLBACK_COMPLETE') return 'rollback-complete';
  if (status.endsWith('_IN_PROGRESS')) return 'in-progress';
  if (status.endsWith('_FAILED')) return 'stuck';
  return 'updatable';
}

/** The hint for a stack CloudFormation will not update. */
export function stuckStackHint(stackName: string, status: string | undefined): string {
  if (status === 'UPDATE_ROLLBACK_FAILED') {
    return `fix the cause, then run \`aws cloudformation continue-update-rollback --stack-name ${stackName}\` and deploy again`;
  }
  return `delete it with \`qrcard destroy\` (or the CloudFormation console) and deploy again`;
}

/** The stack named `stackName` (or its id), or undefined when CloudFormation has none. */
export async function describeStack(stackName: string, io: Pick<DeployIo, 'cloudformation'>): Promise<Stack | undefined> {
  try {
    const result = await io.cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    return result.Stacks?.[0];
  } catch (error) {
    if (isStackMissingError(error)) return undefined;
    throw error;
  }
}

/** The stack's outputs as a plain record. */
export function stackOutputs(stack: Pick<Stack, 'Outputs'> | undefined): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const output of stack?.Outputs ?? []) {
    if (output.OutputKey !== undefined && output.OutputValue !== undefined) outputs[output.OutputKey] = output.OutputValue;
  }
  return outputs;
}
