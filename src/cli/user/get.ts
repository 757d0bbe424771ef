// `qrcard user get ID [--type T]`: one card's record, or every card of one person.
import { userError } from '../../core/errors.js';
import type { CommandContext } from '../context.js';
import { formatRecord } from './record-text.js';
import { userServices } from './user-services.js';

export interface UserGetFlags {
  readonly type?: string;
}

export async function runUserGet(userId: string, flags: UserGetFlags, context: CommandContext): Promise<void> {
  const services = await userServices(context);
  const users = await services.users();
  if (flags.type !== undefined) {
    const type = flags.type;
    const record = await services.aws(() => users.get(userId, type));
    if (!record) {
      throw userError('user-not-found', `user "${userId}" has no card of type "${type}"`, {
        hint: `\`qrcard user get ${userId}\` lists every card of theirs`,
      });
    }
    context.output.result(record, formatRecord(record));
    return;
  }
  const records = await services.aws(() => users.listForUser(userId));
  if (records.length === 0) {
    throw userError('user-not-found', `no user "${userId}"`, { hint: '`qrcard user list` shows who is registered' });
  }
  context.output.result(records, records.map(formatRecord).join('\n\n'));
}
