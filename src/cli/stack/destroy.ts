// `qrcard destroy`: empty the stack's buckets and delete it, saying what is kept.
import { destroy } from '../../deploy/destroy.js';
import type { CommandContext } from '../context.js';
import { formatDestroy } from './report.js';
import { deployIo, stackInputs, withAws } from './stack-inputs.js';

export interface DestroyFlags {
  /** Also delete the qrcard-bootstrap stack and its artifacts bucket. */
  readonly bootstrap?: boolean;
}

export async function runDestroy(flags: DestroyFlags, context: CommandContext): Promise<void> {
  const inputs = await stackInputs(context);
  const io = await deployIo(context);
  const result = await withAws(inputs.target, () =>
    destroy(
      { stackName: inputs.stackName, bootstrap: flags.bootstrap ?? false, yes: context.options.yes, canPrompt: context.canPrompt },
      io,
    ),
  );
  context.output.result(result, formatDestroy(result));
}
