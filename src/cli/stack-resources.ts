// The resources of a stage's deployed stack that the operator commands work on, read from its outputs
// (with --local, from the engine's stack): the same names the handlers get in their environment.
import { userError } from '../core/errors.js';
import type { OutputName } from '../templates/outputs.js';
import { stackInfo } from '../deploy/stack-info.js';
import type { CommandContext } from './context.js';
import { stackInputs, withAws } from './stack/stack-inputs.js';

export interface StackResources {
  readonly stackName: string;
  readonly tableName: string;
  readonly topicArn: string;
  readonly cardsBucket: string;
}

const NEEDED = {
  tableName: 'UsersTableName',
  topicArn: 'CardRequestsTopicArn',
  cardsBucket: 'CardsBucketName',
} as const satisfies Record<string, OutputName>;

/** Reads the stack's outputs once; a stack that is missing or lacks an output is the operator's to fix. */
export async function stackResources(context: CommandContext): Promise<StackResources> {
  const inputs = await stackInputs(context);
  const cloudformation = await (await context.clients()).cloudformation();
  const info = await withAws(inputs.target, () => stackInfo(inputs.stackName, { cloudformation }));
  const deployHint = inputs.target.kind === 'local' ? 'run `qrcard --local deploy` (or restart `qrcard dev`)' : 'run `qrcard deploy` first';
  if (info.kind === 'missing') {
    throw userError('stack-missing', `stack ${inputs.stackName} is not deployed in region ${inputs.target.region}`, {
      hint: `${deployHint}, or pass --stage/--region if it lives elsewhere`,
    });
  }
  const missing = Object.values(NEEDED).filter((name) => info.outputs[name] === undefined);
  if (missing.length > 0) {
    throw userError('stack-outdated', `stack ${inputs.stackName} has no output ${missing.join(', ')}`, {
      hint: `${deployHint} to bring it up to date`,
    });
  }
  const output = (name: OutputName) => info.outputs[name] as string;
  return {
    stackName: inputs.stackName,
    tableName: output(NEEDED.tableName),
    topicArn: output(NEEDED.topicArn),
    cardsBucket: output(NEEDED.cardsBucket),
  };
}
