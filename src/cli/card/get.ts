// `qrcard card get ID [--type T] [-o file.png | -o -]`: the stored card image, or why there is none yet.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { userError } from '../../core/errors.js';
import { cardKey, type UserRecord } from '../../core/record.js';
import type { CommandContext } from '../context.js';
import { userServices, type UserServices } from '../user/user-services.js';

export interface CardGetFlags {
  readonly type?: string;
  /** A file, or "-" for stdout. Default `<id>-<type>.png` here. */
  readonly output?: string;
}

/** `<id>-<type>.png`: ids and types are file-name safe (letters, digits, . _ @ -). */
export function defaultCardFile(userId: string, type: string): string {
  return `${userId}-${type}.png`;
}

/** Why a record has no card to fetch, as the error to show; undefined when its card is ready. */
export function cardNotReady(record: UserRecord, local: boolean): Error | undefined {
  const regen = `qrcard${local ? ' --local' : ''} card regen ${record.user_id} --type ${record.type}`;
  if (record.card_status === 'pending') {
    return userError(
      'card-pending',
      `the ${record.type} card of "${record.user_id}" is still being drawn (pending since ${record.updated_at})`,
      {
        hint: `try again in a moment; if it stays pending, \`${regen}\` asks for it again`,
      },
    );
  }
  if (record.card_status === 'failed') {
    return userError(
      'card-failed',
      `the ${record.type} card of "${record.user_id}" could not be drawn: ${record.card_error ?? 'no reason recorded'}`,
      {
        hint: `fix the cause, then \`${regen}\` (the render function's logs have the whole error)`,
      },
    );
  }
  return undefined;
}

async function findRecord(services: UserServices, userId: string, type: string | undefined): Promise<UserRecord> {
  const users = await services.users();
  if (type !== undefined) {
    const record = await services.aws(() => users.get(userId, type));
    if (!record)
      throw userError('user-not-found', `user "${userId}" has no card of type "${type}"`, {
        hint: `\`qrcard user get ${userId}\` lists their cards`,
      });
    return record;
  }
  const records = await services.aws(() => users.listForUser(userId));
  const [only] = records;
  if (only === undefined) throw userError('user-not-found', `no user "${userId}"`, { hint: '`qrcard user list` shows who is registered' });
  if (records.length > 1) {
    throw userError('usage', `"${userId}" has ${records.length} cards: ${records.map((record) => record.type).join(', ')}`, {
      hint: 'choose one with --type',
    });
  }
  return only;
}

export async function runCardGet(userId: string, flags: CardGetFlags, context: CommandContext): Promise<void> {
  const toStdout = flags.output === '-';
  if (toStdout && process.stdout.isTTY) {
    throw userError('usage', 'refusing to write a PNG to the terminal', { hint: 'redirect it (-o - > card.png) or name a file with -o' });
  }
  const services = await userServices(context);
  const record = await findRecord(services, userId, flags.type);
  const notReady = cardNotReady(record, services.target.kind === 'local');
  if (notReady) throw notReady;
  const key = record.card_key ?? cardKey(record.user_id, record.type);
  const bucket = await services.cardsBucket();
  const png = await services.aws(() => bucket.getCard(key));
  if (png === undefined) {
    throw userError('card-missing', `the record says the card is ready, but s3://${bucket.bucketName}/${key} is not there`, {
      hint: `\`qrcard card regen ${record.user_id} --type ${record.type}\` draws it again`,
    });
  }
  if (toStdout) {
    await new Promise<void>((resolve, reject) => process.stdout.write(png, (error) => (error ? reject(error) : resolve())));
    return;
  }
  const file = path.resolve(flags.output ?? defaultCardFile(record.user_id, record.type));
  await writeFile(file, png);
  context.output.result(
    { file, bytes: png.length, user_id: record.user_id, type: record.type, card_version: record.card_version },
    `wrote ${file} (${Math.round(png.length / 1024)} KB, version ${record.card_version})`,
  );
}
