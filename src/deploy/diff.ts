// `qrcard diff`: what a deploy would change, from a change set that is deleted again; nothing is executed.
import { userError } from '../core/errors.js';
import { PARAMETERS } from '../templates/logical-ids.js';
import { findArtifactsBucket } from './bootstrap.js';
import { describeChanges, templateAdds, type ChangeRow } from './change-plan.js';
import { createChangeSet, TEMPLATE_BODY_LIMIT } from './change-set.js';
import { discardChangeSet } from './deploy-stack.js';
import type { DeployIo } from './deploy-io.js';
import type { CloudFormationTemplate } from '../templates/cfn-types.js';
import { artifactParameters, type Artifact } from './publish-artifacts.js';
import { describeStack, stackCondition, stuckStackHint } from './stack-state.js';

/** The change set used for previews; distinct from a deploy's, so a diff never disturbs one. */
export const DIFF_CHANGE_SET_NAME = 'qrcard-diff';

export interface DiffOptions {
  readonly stackName: string;
  readonly template: CloudFormationTemplate;
  readonly artifacts: readonly Artifact[];
}

export type DiffResult =
  /** No stack yet (or one a deploy will recreate): every resource is an Add. */
  | { readonly kind: 'new-stack'; readonly stackName: string; readonly changes: readonly ChangeRow[] }
  | { readonly kind: 'no-changes'; readonly stackName: string; readonly changes: readonly ChangeRow[] }
  | { readonly kind: 'changes'; readonly stackName: string; readonly changes: readonly ChangeRow[] };

export async function diff(options: DiffOptions, io: DeployIo): Promise<DiffResult> {
  const { stackName } = options;
  const stack = await describeStack(stackName, io);
  const status = stack?.StackStatus;
  const condition = stackCondition(status);
  if (condition === 'missing' || condition === 'review' || condition === 'rollback-complete') {
    return { kind: 'new-stack', stackName, changes: templateAdds(options.template) };
  }
  if (condition === 'in-progress') {
    throw userError('stack-busy', `stack ${stackName} is ${status}: another operation is running`, {
      hint: 'run `qrcard diff` again when it has finished',
    });
  }
  if (condition === 'stuck') throw userError('stack-stuck', `stack ${stackName} is ${status}`, { hint: stuckStackHint(stackName, status) });

  const currentBucket = stack?.Parameters?.find((parameter) => parameter.ParameterKey === PARAMETERS.artifactsBucket)?.ParameterValue;
  const currentBrandingHash = stack?.Parameters?.find((parameter) => parameter.ParameterKey === PARAMETERS.brandingHash)?.ParameterValue;
  const bucket = (await findArtifactsBucket(io)) ?? currentBucket ?? '';
  const body = JSON.stringify(options.template);
  if (Buffer.byteLength(body) > TEMPLATE_BODY_LIMIT) {
    throw userError('template-too-large', `the template is ${Buffer.byteLength(body)} bytes, over CloudFormation's inline limit`, {
      hint: 'run `qrcard deploy`; it uploads large templates first',
    });
  }
  const outcome = await createChangeSet(
    {
      stackName,
      type: 'UPDATE',
      template: { body },
      // The branding is published after the stack, not part of it: the current value keeps it out of the preview.
      parameters: {
        ...artifactParameters(bucket, options.artifacts),
        ...(PARAMETERS.brandingHash in options.template.Parameters && currentBrandingHash !== undefined
          ? { [PARAMETERS.brandingHash]: currentBrandingHash }
          : {}),
      },
      changeSetName: DIFF_CHANGE_SET_NAME,
      description: 'qrcard diff preview',
    },
    io,
  );
  if (outcome.kind === 'no-changes') return { kind: 'no-changes', stackName, changes: [] };
  await discardChangeSet(stackName, outcome.changeSetName, 'UPDATE', io);
  return { kind: 'changes', stackName, changes: describeChanges(outcome.changes) };
}
