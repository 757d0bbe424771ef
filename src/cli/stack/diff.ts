// `qrcard diff`: what a deploy would change, from a change set that is deleted again.
import { buildStack, stackTemplate } from '../../deploy/build-stack.js';
import { diff, type DiffResult } from '../../deploy/diff.js';
import { stackInfo } from '../../deploy/stack-info.js';
import type { CommandContext } from '../context.js';
import { renderChangeTable } from './change-table.js';
import { deployIo, stackInputs, withAws } from './stack-inputs.js';

export async function runDiff(context: CommandContext): Promise<void> {
  const inputs = await stackInputs(context);
  const io = await deployIo(context);
  // A stack that does not exist yet is compared with the template alone: no build needed.
  const existing = await withAws(inputs.target, () => stackInfo(inputs.stackName, io));
  const built = existing.kind === 'missing' ? { template: stackTemplate(inputs), artifacts: [] } : await buildStack(inputs, context.output);
  const result = await withAws(inputs.target, () =>
    diff({ stackName: inputs.stackName, template: built.template, artifacts: built.artifacts }, io),
  );
  const table = result.changes.length > 0 ? `\n${renderChangeTable(result.changes)}` : '';
  context.output.result({ status: result.kind, stack: result.stackName, changes: result.changes }, `${diffHeading(result)}${table}`);
}

function diffHeading(result: DiffResult): string {
  switch (result.kind) {
    case 'new-stack':
      return `${result.stackName} does not exist yet: a deploy creates ${result.changes.length} resources`;
    case 'no-changes':
      return `${result.stackName}: no changes`;
    case 'changes':
      return `${result.stackName}: ${result.changes.length} change${result.changes.length === 1 ? '' : 's'}`;
  }
}
