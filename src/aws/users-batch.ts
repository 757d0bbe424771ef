// Many records into the users table at once: BatchWriteItem for unconditional writes, TransactWriteItems of
// conditional puts for "only if new" and of conditional updates for a regen's "pending again if unchanged",
// BatchGetItem to ask which keys exist and how their cards stand. What DynamoDB leaves unprocessed is sent
// again; a transaction cancelled by a conflict or throttling is sent again after a back-off.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { createBackoff, type BackoffOptions } from '../core/backoff.js';
import type { CardStatus, UserRecord } from '../core/record.js';
import type { UserKey } from '../core/users-table-key.js';
import { isThrottlingError } from './throttling.js';
import { createUsersTable, keyOf, NEW_RECORD_ONLY, pendingIfUnchangedUpdate, type SeenCard } from './users-table.js';

/** DynamoDB takes at most 25 writes per BatchWriteItem, 100 keys per BatchGetItem, 100 actions and 4 MB per transaction. */
export const BATCH_WRITE_SIZE = 25;
export const BATCH_GET_SIZE = 100;
export const TRANSACT_WRITE_SIZE = 100;
export const TRANSACT_WRITE_BYTES = 4 * 1024 * 1024;

export interface UsersBatchOptions {
  /** Rounds of resending unprocessed items before giving up. Default 12. */
  readonly maxRounds?: number;
  /** Delays between rounds: exponential, each drawn at random below the ceiling (full jitter). */
  readonly backoff?: BackoffOptions;
  /** Waits `ms`; tests pass a fake. Default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface UsersBatch {
  readonly tableName: string;
  /** Writes every record, overwriting any with the same key, 25 per call (call with at most 25). */
  writeBatch(records: readonly UserRecord[]): Promise<void>;
  /** Writes `record` only if no record has its key. */
  putIfAbsent(record: UserRecord): Promise<'created' | 'exists'>;
  /**
   * Writes each record only if no record has its key (any number; transactions of at most 100 puts and 4 MB),
   * and says for each whether it was created or found: a record that appears while it is written is found.
   */
  putNewBatch(records: readonly UserRecord[]): Promise<Array<'created' | 'exists'>>;
  /**
   * Puts each card back to `pending` for a regen, only if its status and version are still what was read
   * (any number; transactions of at most 100 updates): `changed` for each one a render finished on (or that
   * went) since, so its newer result is left as it is.
   */
  markPendingIfUnchanged(seen: readonly SeenCard[], now?: Date): Promise<Array<'pending' | 'changed'>>;
  /** The keys among `keys` that have a record, with its `created_at` (any number of keys; 100 per call). */
  existingKeys(keys: readonly UserKey[]): Promise<ExistingKey[]>;
  /** The card state of each of `keys` that has a record (any number of keys; 100 per call). */
  cardStates(keys: readonly UserKey[]): Promise<CardState[]>;
}

export interface CardState extends UserKey {
  readonly card_status: CardStatus;
  readonly card_error?: string;
}

export interface ExistingKey extends UserKey {
  readonly created_at?: string;
}

export function createUsersBatch(client: DynamoDBClient, tableName: string, options: UsersBatchOptions = {}): UsersBatch {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const users = createUsersTable(client, tableName);
  const rounds: Rounds = {
    max: options.maxRounds ?? 12,
    backoff: { initialMs: 50, maxMs: 2_000, ...options.backoff },
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
  };

  return {
    tableName,
    async writeBatch(records) {
      if (records.length === 0) return;
      const requests = records.map((record) => ({ PutRequest: { Item: record } }));
      await untilProcessed(
        rounds,
        requests,
        async (items) => {
          const output = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: items } }));
          const left = output.UnprocessedItems?.[tableName] ?? [];
          return left.length > 0 ? (left as typeof requests) : undefined;
        },
        'writes',
      );
    },
    putIfAbsent: (record) => users.putIfAbsent(record),
    async putNewBatch(records) {
      const outcomes: Array<'created' | 'exists'> = [];
      for (const group of transactionGroups(records)) {
        const writes = group.map((record) => ({
          key: record,
          action: { Put: { TableName: tableName, Item: record, ...NEW_RECORD_ONLY } },
        }));
        outcomes.push(...(await writeTogether(documents, rounds, writes)).map((outcome) => (outcome === 'written' ? 'created' : 'exists')));
      }
      return outcomes;
    },
    async markPendingIfUnchanged(seen, now = new Date()) {
      const outcomes: Array<'pending' | 'changed'> = [];
      for (let start = 0; start < seen.length; start += TRANSACT_WRITE_SIZE) {
        const writes = seen.slice(start, start + TRANSACT_WRITE_SIZE).map((card) => ({
          key: card,
          action: { Update: { TableName: tableName, Key: keyOf(card), ...pendingIfUnchangedUpdate(card, now) } },
        }));
        outcomes.push(
          ...(await writeTogether(documents, rounds, writes)).map((outcome) => (outcome === 'written' ? 'pending' : 'changed')),
        );
      }
      return outcomes;
    },
    existingKeys: (keys) => batchGet<ExistingKey>(documents, tableName, rounds, keys, ['user_id', 'type', 'created_at']),
    cardStates: (keys) => batchGet<CardState>(documents, tableName, rounds, keys, ['user_id', 'type', 'card_status', 'card_error']),
  };
}

/** The `attributes` of each of `keys` that has a record, 100 keys per BatchGetItem, unprocessed keys asked again. */
async function batchGet<T>(
  documents: DynamoDBDocumentClient,
  tableName: string,
  rounds: Rounds,
  keys: readonly UserKey[],
  attributes: readonly string[],
): Promise<T[]> {
  const found: T[] = [];
  const names = Object.fromEntries(attributes.map((name, index) => [`#a${index}`, name]));
  for (let start = 0; start < keys.length; start += BATCH_GET_SIZE) {
    const batch = keys.slice(start, start + BATCH_GET_SIZE).map((key) => ({ user_id: key.user_id, type: key.type }));
    await untilProcessed(
      rounds,
      batch,
      async (wanted) => {
        const output = await documents.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: { Keys: wanted, ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names },
            },
          }),
        );
        found.push(...((output.Responses?.[tableName] ?? []) as T[]));
        const left = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
        return left.length > 0 ? (left as typeof batch) : undefined;
      },
      'reads',
    );
  }
  return found;
}

/** How often, and after which pauses, what DynamoDB left undone is sent again. */
interface Rounds {
  readonly max: number;
  readonly backoff: BackoffOptions;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** Waits a fully jittered back-off delay before the next round. */
const pause = (rounds: Rounds, backoff: { next(): number }) => rounds.sleep(Math.floor(rounds.random() * backoff.next()));

/** Sends `first`, then what came back unprocessed, until nothing is left or the rounds run out. */
async function untilProcessed<T>(rounds: Rounds, first: T, send: (request: T) => Promise<T | undefined>, what: string): Promise<void> {
  const backoff = createBackoff(rounds.backoff);
  let request: T | undefined = first;
  for (let round = 1; request !== undefined; round++) {
    if (round > rounds.max) throw new Error(`DynamoDB left ${what} unprocessed after ${rounds.max} rounds`);
    if (round > 1) await pause(rounds, backoff);
    request = await send(request);
  }
}

/** One write of a transaction, with the key of the record it writes. */
interface ConditionalWrite {
  readonly key: UserKey;
  readonly action: NonNullable<TransactWriteCommandInput['TransactItems']>[number];
}

/**
 * One transaction of conditional writes, each `written` or found with its condition false. A cancellation names
 * each write's fate: those whose condition failed are taken out and the rest sent again at once; conflicts and
 * throttling are sent again after a back-off; anything else throws.
 */
async function writeTogether(
  documents: DynamoDBDocumentClient,
  rounds: Rounds,
  writes: readonly ConditionalWrite[],
): Promise<Array<'written' | 'condition-failed'>> {
  const outcomes = writes.map((): 'written' | 'condition-failed' => 'written');
  let pending = writes.map((_, index) => index);
  const backoff = createBackoff(rounds.backoff);
  for (let round = 1; pending.length > 0;) {
    let verdict: Cancellation;
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: pending.map((index) => (writes[index] as ConditionalWrite).action),
          // Sent again as it is when the SDK retries a call whose reply was lost: DynamoDB then answers for the
          // transaction it committed rather than cancel it on the records it wrote. Each of our own resends
          // is another transaction (fewer puts, or after a cancellation), so it gets a token of its own.
          ClientRequestToken: randomUUID(),
        }),
      );
      return outcomes;
    } catch (error) {
      verdict = judgeCancellation(
        error,
        pending.map((index) => (writes[index] as ConditionalWrite).key),
      );
    }
    for (const position of verdict.found) outcomes[pending[position] as number] = 'condition-failed';
    pending = pending.filter((_, position) => !verdict.found.has(position));
    if (verdict.retry.length === 0) continue;
    if (++round > rounds.max)
      throw new Error(`DynamoDB kept cancelling the transaction (${verdict.retry.join(', ')}) after ${rounds.max} rounds`);
    await pause(rounds, backoff);
  }
  return outcomes;
}

/** The records in order, cut into transactions of at most TRANSACT_WRITE_SIZE puts and TRANSACT_WRITE_BYTES. */
export function transactionGroups<T>(records: readonly T[], maxBytes = TRANSACT_WRITE_BYTES): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let bytes = 0;
  for (const record of records) {
    // The JSON of a record is longer than the item DynamoDB counts, so a group within the limit here is within it there.
    const size = Buffer.byteLength(JSON.stringify(record));
    if (group.length > 0 && (group.length === TRANSACT_WRITE_SIZE || bytes + size > maxBytes)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(record);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Which writes of a cancelled transaction found their condition false (by position), and the reasons to send the rest again. */
interface Cancellation {
  readonly found: ReadonlySet<number>;
  readonly retry: readonly string[];
}

const RETRIED_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionInProgress']);
const RETRIED_ERRORS = new Set(['TransactionConflictException', 'TransactionInProgressException']);

interface CancellationMarks {
  readonly name?: string;
  readonly message?: string;
  readonly CancellationReasons?: ReadonlyArray<{ readonly Code?: string; readonly Message?: string }>;
}

/** What a failed TransactWriteItems of the records of `keys` means for each of them; throws what cannot be retried. */
function judgeCancellation(error: unknown, keys: readonly UserKey[]): Cancellation {
  const marks: CancellationMarks = typeof error === 'object' && error !== null ? error : {};
  if (RETRIED_ERRORS.has(marks.name ?? '') || isThrottlingError(error)) return { found: new Set(), retry: [marks.name ?? 'Throttling'] };
  if (marks.name !== 'TransactionCanceledException') throw error;
  const reasons = marks.CancellationReasons ?? [];
  if (reasons.length !== keys.length) {
    throw new Error(`DynamoDB cancelled a transaction of ${keys.length} writes with ${reasons.length} reason(s): ${marks.message ?? ''}`, {
      cause: error,
    });
  }
  const found = new Set<number>();
  const retry: string[] = [];
  reasons.forEach((reason, position) => {
    const code = reason.Code ?? 'None';
    if (code === 'ConditionalCheckFailed') found.add(position);
    else if (RETRIED_REASONS.has(code)) retry.push(code);
    else if (code !== 'None') {
      const record = keys[position];
      throw new Error(
        `DynamoDB refused the record ${record?.user_id}/${record?.type}: ${code}${reason.Message ? ` (${reason.Message})` : ''}`,
        {
          cause: error,
        },
      );
    }
  });
  if (found.size === 0 && retry.length === 0)
    throw new Error(`DynamoDB cancelled a transaction without a reason: ${marks.message ?? ''}`, { cause: error });
  return { found, retry: [...new Set(retry)] };
}
