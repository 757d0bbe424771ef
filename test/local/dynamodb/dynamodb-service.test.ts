// The local DynamoDB's own BatchWriteItem with the rest of the engine: what it acknowledged is in the LevelDB store
// after a restart, and it shares dynalite's item locks with PutItem and UpdateItem without waiting forever.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  waitUntilTableExists,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { startDynamoDb } from '../../../src/local/dynamodb/dynamodb-service.js';
import { startEdge } from '../../../src/local/edge.js';
import { withTempDir } from '../../support/temp-dir.js';

async function withEngine(dir: string, run: (client: DynamoDBClient) => Promise<void>): Promise<void> {
  const dynamodb = await startDynamoDb({ dir });
  const edge = await startEdge();
  edge.mount('dynamodb', dynamodb.handler);
  const client = new DynamoDBClient({
    endpoint: edge.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await run(client);
  } finally {
    client.destroy();
    await edge.stop();
    await dynamodb.stop();
  }
}

const createTable = (client: DynamoDBClient, TableName: string) =>
  client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );

const putAll = (tables: Record<string, Record<string, AttributeValue>[]>) =>
  new BatchWriteItemCommand({
    RequestItems: Object.fromEntries(
      Object.entries(tables).map(([table, items]) => [table, items.map((Item) => ({ PutRequest: { Item } }))]),
    ),
  });

async function scanAll(client: DynamoDBClient, TableName: string): Promise<Record<string, AttributeValue>[]> {
  const items = await client.send(new ScanCommand({ TableName }));
  return (items.Items ?? []).sort((a, b) => (a['id']?.S ?? '').localeCompare(b['id']?.S ?? ''));
}

describe('the local DynamoDB’s BatchWriteItem in the engine', () => {
  it('keeps every acknowledged write in the store across a restart', async () => {
    await withTempDir('batch-durable', async (dir) => {
      const written = Array.from({ length: 100 }, (_, i) => ({
        id: { S: `u${String(i).padStart(3, '0')}` },
        name: { S: `Zoë ${i}` },
        n: { N: String(i) },
      }));
      await withEngine(dir, async (client) => {
        await createTable(client, 'users');
        for (let start = 0; start < written.length; start += 25) await client.send(putAll({ users: written.slice(start, start + 25) }));
      });
      await withEngine(dir, async (client) => {
        assert.deepEqual(await scanAll(client, 'users'), written);
      });
    });
  });

  it('finishes batches, puts and updates of the same items in flight at once, tables in either order', { timeout: 30_000 }, async () => {
    await withTempDir('batch-locks', async (dir) => {
      await withEngine(dir, async (client) => {
        await createTable(client, 'left');
        await createTable(client, 'right');
        const ids = Array.from({ length: 25 }, (_, i) => `k${i}`);
        const items = (round: number, order: readonly string[]) => order.map((id) => ({ id: { S: id }, round: { N: String(round) } }));
        const calls = Array.from({ length: 12 }, (_, round) => {
          const order = round % 2 === 0 ? ids : [...ids].reverse();
          const batch =
            round % 2 === 0
              ? { left: items(round, order), right: items(round, order) }
              : { right: items(round, order), left: items(round, order) };
          return [
            client.send(putAll(batch)),
            client.send(new PutItemCommand({ TableName: 'left', Item: { id: { S: ids[round] ?? '' }, round: { N: '-1' } } })),
            client.send(
              new UpdateItemCommand({
                TableName: 'right',
                Key: { id: { S: ids[round] ?? '' } },
                UpdateExpression: 'ADD touched :one',
                ExpressionAttributeValues: { ':one': { N: '1' } },
              }),
            ),
          ];
        });
        await Promise.all(calls.flat());
        for (const table of ['left', 'right']) assert.equal((await scanAll(client, table)).length, 25, table);
      });
    });
  });
});

// dynalite answers CreateTable and UpdateTable before the table is ACTIVE, even with no delay configured.
const activeTable = (client: DynamoDBClient, TableName: string) =>
  waitUntilTableExists({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 10 }, { TableName });

describe('the local DynamoDB’s table descriptions', () => {
  it('answers from the table as it is now after the table is updated, deleted and created again', async () => {
    await withTempDir('qrcard-dynamodb-tables-', (dir) =>
      withEngine(dir, async (client) => {
        await client.send(
          new CreateTableCommand({
            TableName: 'people',
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          }),
        );
        await activeTable(client, 'people');
        await client.send(new PutItemCommand({ TableName: 'people', Item: { id: { S: 'a' } } }));
        await client.send(
          new UpdateTableCommand({ TableName: 'people', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 } }),
        );
        await activeTable(client, 'people');
        const updated = await client.send(new DescribeTableCommand({ TableName: 'people' }));
        await client.send(new DeleteTableCommand({ TableName: 'people' }));
        const afterDelete = await client.send(new GetItemCommand({ TableName: 'people', Key: { id: { S: 'a' } } })).then(
          () => 'answered',
          (error: Error) => error.name,
        );
        await client.send(
          new CreateTableCommand({
            TableName: 'people',
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          }),
        );
        await activeTable(client, 'people');
        await client.send(new PutItemCommand({ TableName: 'people', Item: { pk: { S: 'c' } } }));

        const { ReadCapacityUnits, WriteCapacityUnits } = updated.Table?.ProvisionedThroughput ?? {};
        assert.deepEqual({ ReadCapacityUnits, WriteCapacityUnits }, { ReadCapacityUnits: 5, WriteCapacityUnits: 7 });
        assert.equal(afterDelete, 'ResourceNotFoundException');
        assert.deepEqual(await client.send(new ScanCommand({ TableName: 'people' })).then((page) => page.Items), [{ pk: { S: 'c' } }]);
      }),
    );
  });
});
