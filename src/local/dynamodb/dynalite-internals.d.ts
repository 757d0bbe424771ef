// Types for the parts of dynalite's store, validations and actions that the engine's TransactWriteItems builds on.

declare module 'dynalite/db/index.js' {
  export type AttributeMap = Record<string, Record<string, unknown>>;
  export type Callback<T = unknown> = (error: DynaliteError | null | undefined, result?: T) => void;
  /** dynalite's errors carry the HTTP status and the JSON body AWS would send. */
  export interface DynaliteError extends Error {
    statusCode?: number;
    body?: { __type: string; message: string };
  }
  export interface TableDescription {
    readonly TableName: string;
    readonly KeySchema: readonly { AttributeName: string; KeyType: string }[];
  }
  /** `lock(keys, run)`: `run` gets `release`, which wraps a callback so that calling it frees the keys. */
  export type KeyLock = (keys: string | string[], run: (release: (done: () => void) => () => void) => void) => void;
  export interface SubDb {
    put(key: string, value: unknown, callback: Callback): void;
    get(key: string, callback: Callback<AttributeMap>): void;
    del(key: string, callback: Callback): void;
    lock: KeyLock;
  }
  export interface BatchOperation {
    readonly type: 'put' | 'del';
    readonly key: string;
    readonly value?: unknown;
  }
  export interface Store {
    readonly options: { readonly maxItemSize: number };
    readonly db: { batch(operations: BatchOperation[], callback: Callback): void };
    getTable(name: string, callback: Callback<TableDescription>): void;
    getItemDb(name: string): SubDb;
    getIndexDb(indexType: string, tableName: string, indexName: string): SubDb;
  }
  /** A request after dynalite's validation: the wire fields plus its parsed expressions. */
  export type ActionData = Record<string, unknown>;
  const db: {
    create: (options: object) => Store;
    validateItem(item: AttributeMap, table: TableDescription): DynaliteError | undefined;
    validateKey(key: AttributeMap, table: TableDescription): DynaliteError | undefined;
    createKey(item: AttributeMap, table: TableDescription): string;
    checkConditional(data: ActionData, existing: AttributeMap | undefined): DynaliteError | null | undefined;
    itemSize(item: AttributeMap): number;
  };
  export default db;
}

declare module 'dynalite/validations/index.js' {
  import type { ActionData, Store } from 'dynalite/db/index.js';
  const validations: {
    checkTypes(data: unknown, types: object): ActionData;
    checkValidations(data: ActionData, types: object, custom: unknown, store: Store): void;
  };
  export default validations;
}

declare module 'dynalite/validations/*.js' {
  const validation: { readonly types: object; readonly custom: unknown };
  export default validation;
}

declare module 'dynalite/actions/*.js' {
  import type { ActionData, Callback, Store } from 'dynalite/db/index.js';
  const action: (store: Store, data: ActionData, callback: Callback) => void;
  export default action;
}
