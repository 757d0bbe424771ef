// `card regen`: stream the records a selection names, mark them pending again 100 to a transaction (each only if
// no render finished since it was read), and send their card requests in PublishBatch calls with the importer's
// retry, each hundred as soon as it is marked.
import { publishWithRetry, PUBLISH_BATCH_SIZE, type CardRequest, type CardRequests, type RetryOptions } from '../aws/card-requests.js';
import { TRANSACT_WRITE_SIZE, type CardState, type UsersBatch } from '../aws/users-batch.js';
import type { ScanOptions, UsersTable } from '../aws/users-table.js';
import { createBackoff } from '../core/backoff.js';
import type { UserRecord } from '../core/record.js';
import type { UserKey } from '../core/users-table-key.js';
import { runPool, slices } from './pool.js';

export interface RegenOptions {
  /** Which records: the scan's filters (type, status, staleFor); none means every record. */
  readonly selection: ScanOptions;
  /** These records instead of a scan (one card asked for by key). */
  readonly records?: readonly UserRecord[];
  /** Count what would be requested, change nothing. Default false. */
  readonly dryRun?: boolean;
  /** Each request's correlation id is this, a dash and its position. */
  readonly correlationPrefix: string;
  /** Hundreds of records in flight at once, each one transaction of marks and then its PublishBatch calls. Default 4. */
  readonly concurrency?: number;
}

export interface RegenIo {
  readonly users: Pick<UsersTable, 'scan' | 'count'>;
  readonly usersBatch: Pick<UsersBatch, 'markPendingIfUnchanged'>;
  readonly cardRequests: Pick<CardRequests, 'publishBatch'>;
  readonly retry?: RetryOptions;
  readonly progress?: (progress: RegenProgress) => void;
}

export interface RegenProgress {
  readonly read: number;
  readonly requested: number;
}

export interface RegenSummary {
  readonly dryRun: boolean;
  /** Records the selection matched when they were read. */
  readonly matched: number;
  /** Card requests SNS accepted. */
  readonly requested: number;
  /** Records a render finished on (or that went) between reading and marking: left as they are. */
  readonly changed: number;
  /** Marked pending but refused by SNS after every retry: they stay pending until asked again. */
  readonly notSent: number;
  /** The keys whose requests were sent, for waiting on them. */
  readonly requestedKeys: readonly UserKey[];
}

/** Marks and requests every record of the selection, a page at a time; a dry run only counts them. */
export async function regenCards(options: RegenOptions, io: RegenIo): Promise<RegenSummary> {
  if (options.dryRun) {
    const matched = options.records?.length ?? (await io.users.count(options.selection));
    return { dryRun: true, matched, requested: 0, changed: 0, notSent: 0, requestedKeys: [] };
  }
  const concurrency = options.concurrency ?? 4;
  let matched = 0;
  const totals = { changed: 0, notSent: 0 };
  const requestedKeys: UserKey[] = [];
  const pages = options.records ? [options.records] : io.users.scan(options.selection);
  for await (const page of pages) {
    const first = matched;
    matched += page.length;
    const hundreds = slices(page, TRANSACT_WRITE_SIZE).map((records, index) => ({
      records,
      position: first + index * TRANSACT_WRITE_SIZE,
    }));
    const sent = await runPool(hundreds, concurrency, ({ records, position }) => markAndRequest(records, position, options, io, totals));
    requestedKeys.push(...sent.flat());
    io.progress?.({ read: matched, requested: requestedKeys.length });
  }
  return { dryRun: false, matched, requested: requestedKeys.length, ...totals, requestedKeys };
}

/**
 * Marks `records` pending in one transaction and requests the cards of those marked, numbering the requests from
 * `position`; counts the changed and refused ones into `totals` and returns the keys whose requests were sent.
 */
async function markAndRequest(
  records: readonly UserRecord[],
  position: number,
  options: RegenOptions,
  io: RegenIo,
  totals: { changed: number; notSent: number },
): Promise<UserKey[]> {
  const marked = await io.usersBatch.markPendingIfUnchanged(records);
  const requests = records.flatMap((record, index) =>
    marked[index] === 'pending' ? [cardRequest(record, `${options.correlationPrefix}-${position + index}`)] : [],
  );
  totals.changed += records.length - requests.length;
  const refused = new Set<CardRequest>();
  for (const batch of slices(requests, PUBLISH_BATCH_SIZE)) {
    for (const failure of (await publishWithRetry(io.cardRequests, batch, io.retry)).failed) refused.add(failure.request);
  }
  totals.notSent += refused.size;
  return requests.filter((request) => !refused.has(request)).map(({ user_id, type }) => ({ user_id, type }));
}

function cardRequest(record: UserRecord, correlationId: string): CardRequest {
  return { user_id: record.user_id, type: record.type, reason: 'regen', correlation_id: correlationId };
}

export interface WaitOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** First pause between rounds of reads, growing 1.5 times each round up to 5 s. Default 250. */
  readonly initialDelayMs?: number;
}

export interface WaitOutcome {
  readonly ready: number;
  readonly failed: readonly CardState[];
  /** Still pending at the deadline. */
  readonly pending: readonly UserKey[];
  /** Removed while waiting. */
  readonly gone: number;
}

/** Keys read per round: one BatchGetItem. */
const WAIT_WINDOW = 100;

/**
 * Reads the cards' states by key (BatchGetItem) until none is pending or the time is up. Cards are drawn about
 * in the order they were requested, so the oldest 100 still outstanding are read together only once the last of
 * them is no longer pending, which is asked of that one key alone, with pauses (from `initialDelayMs`, growing to
 * 5 s, back to the start whenever cards settled) while it is: waiting on 10,000 cards reads about 10,000 items
 * and a key per pause, rather than each window again and again while it fills. At the deadline every key left is
 * read once more.
 */
export async function waitForCards(
  keys: readonly UserKey[],
  users: Pick<UsersBatch, 'cardStates'>,
  options: WaitOptions,
  onRound?: (outstanding: number) => void,
): Promise<WaitOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  const newBackoff = () => createBackoff({ initialMs: options.initialDelayMs ?? 250, maxMs: 5_000 });
  let backoff = newBackoff();
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.min(backoff.next(), Math.max(0, deadline - Date.now()))));
  let outstanding = [...keys];
  const outcome = { ready: 0, gone: 0, failed: [] as CardState[] };
  while (outstanding.length > 0) {
    const last = Date.now() >= deadline;
    const window = last ? outstanding : outstanding.slice(0, WAIT_WINDOW);
    const newest = window[window.length - 1] as UserKey;
    if (!last && window.length > 1 && (await users.cardStates([newest]))[0]?.card_status === 'pending') {
      await pause();
      continue;
    }
    const still = sortStates(window, await users.cardStates(window), outcome);
    outstanding = [...still, ...outstanding.slice(window.length)];
    onRound?.(outstanding.length);
    if (last) break;
    if (still.length < window.length) backoff = newBackoff();
    else await pause();
  }
  return { ...outcome, pending: outstanding };
}

/** Counts the settled cards of `keys` into `outcome` and returns the keys still pending. */
function sortStates(
  keys: readonly UserKey[],
  states: readonly CardState[],
  outcome: { ready: number; gone: number; failed: CardState[] },
): UserKey[] {
  const byKey = new Map(states.map((state) => [`${state.user_id}\u0000${state.type}`, state]));
  const still: UserKey[] = [];
  for (const key of keys) {
    const state = byKey.get(`${key.user_id}\u0000${key.type}`);
    if (state === undefined) outcome.gone++;
    else if (state.card_status === 'ready') outcome.ready++;
    else if (state.card_status === 'failed') outcome.failed.push(state);
    else still.push(key);
  }
  return still;
}
