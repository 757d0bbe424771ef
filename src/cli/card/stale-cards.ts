// After a deploy that published a new branding: how many cards were drawn with an older one, and the command
// that redraws them. Counting reads the whole table (Select COUNT), so it runs only when the branding changed.
import type { DeployResult } from '../../deploy/deploy-stack.js';
import type { CommandContext } from '../context.js';
import type { StackInputs } from '../stack/stack-inputs.js';

/** The line a deploy prints, or undefined when no card is stale. */
export function staleCardsMessage(count: number, local: boolean): string | undefined {
  if (count === 0) return undefined;
  const cards = count === 1 ? '1 card was' : `${count.toLocaleString('en-US')} cards were`;
  return `the branding changed: ${cards} drawn with an older one; \`qrcard${local ? ' --local' : ''} card regen --stale\` redraws them`;
}

export async function reportStaleCards(result: DeployResult, inputs: StackInputs, context: CommandContext): Promise<void> {
  if (result.kind !== 'deployed' && result.kind !== 'no-changes') return;
  const tableName = result.outputs.UsersTableName;
  if (!result.branding.changed || tableName === undefined) return;
  const { createUsersTable } = await import('../../aws/users-table.js');
  const users = createUsersTable(await (await context.clients()).dynamodb(), tableName);
  const message = staleCardsMessage(await users.count({ staleFor: result.branding.hash }), inputs.target.kind === 'local');
  if (message) context.output.warn(message);
}
