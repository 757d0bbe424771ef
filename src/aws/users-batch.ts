// Many records into the users table at once: BatchWriteItem for unconditional writes, conditional puts for
// "only if new", BatchGetItem to ask which keys exist. What DynamoDB leaves unprocessed is sent again.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createBackoff, type BackoffOptions } from '../core/backoff.js';
import type { UserRecord } from '../core/record.js';
import type { UserKey } from '../core/users-table-key.js';
import { createUsersTable } from './users-table.js';

/** DynamoDB takes at most 25 writes per BatchWriteItem and 100 keys per BatchGetItem. */
export const BATCH_WRITE_SIZE = 25;
export const BATCH_GET_SIZE = 100;

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
  /** The keys among `keys` that have a record, with its `created_at` (any number of keys; 100 per call). */
  existingKeys(keys: readonly UserKey[]): Promise<ExistingKey[]>;
}

export interface ExistingKey extends UserKey {
  readonly created_at?: string;
}

export function createUsersBatch(client: DynamoDBClient, tableName: string, options: UsersBatchOptions = {}): UsersBatch {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const users = createUsersTable(client, tableName);
  const maxRounds = options.maxRounds ?? 12;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  /** Sends `first`, then what came back unprocessed, until nothing is left or the rounds run out. */
  async function untilProcessed<T>(first: T, send: (request: T) => Promise<T | undefined>, what: string): Promise<void> {
    const backoff = createBackoff({ initialMs: 50, maxMs: 2_000, ...options.backoff });
    let request: T | undefined = first;
    for (let round = 1; request !== undefined; round++) {
      if (round > maxRounds) throw new Error(`DynamoDB left ${what} unprocessed after ${maxRounds} rounds`);
      if (round > 1) await sleep(Math.floor(random() * backoff.next()));
      request = await send(request);
    }
  }

  return {
    tableName,
    async writeBatch(records) {
      if (records.length === 0) return;
      const requests = records.map((record) => ({ PutRequest: { Item: record } }));
      await untilProcessed(
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
    async existingKeys(keys) {
      const found: ExistingKey[] = [];
      for (let start = 0; start < keys.length; start += BATCH_GET_SIZE) {
        const batch = keys.slice(start, start + BATCH_GET_SIZE).map((key) => ({ user_id: key.user_id, type: key.type }));
        await untilProcessed(
          batch,
          async (wanted) => {
            const output = await documents.send(
              new BatchGetCommand({
                RequestItems: {
                  [tableName]: {
                    Keys: wanted,
                    ProjectionExpression: '#user, #type, #created',
                    ExpressionAttributeNames: { '#user': 'user_id', '#type': 'type', '#created': 'created_at' },
                  },
                },
              }),
            );
            found.push(...((output.Responses?.[tableName] ?? []) as ExistingKey[]));
            const left = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
            return left.length > 0 ? (left as typeof batch) : undefined;
          },
          'reads',
        );
      }
      return found;
    },
  };
}
