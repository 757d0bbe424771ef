// Types for the parts of dynalite (a CommonJS package without its own) that the local engine uses: the server,
// and the store, validations and item helpers that the engine's own actions share with dynalite's.

declare module 'dynalite' {
  import type { Server } from 'node:http';
  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
  }
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}

declare module 'dynalite/db/index.js' {
  /** An item or key as on the wire: attribute name to `{ S: 'x' }`, `{ N: '1' }`, ... */
  export type Item = Record<string, Record<string, unknown>>;
  export type AttributeMap = Item;
  export type Callback<T = unknown> = (error: DynaliteError | null | undefined, result?: T) => void;
  /** A request after dynalite's validation: the wire fields plus its parsed expressions. */
  export type ActionData = Record<string, unknown>;

  /** dynalite's errors with a wire answer carry it as `statusCode` and `body` (`__type`, `message`). */
  export interface DynaliteError extends Error {
    statusCode?: number;
    body?: { __type: string; message?: string; Message?: string };
  }

  export interface KeySchemaElement {
    AttributeName: string;
    KeyType: 'HASH' | 'RANGE';
  }

  export interface IndexDescription {
    IndexName: string;
    KeySchema: KeySchemaElement[];
    Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
  }

  export interface TableDescription {
    TableName: string;
    TableStatus?: string;
    KeySchema: KeySchemaElement[];
    LocalSecondaryIndexes?: IndexDescription[];
    GlobalSecondaryIndexes?: IndexDescription[];
  }

  export interface ConsumedCapacity {
    CapacityUnits: number;
    TableName: string;
    Table?: { CapacityUnits: number };
  }

  /** The `lock` package's lock: runs `exec` once every key is free; `release(done)` wraps the callback that frees them. */
  type KeyLock = (
    keys: string | string[],
    exec: (release: <A extends unknown[]>(done: (...args: A) => void) => (...args: A) => void) => void,
  ) => void;

  export interface SubDb {
    put(key: string, value: unknown, callback: Callback): void;
    get(key: string, callback: Callback<Item>): void;
    del(key: string, callback: Callback): void;
    lock: KeyLock;
  }

  export type BatchOperation = { type: 'put'; key: string; value: unknown } | { type: 'del'; key: string };

  interface LevelStore {
    getSync(key: string): unknown;
    getMany(keys: string[]): Promise<(Item | undefined)[]>;
    batch(operations: BatchOperation[]): Promise<void>;
    batch(operations: BatchOperation[], callback: Callback): void;
  }

  export interface Store {
    options: { maxItemSize: number };
    /** The one LevelDB database (JSON values) every table, item and index lives in, under key prefixes. */
    db: LevelStore;
    /** The `table` sub-database: each table's description under its name. */
    tableDb: {
      put(key: string, value: unknown, callback?: Callback): unknown;
      del(key: string, callback?: Callback): unknown;
    };
    /** Also `getTable(name, checkStatus, callback)`: with `checkStatus`, a CREATING or DELETING table is not found. */
    getTable(name: string, callback: (error: DynaliteError | null, table: TableDescription) => void): void;
    getItemDb(tableName: string): SubDb;
    getIndexDb(indexType: string, tableName: string, indexName: string): SubDb;
  }

  interface IndexActions {
    puts: { index: string; key: string; item: Item }[];
    deletes: { index: string; key: string }[];
  }

  interface DynaliteDb {
    create: (options: object) => Store;
    validateItem(item: Item, table: TableDescription): DynaliteError | undefined | null;
    validateKey(key: Item, table: TableDescription): DynaliteError | undefined | null;
    createKey(item: Item, table: TableDescription): string;
    checkConditional(data: ActionData, existing: Item | undefined): DynaliteError | null | undefined;
    itemSize(item: Item): number;
    validationError(message: string): DynaliteError;
    addConsumedCapacity(
      data: { ReturnConsumedCapacity?: string; TableName: string },
      isRead: boolean,
      newItem: Item | undefined,
      oldItem?: Item,
    ): ConsumedCapacity | undefined;
    getIndexActions(indexes: IndexDescription[], existingItem: Item | undefined, item: Item | null, table: TableDescription): IndexActions;
  }
  const db: DynaliteDb;
  export default db;
}

declare module 'dynalite/validations/index.js' {
  import type { Store } from 'dynalite/db/index.js';
  interface ActionValidation {
    types: object;
    custom?: (data: object, store: Store) => string | undefined;
  }
  interface Validations {
    /** Returns the request with unknown members dropped and values in dynalite's form; throws a SerializationException. */
    checkTypes(data: unknown, types: object): Record<string, unknown>;
    /** Throws dynalite's ValidationException for the first rule broken. */
    checkValidations(data: object, types: object, custom: ActionValidation['custom'], store: Store): void;
  }
  const validations: Validations;
  export default validations;
  export type { ActionValidation };
}

declare module 'dynalite/validations/batchWriteItem.js' {
  import type { ActionValidation } from 'dynalite/validations/index.js';
  const batchWriteItem: ActionValidation;
  export default batchWriteItem;
}

declare module 'dynalite/validations/*.js' {
  import type { ActionValidation } from 'dynalite/validations/index.js';
  const validation: ActionValidation;
  export default validation;
}

declare module 'dynalite/actions/*.js' {
  import type { ActionData, Callback, Store } from 'dynalite/db/index.js';
  const action: (store: Store, data: ActionData, callback: Callback) => void;
  export default action;
}

declare module 'dynalite/db/conditionParser.js' {
  /** What dynalite's validations hand its expression parsers; each parse deletes the names it uses from the unused sets. */
  interface ParseContext {
    attrNames?: Record<string, string>;
    attrVals?: Record<string, unknown>;
    unusedAttrNames?: Record<string, boolean>;
    unusedAttrVals?: Record<string, boolean>;
    isReserved?: (name: string) => boolean;
    compare?: (comparison: string, x: unknown, y: unknown) => boolean;
    isKeyCondition?: boolean;
  }
  /** A PEG parser: the parsed expression, or a validation message as a string; throws a SyntaxError. */
  interface ExpressionParser {
    parse: (expression: string, options: { context: ParseContext }) => unknown;
    SyntaxError: new (...args: never[]) => Error;
  }
  const parser: ExpressionParser;
  export default parser;
  export type { ExpressionParser, ParseContext };
}

declare module 'dynalite/db/updateParser.js' {
  import type { ExpressionParser } from 'dynalite/db/conditionParser.js';
  const parser: ExpressionParser;
  export default parser;
}

declare module 'dynalite/db/projectionParser.js' {
  import type { ExpressionParser } from 'dynalite/db/conditionParser.js';
  const parser: ExpressionParser;
  export default parser;
}
