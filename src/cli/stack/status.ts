// `qrcard status`: the stack's state, last update, drift and outputs.
import { stackInfo } from '../../deploy/stack-info.js';
import type { CommandContext } from '../context.js';
import { formatStackInfo, localOutputs } from './report.js';
import { deployIo, stackInputs, withAws } from './stack-inputs.js';

export async function runStatus(context: CommandContext): Promise<void> {
  const inputs = await stackInputs(context);
  const io = await deployIo(context);
  const found = await withAws(inputs.target, () => stackInfo(inputs.stackName, io));
  const siteUrl = inputs.target.kind === 'local' ? inputs.target.siteUrl : undefined;
  const info = found.kind === 'missing' ? found : { ...found, outputs: localOutputs(found.outputs, siteUrl) };
  context.output.result(info, formatStackInfo(info));
  if (info.kind === 'missing')
    context.output.info(`(looked in region ${inputs.target.region}; pass --region if it was deployed elsewhere)`);
}
