// `qrcard outputs`: the deployed stack's outputs (site URL, API URL, resource names).
import { userError } from '../../core/errors.js';
import { stackInfo } from '../../deploy/stack-info.js';
import type { CommandContext } from '../context.js';
import { formatOutputList, localOutputs } from './report.js';
import { deployIo, stackInputs, withAws } from './stack-inputs.js';

export async function runOutputs(context: CommandContext): Promise<void> {
  const inputs = await stackInputs(context);
  const io = await deployIo(context);
  const info = await withAws(inputs.target, () => stackInfo(inputs.stackName, io));
  if (info.kind === 'missing') {
    throw userError('stack-missing', `stack ${inputs.stackName} is not deployed in region ${inputs.target.region}`, {
      hint: 'run `qrcard deploy` first, or pass --region if it was deployed to another region',
    });
  }
  const outputs = localOutputs(info.outputs, inputs.target.kind === 'local' ? inputs.target.siteUrl : undefined);
  context.output.result(outputs, formatOutputList(outputs));
}
