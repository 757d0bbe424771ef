// `qrcard status` and `qrcard outputs`: the stack's state, last change, outputs and drift, as a value.
import type { DeployIo } from './deploy-io.js';
import { describeStack, stackOutputs } from './stack-state.js';

export type StackInfo =
  | { readonly kind: 'missing'; readonly stackName: string }
  | {
      readonly kind: 'found';
      readonly stackName: string;
      readonly stackId: string;
      readonly status: string;
      readonly statusReason?: string;
      /** ISO time of the last update, else of the creation. */
      readonly lastUpdated?: string;
      readonly outputs: Record<string, string>;
      /** DRIFTED, IN_SYNC, NOT_CHECKED or UNKNOWN, when CloudFormation reports it. */
      readonly drift?: { readonly status: string; readonly lastChecked?: string };
    };

export async function stackInfo(stackName: string, io: Pick<DeployIo, 'cloudformation'>): Promise<StackInfo> {
  const stack = await describeStack(stackName, io);
  if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return { kind: 'missing', stackName };
  const lastUpdated = stack.LastUpdatedTime ?? stack.CreationTime;
  const drift = stack.DriftInformation?.StackDriftStatus;
  const driftChecked = stack.DriftInformation?.LastCheckTimestamp;
  return {
    kind: 'found',
    stackName,
    stackId: stack.StackId ?? stackName,
    status: stack.StackStatus ?? 'UNKNOWN',
    ...(stack.StackStatusReason ? { statusReason: stack.StackStatusReason } : {}),
    ...(lastUpdated ? { lastUpdated: lastUpdated.toISOString() } : {}),
    outputs: stackOutputs(stack),
    ...(drift ? { drift: { status: drift, ...(driftChecked ? { lastChecked: driftChecked.toISOString() } : {}) } } : {}),
  };
}
