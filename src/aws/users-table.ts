// The users table: the one place that knows its key schema and attribute names.
// Outcomes the caller expects (a duplicate, a record gone) are values; AWS failures throw.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { pendingRecord, type CardStatus, type Registration, type UserRecord } from '../core/record.js';
import type { UserKey } from '../core/users-table-key.js';

/** The condition of every write of a new record: no record has its key yet. */
export const NEW_RECORD_ONLY = {
  ConditionExpression: 'attribute_not_exists(#user)',
  ExpressionAttributeNames: { '#user': 'user_id' },
} as const;

/** Longest `card_error` kept on a record; the full error goes to the logs. */
export const CARD_ERROR_MAX_LENGTH = 200;

export type PutNewResult = { readonly kind: 'created'; readonly record: UserRecord } | { readonly kind: 'exists'; readonly key: UserKey };
export type UpdateResult = { readonly kind: 'updated'; readonly record: UserRecord } | { readonly kind: 'missing'; readonly key: UserKey };
export type RemoveResult = { readonly kind: 'removed'; readonly record: UserRecord } | { readonly kind: 'missing'; readonly key: UserKey };

export interface ScanOptions {
  /** Only records of this card type. */
  readonly type?: string;
  /** Only records whose card is in this state. */
  readonly status?: CardStatus;
  /** Only ready cards drawn with a branding other than the one with this hash (or with none recorded). */
  readonly staleFor?: string;
  /** Items DynamoDB reads per request (before the filters). Default: as many as fit its 1 MB page. */
  readonly pageSize?: number;
}

/** What a regen saw of a record when it chose it: the record is marked pending only if this is still so. */
export interface SeenCard extends UserKey {
  readonly card_status: CardStatus;
  readonly card_version: number;
}

export interface UsersTable {
  readonly tableName: string;
  /** Stores a new pending record; never overwrites one with the same key. */
  putNew(registration: Registration, now?: Date): Promise<PutNewResult>;
  /** Stores `record` only if no record has its key: the one conditional put, for putNew and the importer. */
  putIfAbsent(record: UserRecord): Promise<'created' | 'exists'>;
  get(userId: string, type: string): Promise<UserRecord | undefined>;
  /** Every card of one person, by Query on the partition key (never a scan). */
  listForUser(userId: string): Promise<UserRecord[]>;
  /** `ready` with the card's key, `card_version + 1` and the branding's hash, only if the record still exists. */
  markCardReady(key: UserKey, cardKey: string, now?: Date, brandingHash?: string): Promise<UpdateResult>;
  /** `failed` with a short reason, only if the record still exists. */
  markCardFailed(key: UserKey, error: string, now?: Date): Promise<UpdateResult>;
  /** Back to `pending` before a re-render, only if the record still exists. */
  setPending(key: UserKey, now?: Date): Promise<UpdateResult>;
  /** How many records match, a page per request (Select COUNT: no items are sent back). */
  count(options?: ScanOptions): Promise<number>;
  /** The whole table, a page per request and never more than one page in memory; empty pages are skipped. */
  scan(options?: ScanOptions): AsyncIterable<readonly UserRecord[]>;
  /** Deletes a record, only if it exists, and returns what it held. */
  remove(key: UserKey): Promise<RemoveResult>;
}

export function keyOf(record: UserKey): UserKey {
  return { user_id: record.user_id, type: record.type };
}

/** A users table over `client`; the caller owns the client (handlers build one per container). */
export function createUsersTable(client: DynamoDBClient, tableName: string): UsersTable {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  return {
    tableName,
    async putNew(registration, now = new Date()) {
      const record = pendingRecord(registration, now.toISOString());
      return (await putIfAbsent(documents, tableName, record)) === 'created'
        ? { kind: 'created', record }
        : { kind: 'exists', key: keyOf(registration) };
    },
    putIfAbsent: (record) => putIfAbsent(documents, tableName, record),
    async get(userId, type) {
      const output = await documents.send(new GetCommand({ TableName: tableName, Key: { user_id: userId, type }, ConsistentRead: true }));
      return output.Item as UserRecord | undefined;
    },
    async listForUser(userId) {
      const records: UserRecord[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const output = await documents.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: '#user = :user',
            ExpressionAttributeNames: { '#user': 'user_id' },
            ExpressionAttributeValues: { ':user': userId },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        records.push(...((output.Items ?? []) as UserRecord[]));
        start = output.LastEvaluatedKey;
      } while (start);
      return records;
    },
    markCardReady: (key, cardKey, now = new Date(), brandingHash?: string) =>
      setStatus(documents, tableName, key, { status: 'ready', cardKey, brandingHash }, now),
    markCardFailed: (key, error, now = new Date()) => setStatus(documents, tableName, key, { status: 'failed', error }, now),
    setPending: (key, now = new Date()) => setStatus(documents, tableName, key, { status: 'pending' }, now),
    async count(options = {}) {
      let total = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const output = await documents.send(
          new ScanCommand({
            TableName: tableName,
            ...scanFilter(options),
            Select: 'COUNT',
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        total += output.Count ?? 0;
        start = output.LastEvaluatedKey;
      } while (start);
      return total;
    },
    async *scan(options = {}) {
      const filter = scanFilter(options);
      let start: Record<string, unknown> | undefined;
      do {
        const output = await documents.send(
          new ScanCommand({
            TableName: tableName,
            ...filter,
            ...(options.pageSize === undefined ? {} : { Limit: options.pageSize }),
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        const records = (output.Items ?? []) as UserRecord[];
        if (records.length > 0) yield records;
        start = output.LastEvaluatedKey;
      } while (start);
    },
    async remove(key) {
      try {
        const output = await documents.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keyOf(key),
            ConditionExpression: 'attribute_exists(#user)',
            ExpressionAttributeNames: { '#user': 'user_id' },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return { kind: 'removed', record: output.Attributes as UserRecord };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return { kind: 'missing', key: keyOf(key) };
        throw error;
      }
    },
  };
}

/**
 * The update that puts a card back to `pending` for a regen, only if its status and version are still what was
 * read: the condition fails when a render finished (or the record went) since, so its newer result is left alone.
 */
export function pendingIfUnchangedUpdate(seen: SeenCard, now: Date) {
  return {
    UpdateExpression: 'SET #status = :pending, #updated = :now REMOVE #error',
    ConditionExpression: '#status = :seenStatus AND #version = :seenVersion',
    ExpressionAttributeNames: {
      '#status': 'card_status',
      '#updated': 'updated_at',
      '#error': 'card_error',
      '#version': 'card_version',
    },
    ExpressionAttributeValues: {
      ':pending': 'pending',
      ':now': now.toISOString(),
      ':seenStatus': seen.card_status,
      ':seenVersion': seen.card_version,
    },
  };
}

/** An UpdateItem's expressions and plain values; the caller converts the values as its client needs. */
export interface StatusUpdate {
  readonly UpdateExpression: string;
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, string | number>;
}

/** A card's new status with what goes with it: the card's key and branding when ready, the reason when failed. */
export type CardStatusChange =
  | { readonly status: 'ready'; readonly cardKey: string; readonly brandingHash?: string | undefined }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'pending' };

/** The update that makes `change` (counting a ready card's version), only if the record still exists. */
export function cardStatusUpdate(change: CardStatusChange, now: Date): StatusUpdate {
  const names: Record<string, string> = { '#status': 'card_status', '#updated': 'updated_at', '#user': 'user_id' };
  const values: Record<string, string | number> = { ':status': change.status, ':now': now.toISOString() };
  const set = ['#status = :status', '#updated = :now'];
  const remove: string[] = [];
  if (change.status === 'ready') {
    Object.assign(names, { '#key': 'card_key', '#version': 'card_version', '#error': 'card_error' });
    Object.assign(values, { ':key': change.cardKey, ':one': 1, ':zero': 0 });
    set.push('#key = :key', '#version = if_not_exists(#version, :zero) + :one');
    remove.push('#error');
    if (change.brandingHash !== undefined) {
      names['#branding'] = 'card_branding';
      values[':branding'] = change.brandingHash;
      set.push('#branding = :branding');
    }
  } else if (change.status === 'failed') {
    names['#error'] = 'card_error';
    values[':error'] = shortError(change.error);
    set.push('#error = :error');
  } else {
    names['#error'] = 'card_error';
    remove.push('#error');
  }
  return {
    UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ConditionExpression: 'attribute_exists(#user)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

async function setStatus(
  documents: DynamoDBDocumentClient,
  tableName: string,
  key: UserKey,
  change: CardStatusChange,
  now: Date,
): Promise<UpdateResult> {
  try {
    const output = await documents.send(
      new UpdateCommand({ TableName: tableName, Key: keyOf(key), ...cardStatusUpdate(change, now), ReturnValues: 'ALL_NEW' }),
    );
    return { kind: 'updated', record: output.Attributes as UserRecord };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { kind: 'missing', key: keyOf(key) };
    throw error;
  }
}

async function putIfAbsent(documents: DynamoDBDocumentClient, tableName: string, record: UserRecord): Promise<'created' | 'exists'> {
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: record,
        ...NEW_RECORD_ONLY,
      }),
    );
    return 'created';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'exists';
    throw error;
  }
}

// The Scan parameters for the filters given: none, one or both, ANDed.
function scanFilter(options: ScanOptions) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conditions: string[] = [];
  if (options.type !== undefined) {
    Object.assign(names, { '#type': 'type' });
    Object.assign(values, { ':type': options.type });
    conditions.push('#type = :type');
  }
  if (options.status !== undefined) {
    Object.assign(names, { '#status': 'card_status' });
    Object.assign(values, { ':status': options.status });
    conditions.push('#status = :status');
  }
  if (options.staleFor !== undefined) {
    Object.assign(names, { '#status': 'card_status', '#branding': 'card_branding' });
    Object.assign(values, { ':ready': 'ready', ':branding': options.staleFor });
    conditions.push('#status = :ready AND (attribute_not_exists(#branding) OR #branding <> :branding)');
  }
  if (conditions.length === 0) return {};
  return { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

// One line, bounded: the record shows the gist; the logs keep the whole error.
function shortError(error: string): string {
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length <= CARD_ERROR_MAX_LENGTH ? line : `${line.slice(0, CARD_ERROR_MAX_LENGTH - 1)}…`;
}
