// `qrcard card regen ID --type T` and `qrcard card regen --all | --status S | --stale [--type T]`: card
// requests for the records named, a summary, and with --wait the cards' outcome.
import { ExitCode, userError } from '../../core/errors.js';
import type { UserRecord } from '../../core/record.js';
import type { ScanOptions } from '../../aws/users-table.js';
import type { RegenSummary, WaitOutcome } from '../../import/regen-cards.js';
import type { CommandContext } from '../context.js';
import { userServices } from '../user/user-services.js';

export interface CardRegenFlags {
  readonly type?: string;
  readonly all?: boolean;
  readonly status?: string;
  readonly stale?: boolean;
  readonly dryRun?: boolean;
  readonly wait?: boolean;
  /** Seconds --wait waits at most. Default 600. */
  readonly timeout: string;
}

export type RegenTarget =
  | { readonly kind: 'one'; readonly userId: string; readonly type: string }
  | { readonly kind: 'many'; readonly type?: string; readonly status?: 'pending' | 'failed'; readonly stale: boolean };

const REGEN_STATUSES = ['pending', 'failed'] as const;
/** Off a terminal, a progress line at most this often. */
const PLAIN_PROGRESS_MS = 5_000;

/** Which cards the flags name, or the usage error that says what is wrong with them. */
export function regenTarget(userId: string | undefined, flags: Pick<CardRegenFlags, 'type' | 'all' | 'status' | 'stale'>): RegenTarget {
  const selectors = [flags.all && '--all', flags.status !== undefined && '--status', flags.stale && '--stale'].filter(
    (flag): flag is string => typeof flag === 'string',
  );
  if (userId !== undefined) {
    if (selectors.length > 0) throw userError('usage', `give a user id or ${selectors.join(', ')}, not both`);
    if (flags.type === undefined) throw userError('usage', `which card of "${userId}"? give --type`);
    return { kind: 'one', userId, type: flags.type };
  }
  if (selectors.length === 0) {
    throw userError('usage', 'say which cards to draw again: an ID with --type, or --all, --status pending|failed or --stale', {
      hint: '--dry-run counts them first',
    });
  }
  if (selectors.length > 1) throw userError('usage', `${selectors.join(' and ')} cannot be used together`);
  const status = flags.status;
  if (status !== undefined && !(REGEN_STATUSES as readonly string[]).includes(status)) {
    throw userError('usage', `--status must be pending or failed, not "${status}"`, {
      hint: 'ready cards are redrawn with --all or --stale',
    });
  }
  return {
    kind: 'many',
    ...(flags.type === undefined ? {} : { type: flags.type }),
    ...(status === undefined ? {} : { status: status as 'pending' | 'failed' }),
    stale: flags.stale === true,
  };
}

/** The summary line, e.g. "1,200 cards matched: 1,198 requested, 2 redrawn meanwhile". */
export function regenSummaryText(summary: RegenSummary, wait?: WaitOutcome): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const noun = summary.matched === 1 ? 'card' : 'cards';
  if (summary.dryRun) return `${count(summary.matched)} ${noun} would be requested`;
  const parts = [`${count(summary.requested)} requested`];
  if (summary.changed > 0) parts.push(`${count(summary.changed)} drawn by another render meanwhile, left as they are`);
  if (summary.notSent > 0) parts.push(`${count(summary.notSent)} refused by SNS (left pending)`);
  const line = `${count(summary.matched)} ${noun} matched: ${parts.join(', ')}`;
  if (!wait) return line;
  const outcome = [`${count(wait.ready)} ready`, `${count(wait.failed.length)} failed`];
  if (wait.pending.length > 0) outcome.push(`${count(wait.pending.length)} still pending`);
  if (wait.gone > 0) outcome.push(`${count(wait.gone)} removed`);
  return `${line}; ${outcome.join(', ')}`;
}

/** 0 when every request went out (and with --wait every card is ready); 3 when some did not or some cards failed. */
export function regenExitCode(summary: RegenSummary, wait?: WaitOutcome): ExitCode {
  const incomplete = summary.notSent > 0 || (wait !== undefined && (wait.failed.length > 0 || wait.pending.length > 0));
  return incomplete ? ExitCode.partial : ExitCode.ok;
}

function timeoutMs(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw userError('usage', `--timeout must be a number of seconds above 0, not "${value}"`);
  return seconds * 1000;
}

export async function runCardRegen(userId: string | undefined, flags: CardRegenFlags, context: CommandContext): Promise<void> {
  const target = regenTarget(userId, flags);
  const waitMs = timeoutMs(flags.timeout);
  const services = await userServices(context);
  const local = services.target.kind === 'local';
  const users = await services.users();
  const selection: ScanOptions =
    target.kind === 'one'
      ? {}
      : {
          ...(target.type === undefined ? {} : { type: target.type }),
          ...(target.status === undefined ? {} : { status: target.status }),
          ...(target.stale ? { staleFor: await (await import('./deployed-branding.js')).deployedBrandingHash(context) } : {}),
        };
  let records: UserRecord[] | undefined;
  if (target.kind === 'one') {
    const record = await services.aws(() => users.get(target.userId, target.type));
    if (!record) throw userError('user-not-found', `user "${target.userId}" has no card of type "${target.type}"`);
    records = [record];
  }
  const { regenCards, waitForCards } = await import('../../import/regen-cards.js');
  const { createUsersBatch } = await import('../../aws/users-batch.js');
  const usersBatch = createUsersBatch(await (await context.clients()).dynamodb(), services.resources.tableName);
  const progress = await context.output.progress(flags.dryRun ? 'counting cards' : 'requesting cards');
  let lastLine = 0;
  const showProgress = (text: string) => {
    if (!context.output.live && Date.now() - lastLine < PLAIN_PROGRESS_MS) return;
    lastLine = Date.now();
    progress.update(text);
  };
  let summary: RegenSummary;
  try {
    summary = await services.aws(async () =>
      regenCards(
        {
          selection,
          ...(records ? { records } : {}),
          dryRun: flags.dryRun === true,
          correlationPrefix: `regen-${Date.now().toString(36)}`,
        },
        {
          users,
          usersBatch,
          cardRequests: await services.cardRequests(),
          progress: (state) => showProgress(`requesting cards: ${state.requested} requested of ${state.read} read`),
        },
      ),
    );
  } catch (error) {
    progress.fail('card requests failed');
    throw error;
  }
  let wait: WaitOutcome | undefined;
  if (flags.wait && !summary.dryRun && summary.requestedKeys.length > 0) {
    progress.update(`waiting for ${summary.requestedKeys.length} card${summary.requestedKeys.length === 1 ? '' : 's'}`);
    wait = await services.aws(() =>
      waitForCards(summary.requestedKeys, usersBatch, { timeoutMs: waitMs }, (left) =>
        showProgress(`waiting: ${left} cards still pending`),
      ),
    );
  }
  const line = regenSummaryText(summary, wait);
  const exitCode = regenExitCode(summary, wait);
  if (exitCode === ExitCode.ok) progress.succeed(line);
  else progress.warn(line);
  const cli = `qrcard${local ? ' --local' : ''}`;
  if (summary.notSent > 0) context.output.warn(`to send the refused requests again: ${cli} card regen --status pending`);
  if (wait && wait.failed.length > 0) {
    const first = wait.failed[0];
    context.output.warn(
      `${wait.failed.length} card(s) failed, e.g. ${first?.user_id} (${first?.type}): ${first?.card_error ?? 'no reason recorded'}; ` +
        `\`${cli} user list --status failed\` lists them, the render function's logs have each error`,
    );
  }
  if (wait && wait.pending.length > 0) context.output.warn(`${wait.pending.length} card(s) were still pending after ${flags.timeout} s`);
  const { requestedKeys: _keys, ...counts } = summary;
  context.output.result(
    { ...counts, ...(wait ? { ready: wait.ready, failed: wait.failed.length, pending: wait.pending.length, removed: wait.gone } : {}) },
    '',
  );
  process.exitCode = exitCode;
}
