// `qrcard user rm ID --type T`: deletes one card's record and its image, after a confirmation.
import { QrcardError, errorMessage, userError } from '../../core/errors.js';
import { cardKey } from '../../core/record.js';
import type { CommandContext } from '../context.js';
import { formatRecord } from './record-text.js';
import { userServices } from './user-services.js';

export interface UserRmFlags {
  readonly type: string;
}

async function confirmRemoval(message: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  try {
    return await confirm({ message, default: false }, { output: process.stderr });
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') return false;
    throw error;
  }
}

export async function runUserRm(userId: string, flags: UserRmFlags, context: CommandContext): Promise<void> {
  const { type } = flags;
  const { yes } = context.options;
  if (!yes && !context.canPrompt) {
    throw userError('usage', `removing ${userId} (${type}) needs a confirmation, and there is no terminal to ask on`, {
      hint: 'pass --yes to remove without asking',
    });
  }
  const services = await userServices(context);
  const users = await services.users();
  const record = await services.aws(() => users.get(userId, type));
  if (!record) throw userError('user-not-found', `user "${userId}" has no card of type "${type}"`);
  if (!yes) {
    context.output.info(formatRecord(record));
    if (!(await confirmRemoval(`Remove ${userId} (${type}) and the image of the card?`))) {
      context.output.info('nothing removed');
      return;
    }
  }
  const removed = await services.aws(() => users.remove(record));
  if (removed.kind === 'missing') throw userError('user-not-found', `user "${userId}" has no card of type "${type}" (removed meanwhile)`);
  const bucket = await services.cardsBucket();
  const image = removed.record.card_key ?? cardKey(userId, type);
  try {
    await services.aws(() => bucket.deleteCard(image));
  } catch (error) {
    throw new QrcardError('card-image-left', `removed the record of ${userId} (${type}), but not its card image: ${errorMessage(error)}`, {
      hint: `delete s3://${bucket.bucketName}/${image} by hand`,
      cause: error,
    });
  }
  context.output.result(
    { removed: { user_id: userId, type }, card: { bucket: bucket.bucketName, key: image } },
    `removed ${userId} (${type}) and s3://${bucket.bucketName}/${image}`,
  );
}
