// TransactWriteItems for the local engine (dynalite has none), on dynalite's own store: its validations parse
// each action, its per-table key locks order the transaction against PutItem and the rest, and its actions
// compute every write into a staging list that goes to LevelDB as one batch: all of it, or none.
import { createHash } from 'node:crypto';
import db, {
  type ActionData,
  type AttributeMap,
  type BatchOperation,
  type DynaliteError,
  type Store,
  type SubDb,
  type TableDescription,
} from 'dynalite/db/index.js';
import validations, { type ActionValidation } from 'dynalite/validations/index.js';
import putItemValidation from 'dynalite/validations/putItem.js';
import deleteItemValidation from 'dynalite/validations/deleteItem.js';
import updateItemValidation from 'dynalite/validations/updateItem.js';
import putItem from 'dynalite/actions/putItem.js';
import deleteItem from 'dynalite/actions/deleteItem.js';
import updateItem from 'dynalite/actions/updateItem.js';
import { answerJsonRequest, AwsJsonError, isJsonObject, type JsonObject } from '../protocol/json.js';
import type { ServiceHandler } from '../protocol/service-handler.js';

/** DynamoDB's limits: actions per transaction, and the bytes of their items together. */
export const MAX_TRANSACT_ITEMS = 100;
export const MAX_TRANSACT_BYTES = 4 * 1024 * 1024;
/** How long a ClientRequestToken makes a repeat of a committed transaction a no-op. */
const TOKEN_WINDOW_MS = 10 * 60 * 1000;

const KINDS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;
type Kind = (typeof KINDS)[number];

const VALIDATION: Record<Kind, ActionValidation> = {
  ConditionCheck: deleteItemValidation,
  Put: putItemValidation,
  Delete: deleteItemValidation,
  Update: updateItemValidation,
};
const WRITE = { Put: putItem, Delete: deleteItem, Update: updateItem } as const;

export interface TransactState {
  readonly store: Store;
  /** Tokens of committed transactions (with a fingerprint of their actions), oldest first, and those under way. */
  readonly tokens: Map<string, { readonly fingerprint: string; readonly until: number }>;
  readonly inFlight: Set<string>;
  readonly now?: () => number;
}

export function transactState(store: Store): TransactState {
  return { store, tokens: new Map(), inFlight: new Set() };
}

interface Prepared {
  readonly kind: Kind;
  readonly tableName: string;
  readonly table: TableDescription;
  /** dynalite's storage key of the item. */
  readonly key: string;
  readonly data: ActionData;
  readonly returnOld: boolean;
}

export interface CancellationReason {
  readonly Code: string;
  readonly Message?: string;
  readonly Item?: AttributeMap;
}

const validationError = (message: string) => new AwsJsonError('ValidationException', message);

/** A dynalite error as the AWS error its body names; anything else is a fault and stays as it is. */
function asAwsError(error: unknown): Error {
  const { body, statusCode } = error as DynaliteError;
  if (!body) return error instanceof Error ? error : new Error(String(error));
  return new AwsJsonError(body.__type.slice(body.__type.indexOf('#') + 1), body.message ?? body.Message ?? '', statusCode ?? 400);
}

function fromCallback<T>(start: (callback: (error: DynaliteError | null | undefined, result?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start((error, result) => (error ? reject(asAwsError(error)) : resolve(result as T))));
}

/** One action checked as AWS checks it, with its expressions parsed and its item's key computed. */
async function prepare(store: Store, tables: Map<string, Promise<TableDescription>>, item: unknown, index: number): Promise<Prepared> {
  const kinds = isJsonObject(item) ? KINDS.filter((kind) => item[kind] !== undefined) : [];
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined) throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
  const { ReturnValuesOnConditionCheckFailure: returnValues, ...request } = (item as JsonObject)[kind] as JsonObject;
  if (kind === 'ConditionCheck' && request.ConditionExpression === undefined) {
    throw validationError(
      `1 validation error detected: Value null at 'transactItems.${index + 1}.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null`,
    );
  }
  const { types, custom } = VALIDATION[kind];
  let data: ActionData;
  try {
    data = validations.checkTypes({ ...request }, types);
    validations.checkValidations(data, types, custom, store);
  } catch (error) {
    throw asAwsError(error);
  }
  const tableName = String(data.TableName);
  // One read of a table's description per transaction, however many of its items it writes.
  if (!tables.has(tableName))
    tables.set(
      tableName,
      fromCallback<TableDescription>((done) => store.getTable(tableName, done)),
    );
  const table = await (tables.get(tableName) as Promise<TableDescription>);
  const keyed = (kind === 'Put' ? data.Item : data.Key) as AttributeMap;
  const invalid = kind === 'Put' ? db.validateItem(keyed, table) : db.validateKey(keyed, table);
  if (invalid) throw asAwsError(invalid);
  return { kind, tableName, table, key: db.createKey(keyed, table), data, returnOld: returnValues === 'ALL_OLD' };
}

function assertOneActionPerItem(actions: readonly Prepared[]): void {
  const seen = new Set<string>();
  for (const action of actions) {
    const id = `${action.tableName}\u0000${action.key}`;
    if (seen.has(id)) throw validationError('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
  const bytes = actions.reduce((sum, action) => sum + (action.kind === 'Put' ? db.itemSize(action.data.Item as AttributeMap) : 0), 0);
  if (bytes > MAX_TRANSACT_BYTES) throw validationError('Transaction request size exceeded the 4 MB limit');
}

/** Takes the lock of every item, table by table in name order and keys in order, so two transactions cannot wait on each other. */
async function lockAll(store: Store, actions: readonly Prepared[]): Promise<() => void> {
  const keysByTable = new Map<string, string[]>();
  for (const action of actions) keysByTable.set(action.tableName, [...(keysByTable.get(action.tableName) ?? []), action.key]);
  const releases: Array<() => void> = [];
  for (const tableName of [...keysByTable.keys()].sort()) {
    const keys = (keysByTable.get(tableName) ?? []).sort();
    releases.push(
      await new Promise<() => void>((resolve) => store.getItemDb(tableName).lock(keys, (release) => resolve(release(() => undefined)))),
    );
  }
  return () => releases.reverse().forEach((release) => release());
}

/**
 * The store as dynalite's write actions see it during a transaction: tables and items as the transaction read
 * them under its locks, writes collected as batch operations on the main database, the locks already held.
 */
function stagingStore(
  store: Store,
  operations: BatchOperation[],
  actions: readonly Prepared[],
  items: readonly (AttributeMap | undefined)[],
): Store {
  const read = new Map(actions.map((action, index) => [`${action.tableName}\u0000${action.key}`, items[index]]));
  const tables = new Map(actions.map((action) => [action.tableName, action.table]));
  const staged = (prefix: string, real: SubDb, tableName?: string): SubDb => ({
    get: (key, callback) => {
      const id = `${tableName}\u0000${key}`;
      if (tableName !== undefined && read.has(id)) setImmediate(callback, null, read.get(id));
      else real.get(key, callback);
    },
    put: (key, value, callback) => {
      operations.push({ type: 'put', key: `${prefix}~${key}`, value });
      setImmediate(callback, null);
    },
    del: (key, callback) => {
      operations.push({ type: 'del', key: `${prefix}~${key}` });
      setImmediate(callback, null);
    },
    lock: (_keys, run) => run((done) => done),
  });
  return {
    options: store.options,
    db: store.db,
    tableDb: store.tableDb,
    getTable: (name, callback) => {
      const table = tables.get(name);
      if (table) setImmediate(callback, null, table);
      else store.getTable(name, callback);
    },
    getItemDb: (name) => staged(`item-${name}`, store.getItemDb(name), name),
    getIndexDb: (type, table, index) => staged(`index-${type.toLowerCase()}~${table}~${index}`, store.getIndexDb(type, table, index)),
  };
}

function cancelled(reasons: readonly CancellationReason[]): AwsJsonError {
  return new AwsJsonError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
    400,
    { CancellationReasons: reasons },
  );
}

/** The stored item, or undefined; some of dynalite's stores report a missing key as a NotFoundError. */
function readItem(items: SubDb, key: string): Promise<AttributeMap | undefined> {
  return new Promise((resolve, reject) =>
    items.get(key, (error, item) => (error && error.name !== 'NotFoundError' ? reject(error) : resolve(error ? undefined : item))),
  );
}

/** Under the locks: every condition, then every write computed, then all of them in one batch. */
async function commit(store: Store, actions: readonly Prepared[]): Promise<void> {
  const existing = await Promise.all(actions.map((action) => readItem(store.getItemDb(action.tableName), action.key)));
  const reasons: CancellationReason[] = actions.map((action, index) => {
    const item = existing[index];
    if (!db.checkConditional(action.data, item)) return { Code: 'None' };
    return {
      Code: 'ConditionalCheckFailed',
      Message: 'The conditional request failed',
      ...(action.returnOld && item ? { Item: item } : {}),
    };
  });
  if (reasons.some((reason) => reason.Code !== 'None')) throw cancelled(reasons);

  const operations: BatchOperation[] = [];
  const staging = stagingStore(store, operations, actions, existing);
  for (const [index, action] of actions.entries()) {
    if (action.kind === 'ConditionCheck') continue;
    try {
      await fromCallback((done) => WRITE[action.kind as keyof typeof WRITE](staging, action.data, done));
    } catch (error) {
      if (!(error instanceof AwsJsonError) || error.code !== 'ValidationException') throw error;
      throw cancelled(reasons.map((reason, at) => (at === index ? { Code: 'ValidationError', Message: error.message } : reason)));
    }
  }
  await fromCallback((done) => store.db.batch(operations, done));
}

/** A repeat of a committed transaction's token: true when it is the same transaction (nothing to do again). */
function repeatOfCommitted(state: TransactState, token: string | undefined, fingerprint: string): boolean {
  const now = (state.now ?? Date.now)();
  for (const [old, entry] of state.tokens) {
    if (entry.until > now) break;
    state.tokens.delete(old);
  }
  if (token === undefined) return false;
  if (state.inFlight.has(token))
    throw new AwsJsonError('TransactionInProgressException', 'Transaction is ongoing for the idempotency token');
  const committed = state.tokens.get(token);
  if (committed === undefined) return false;
  if (committed.fingerprint !== fingerprint) {
    throw new AwsJsonError('IdempotentParameterMismatchException', 'Request parameters do not match the original request for this token');
  }
  return true;
}

/** TransactWriteItems: up to 100 Put, Delete, Update and ConditionCheck actions, each with its condition, all or none. */
export async function transactWriteItems(state: TransactState, input: JsonObject): Promise<object> {
  const items = input.TransactItems;
  if (!Array.isArray(items))
    throw validationError(
      "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
    );
  if (items.length < 1 || items.length > MAX_TRANSACT_ITEMS) {
    const bound = items.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_TRANSACT_ITEMS}`;
    throw validationError(
      `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
  const fingerprint = createHash('sha256').update(JSON.stringify(items)).digest('hex');
  if (repeatOfCommitted(state, token, fingerprint)) return {};

  if (token !== undefined) state.inFlight.add(token);
  try {
    const actions: Prepared[] = [];
    const tables = new Map<string, Promise<TableDescription>>();
    for (const [index, item] of items.entries()) actions.push(await prepare(state.store, tables, item, index));
    assertOneActionPerItem(actions);
    const release = await lockAll(state.store, actions);
    try {
      await commit(state.store, actions);
    } finally {
      release();
    }
  } finally {
    if (token !== undefined) state.inFlight.delete(token);
  }
  if (token !== undefined) state.tokens.set(token, { fingerprint, until: (state.now ?? Date.now)() + TOKEN_WINDOW_MS });
  return {};
}

const TARGET = 'DynamoDB_20120810.TransactWriteItems';

/** `handler` with TransactWriteItems answered here, on `store`; every other request goes on to `handler`. */
export function withTransactWriteItems(store: Store, handler: ServiceHandler): ServiceHandler {
  const state = transactState(store);
  const options = {
    targetPrefix: 'DynamoDB_20120810',
    actions: { TransactWriteItems: transactWriteItems },
    state: () => state,
    contentType: 'application/x-amz-json-1.0',
  };
  return async (request, body, response) => {
    if (request.headers['x-amz-target'] !== TARGET) return handler(request, body, response);
    const reply = await answerJsonRequest(options, request, body);
    response.writeHead(reply.status, reply.headers);
    response.end(reply.body);
  };
}
