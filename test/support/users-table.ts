// A users table with the app's key schema on the local engine's own DynamoDB, for tests of the table's clients.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
