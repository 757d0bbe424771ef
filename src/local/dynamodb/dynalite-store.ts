// dynalite keeps its store (LevelDB and the table, item and index helpers over it) private to its server. The
// engine's own DynamoDB actions work on that same store, so it is picked up as dynalite creates it.

import type { Server } from 'node:http';
import dynalite from 'dynalite';
import dynaliteDb, { type DynaliteError, type Item, type Store, type SubDb, type TableDescription } from 'dynalite/db/index.js';

interface DynaliteServerOptions {
  /** Directory of the LevelDB store. */
  readonly path: string;
}

/** dynalite's HTTP server (not listening yet) and the store its request handler uses, tables active at once. */
export function createDynalite(options: DynaliteServerOptions): { server: Server; store: Store } {
  const create = dynaliteDb.create;
  let store: Store | undefined;
  dynaliteDb.create = (storeOptions) => (store = create(storeOptions));
  try {
    const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    if (!store) throw new Error('dynalite no longer creates its store through db.create');
    keepActiveTablesInMemory(store);
    readItemsSynchronously(store);
    return { server, store };
  } finally {
    dynaliteDb.create = create;
  }
}

/**
 * The table's description, or dynalite's ResourceNotFoundException (with the table's name) as the rejection.
 * A table that is there is read synchronously: an asynchronous LevelDB read costs more than the rest of a small
 * call. Anything else (missing, unreadable) is left to dynalite's own getTable, for its answer.
 */
export function getTable(store: Store, name: string): Promise<TableDescription> {
  const table = readTable(store, name);
  if (table) return Promise.resolve(table);
  return new Promise((resolve, reject) => {
    store.getTable(name, (error: DynaliteError | null, table) => (error ? reject(error) : resolve(table)));
  });
}

function readTable(store: Store, name: string): TableDescription | undefined {
  try {
    const table = store.db.getSync(storeKeys.table(name));
    return isTable(table) ? table : undefined;
  } catch {
    return undefined;
  }
}

function isTable(value: unknown): value is TableDescription {
  return typeof value === 'object' && value !== null && Boolean((value as { TableStatus?: unknown }).TableStatus);
}

/**
 * Waits until no other write holds any of `keys` of the table (dynalite's own per-item lock, so this also waits
 * for its PutItem, UpdateItem and DeleteItem on those items); resolves with the function that frees them.
 */
export function lockItems(store: Store, tableName: string, keys: readonly string[]): Promise<() => void> {
  if (keys.length === 0) return Promise.resolve(() => undefined);
  return new Promise((resolve) => {
    store.getItemDb(tableName).lock([...keys], (release) => resolve(release(() => undefined)));
  });
}

/**
 * Where dynalite keeps a table's items and index entries in its one LevelDB: each under a prefix (its `getSubDb`),
 * so that one LevelDB batch can write items and index entries together.
 */
export const storeKeys = {
  table: (tableName: string) => `table~${tableName}`,
  item: (tableName: string, key: string) => `item-${tableName}~${key}`,
  index: (indexType: 'Local' | 'Global', tableName: string, indexName: string, key: string) =>
    `index-${indexType.toLowerCase()}~${tableName}~${indexName}~${key}`,
};

type TableCallback = (error: DynaliteError | null, table: TableDescription) => void;

/**
 * dynalite reads and parses a table's description from LevelDB for every request (a quarter of its time on small
 * calls). Active tables are kept in memory from their first read until dynalite writes or deletes their entry
 * (CreateTable, UpdateTable, DeleteTable, tags); a read that overlaps such a write is not kept.
 */
function keepActiveTablesInMemory(store: Store): void {
  const active = new Map<string, TableDescription>();
  const writes = new Map<string, number>();
  const forget = (name: string) => {
    active.delete(name);
    writes.set(name, (writes.get(name) ?? 0) + 1);
  };
  const { tableDb } = store;
  const put = tableDb.put.bind(tableDb);
  const del = tableDb.del.bind(tableDb);
  tableDb.put = (key, value, callback) => (forget(key), put(key, value, callback));
  tableDb.del = (key, callback) => (forget(key), del(key, callback));

  const loose = store as unknown as { getTable: (name: string, ...rest: (boolean | TableCallback)[]) => void };
  const read = loose.getTable.bind(store);
  loose.getTable = (name, ...rest) => {
    const callback = rest.at(-1);
    if (typeof callback !== 'function') throw new TypeError('getTable needs a callback');
    const cached = active.get(name);
    if (cached) return queueMicrotask(() => callback(null, cached));
    const writesBefore = writes.get(name) ?? 0;
    read(name, ...rest.slice(0, -1), ((error, table) => {
      if (!error && table.TableStatus === 'ACTIVE' && (writes.get(name) ?? 0) === writesBefore) active.set(name, table);
      callback(error, table);
    }) satisfies TableCallback);
  };
}

/**
 * dynalite reads an item with an asynchronous LevelDB get, whose promise, thread-pool hop and `setImmediate` cost
 * more than the read itself (the item is in LevelDB's memtable or cache): a third of the engine's time on GetItem
 * and UpdateItem. Its item sub-databases read synchronously instead and answer on a microtask, so a callback still
 * never runs before `get` returns. A read that fails (a closed store) goes the old way, for dynalite's own error.
 */
function readItemsSynchronously(store: Store): void {
  const itemDbOf = store.getItemDb.bind(store);
  const patched = new WeakSet<SubDb>();
  store.getItemDb = (tableName) => {
    const itemDb = itemDbOf(tableName);
    if (patched.has(itemDb)) return itemDb;
    const readAsynchronously = itemDb.get.bind(itemDb);
    itemDb.get = (key, callback) => {
      let item: unknown;
      try {
        item = store.db.getSync(storeKeys.item(tableName, key));
      } catch {
        readAsynchronously(key, callback);
        return;
      }
      queueMicrotask(() => callback(null, item as Item | undefined));
    };
    patched.add(itemDb);
    return itemDb;
  };
}
