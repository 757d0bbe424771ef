// BatchWriteItem for the local engine. dynalite's own runs a whole PutItem per item (a table read, an item read and
// a put, each a LevelDB call); this one keeps dynalite's validation, errors and answer, and reads and writes each
// table's items with one LevelDB getMany and one batch.

import dynaliteDb, { type BatchOperation, type DynaliteError, type Item, type Store, type TableDescription } from 'dynalite/db/index.js';
import validations from 'dynalite/validations/index.js';
import batchWriteItemValidation from 'dynalite/validations/batchWriteItem.js';
import { getTable, lockItems, storeKeys } from './dynalite-store.js';

interface WriteRequest {
  readonly PutRequest?: { readonly Item: Item };
  readonly DeleteRequest?: { readonly Key: Item };
}

interface BatchWriteItemInput {
  readonly RequestItems: Readonly<Record<string, readonly WriteRequest[]>>;
  readonly ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
}

/** One item's write: its key in the table, and the new item for a put (none for a delete). */
interface ItemWrite {
  readonly key: string;
  readonly item: Item | undefined;
}

interface TableWrites {
  readonly table: TableDescription;
  readonly writes: readonly ItemWrite[];
}

/** BatchWriteItem as dynalite answers it; a rejection carries dynalite's error (`statusCode`, `body`). */
export async function batchWriteItem(store: Store, request: unknown): Promise<object> {
  const input = validatedInput(store, request);
  const tableNames = Object.keys(input.RequestItems);
  let plans: TableWrites[];
  try {
    plans = await Promise.all(tableNames.map((name) => planTableWrites(name, input.RequestItems[name] ?? [], store)));
  } catch (error) {
    throw withSchemaMessage(error);
  }
  const units = new Map<string, number>();
  for (const plan of plans) {
    const tableUnits = await applyTableWrites(store, plan, input.ReturnConsumedCapacity);
    units.set(plan.table.TableName, (units.get(plan.table.TableName) ?? 0) + tableUnits);
  }
  if (input.ReturnConsumedCapacity !== 'TOTAL' && input.ReturnConsumedCapacity !== 'INDEXES') return { UnprocessedItems: {} };
  const indexes = input.ReturnConsumedCapacity === 'INDEXES';
  return {
    UnprocessedItems: {},
    ConsumedCapacity: [...units].map(([TableName, CapacityUnits]) => ({
      CapacityUnits,
      TableName,
      ...(indexes ? { Table: { CapacityUnits } } : {}),
    })),
  };
}

function validatedInput(store: Store, request: unknown): BatchWriteItemInput {
  const { types, custom } = batchWriteItemValidation;
  const data = validations.checkTypes(request, types);
  validations.checkValidations(data, types, custom, store);
  return data as unknown as BatchWriteItemInput;
}

/** Checks every request of one table as dynalite does before it writes anything. */
async function planTableWrites(tableName: string, requests: readonly WriteRequest[], store: Store): Promise<TableWrites> {
  const table = await getTable(store, tableName);
  const writes: ItemWrite[] = [];
  const seen = new Set<string>();
  for (const request of requests) {
    const written = request.PutRequest?.Item ?? request.DeleteRequest?.Key;
    if (!written) continue;
    const invalid = request.PutRequest ? dynaliteDb.validateItem(written, table) : dynaliteDb.validateKey(written, table);
    if (invalid) throw invalid;
    const key = dynaliteDb.createKey(written, table);
    if (seen.has(key)) throw dynaliteDb.validationError('Provided list of item keys contains duplicates');
    seen.add(key);
    writes.push({ key, item: request.PutRequest?.Item });
  }
  return { table, writes };
}

/** dynalite words a key that does not fit the table's schema this way in BatchWriteItem. */
function withSchemaMessage(error: unknown): unknown {
  const body = (error as DynaliteError).body;
  if (body?.message !== undefined && /Missing the key|Type mismatch for key/.test(body.message))
    body.message = 'The provided key element does not match the schema';
  return error;
}

/**
 * Writes one table's items and their index entries in one LevelDB batch, holding the items' locks from the read of
 * the old items until the batch is written. The old items are read only when something needs them: index entries
 * to remove, or the consumed capacity asked for. Returns the write capacity units consumed, counted as dynalite's
 * PutItem and DeleteItem count them.
 */
async function applyTableWrites(
  store: Store,
  plan: TableWrites,
  returnCapacity: BatchWriteItemInput['ReturnConsumedCapacity'],
): Promise<number> {
  const { table, writes } = plan;
  const release = await lockItems(
    store,
    table.TableName,
    writes.map((write) => write.key),
  );
  try {
    const existing = needsOldItems(table, returnCapacity)
      ? await store.db.getMany(writes.map((write) => storeKeys.item(table.TableName, write.key)))
      : [];
    const capacityRequest = { TableName: table.TableName, ...(returnCapacity ? { ReturnConsumedCapacity: returnCapacity } : {}) };
    const indexDeletes: BatchOperation[] = [];
    const indexPuts: BatchOperation[] = [];
    const itemOperations: BatchOperation[] = [];
    let units = 0;
    writes.forEach((write, position) => {
      const old = existing[position] ?? undefined;
      const entries = indexEntries(table, old, write.item);
      indexDeletes.push(...entries.deletes);
      indexPuts.push(...entries.puts);
      const key = storeKeys.item(table.TableName, write.key);
      itemOperations.push(write.item ? { type: 'put', key, value: write.item } : { type: 'del', key });
      const consumed = write.item
        ? dynaliteDb.addConsumedCapacity(capacityRequest, false, old, write.item)
        : dynaliteDb.addConsumedCapacity(capacityRequest, false, old);
      units += consumed?.CapacityUnits ?? 0;
    });
    await store.db.batch([...indexDeletes, ...indexPuts, ...itemOperations]);
    return units;
  } finally {
    release();
  }
}

function needsOldItems(table: TableDescription, returnCapacity: BatchWriteItemInput['ReturnConsumedCapacity']): boolean {
  const hasIndexes = (table.LocalSecondaryIndexes?.length ?? 0) + (table.GlobalSecondaryIndexes?.length ?? 0) > 0;
  return hasIndexes || returnCapacity === 'TOTAL' || returnCapacity === 'INDEXES';
}

/** The index entries an item's write removes and adds, in both kinds of secondary index (dynalite's updateIndexes). */
function indexEntries(
  table: TableDescription,
  old: Item | undefined,
  item: Item | undefined,
): { deletes: BatchOperation[]; puts: BatchOperation[] } {
  const deletes: BatchOperation[] = [];
  const puts: BatchOperation[] = [];
  for (const indexType of ['Local', 'Global'] as const) {
    const indexes = table[`${indexType}SecondaryIndexes`] ?? [];
    if (indexes.length === 0) continue;
    const actions = dynaliteDb.getIndexActions(indexes, old, item ?? null, table);
    for (const { index, key } of actions.deletes)
      deletes.push({ type: 'del', key: storeKeys.index(indexType, table.TableName, index, key) });
    for (const { index, key, item: value } of actions.puts)
      puts.push({ type: 'put', key: storeKeys.index(indexType, table.TableName, index, key), value });
  }
  return { deletes, puts };
}
