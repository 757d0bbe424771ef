// `qrcard user add`: one registration through the same write path as the API (a conditional put, then a
// card request), with prompts on a terminal for what the flags leave out, and optionally waiting for the card.
import { randomUUID } from 'node:crypto';
import { ExitCode, QrcardError, errorMessage, userError } from '../../core/errors.js';
import { cardKey, describeIssues, parseRegistration, type Registration, type UserRecord } from '../../core/record.js';
import { missingRequiredFields, registrationInput, type RegistrationField } from '../../core/registration-fields.js';
import type { CommandContext } from '../context.js';
import { formatRecord } from './record-text.js';
import { registrationRules, userServices, type UserServices } from './user-services.js';
import { waitForCard } from './wait-for-card.js';

export interface UserAddFlags {
  readonly id?: string;
  readonly type?: string;
  readonly name?: string;
  readonly company?: string;
  readonly title?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly wait?: boolean;
  /** Seconds --wait waits for the card; default 60. */
  readonly waitTimeout: string;
}

const FLAG_OF: Record<RegistrationField, string> = {
  user_id: '--id',
  type: '--type',
  name: '--name',
  company: '--company',
  title: '--title',
  phone: '--phone',
  email: '--email',
};

export async function runUserAdd(flags: UserAddFlags, context: CommandContext): Promise<void> {
  const timeoutMs = waitTimeoutMs(flags);
  const registration = await gatherRegistration(flags, context);
  const services = await userServices(context);
  const users = await services.users();
  const stored = await services.aws(() => users.putNew(registration));
  if (stored.kind === 'exists') {
    throw userError('user-exists', `user "${registration.user_id}" already has a card of type "${registration.type}"`, {
      hint: `see it with \`qrcard user get ${registration.user_id} --type ${registration.type}\`; to replace it, \`qrcard user rm\` it first`,
    });
  }
  await requestCard(stored.record, services, context);
  if (!flags.wait) {
    context.output.result(stored.record, formatRecord(stored.record));
    context.output.success(`added ${registration.user_id} (${registration.type}); card requested`);
    return;
  }
  await waitAndReport(stored.record, services, context, timeoutMs);
}

function waitTimeoutMs(flags: UserAddFlags): number {
  const seconds = Number(flags.waitTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw userError('usage', `--wait-timeout must be a number of seconds above 0, not "${flags.waitTimeout}"`);
  }
  return seconds * 1000;
}

/** The flags as a registration; on a terminal, asks for what is missing or invalid, else names it as a usage error. */
async function gatherRegistration(flags: UserAddFlags, context: CommandContext): Promise<Registration> {
  const rules = await registrationRules(context);
  let input = registrationInput({
    user_id: flags.id,
    type: flags.type,
    name: flags.name,
    company: flags.company,
    title: flags.title,
    phone: flags.phone,
    email: flags.email,
  });
  const missing = missingRequiredFields(input);
  if (missing.length > 0 && !context.canPrompt) {
    throw userError('usage', `missing ${missing.map((field) => FLAG_OF[field]).join(', ')}`, {
      hint: 'give every required field as a flag (--id, --type, --name, --phone), or run on a terminal to be asked',
    });
  }
  let parsed = parseRegistration(input, rules);
  if (!parsed.ok && context.canPrompt) {
    const invalid = parsed.issues.map((issue) => issue.field).filter((field): field is RegistrationField => field in FLAG_OF);
    const toAsk = [...new Set<RegistrationField>([...missing, ...invalid])];
    input = { ...input, ...(await (await import('./registration-prompts.js')).askFields(toAsk, rules, input)) };
    parsed = parseRegistration(input, rules);
  }
  if (!parsed.ok) {
    throw userError('usage', `cannot add the user: ${parsed.issues.length} problem(s)`, {
      details: describeIssues(parsed.issues),
    });
  }
  return parsed.value;
}

/** The card request after the record is stored; if it cannot be sent, the record stays and the operator is told how to redo it. */
async function requestCard(record: UserRecord, services: UserServices, context: CommandContext): Promise<void> {
  try {
    const cardRequests = await services.cardRequests();
    await cardRequests.publish({ user_id: record.user_id, type: record.type, reason: 'created', correlation_id: randomUUID() });
  } catch (error) {
    if (!context.output.json) context.output.result(record, formatRecord(record));
    throw new QrcardError(
      'card-request-failed',
      `added ${record.user_id} (${record.type}), but its card request was not sent: ${errorMessage(error)}; the record stays pending`,
      {
        exitCode: ExitCode.partial,
        hint: `to have its card made, remove it (\`qrcard user rm ${record.user_id} --type ${record.type} --yes\`) and add it again`,
        cause: error,
      },
    );
  }
}

async function waitAndReport(record: UserRecord, services: UserServices, context: CommandContext, timeoutMs: number): Promise<void> {
  const progress = await context.output.progress(`added ${record.user_id} (${record.type}); waiting for its card`);
  const users = await services.users();
  const outcome = await services.aws(() => waitForCard(users, record, { timeoutMs }));
  switch (outcome.kind) {
    case 'ready': {
      progress.succeed(`card of ${record.user_id} (${record.type}) is ready`);
      const bucket = await services.cardsBucket();
      const key = outcome.record.card_key ?? cardKey(record.user_id, record.type);
      const url = await bucket.cardUrl(key);
      const location = `s3://${bucket.bucketName}/${key}`;
      context.output.result(
        { record: outcome.record, card: { bucket: bucket.bucketName, key, url } },
        `${formatRecord(outcome.record)}\n\ncard  ${location}\nurl   ${url}`,
      );
      return;
    }
    case 'failed':
      progress.fail(`card of ${record.user_id} (${record.type}) failed`);
      throw userError(
        'card-failed',
        `added ${record.user_id} (${record.type}), but its card failed: ${outcome.record.card_error ?? 'no reason'}`,
        {
          hint: 'the render-card logs say more; fix the cause, then remove the user and add it again',
        },
      );
    case 'timeout':
      progress.fail(`no card for ${record.user_id} (${record.type}) after ${timeoutMs / 1000} s`);
      throw userError(
        'card-timeout',
        `added ${record.user_id} (${record.type}), but its card was still pending after ${timeoutMs / 1000} s`,
        {
          hint: `check later with \`qrcard user get ${record.user_id} --type ${record.type}\`, or wait longer with --wait-timeout`,
        },
      );
    case 'missing':
      progress.fail(`${record.user_id} (${record.type}) was removed while waiting`);
      throw userError('user-not-found', `user "${record.user_id}" (${record.type}) was removed while waiting for its card`);
  }
}
