// dynalite with its store in hand: dynalite keeps the store it creates to itself, and the engine's own
// DynamoDB actions (TransactWriteItems) must use that very store, its LevelDB and its per-item locks.
import type { Server } from 'node:http';
import dynalite from 'dynalite';
import dynaliteDb, { type Store } from 'dynalite/db/index.js';

/** Starts dynalite as `dynalite(options)` does, keeping the store it creates for the server. */
export function dynaliteWithStore(options: Parameters<typeof dynalite>[0]): { server: Server; store: Store } {
  const create = dynaliteDb.create;
  let store: Store | undefined;
  dynaliteDb.create = (storeOptions) => (store = create(storeOptions));
  let server: Server;
  try {
    server = dynalite(options);
  } finally {
    dynaliteDb.create = create;
  }
  if (!store) throw new Error('dynalite did not create its store through db.create');
  return { server, store };
}
