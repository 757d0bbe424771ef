// A users table with the app's key schema on the local engine's own DynamoDB, for tests of the table's clients.
import { after, before } from 'node:test';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import { startAppServices } from '../lambda/support/app-services.js';

export interface TestTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly endpoint: string;
  /** A separate client for the code under test, so calls recorded on it are only its own. */
  newClient(): DynamoDBClient;
  /** Every item, unmarshalled: for assertions only (the app never scans). */
  items(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startUsersTable(prefix = 'qrcard-test'): Promise<TestTable> {
  const app = await startAppServices(prefix);
  const client = app.dynamodb();
  return {
    client,
    tableName: app.names.table,
    endpoint: app.services.url,
    newClient: () => app.dynamodb(),
    items: () => app.items(),
    async stop() {
      client.destroy();
      await app.stop();
    },
  };
}

export interface SuiteTable {
  readonly table: TestTable;
  /** The code under test's own client, and the users table client built on it. */
  readonly client: DynamoDBClient;
  readonly users: UsersTable;
}

/**
 * Inside a `describe`: starts a users table before its tests and seeds it through `seed`, stops it after.
 * Read the fields inside tests or hooks, once the table has started.
 */
export function usersTableForSuite(seed: (users: UsersTable) => Promise<void>): SuiteTable {
  let started: SuiteTable | undefined;
  const current = (): SuiteTable => {
    if (started === undefined) throw new Error('the users table is read before its suite started it');
    return started;
  };
  before(async () => {
    const table = await startUsersTable();
    const client = table.newClient();
    started = { table, client, users: createUsersTable(client, table.tableName) };
    await seed(started.users);
  });
  after(async () => {
    started?.client.destroy();
    await started?.table.stop();
  });
  return {
    get table() {
      return current().table;
    },
    get client() {
      return current().client;
    },
    get users() {
      return current().users;
    },
  };
}
