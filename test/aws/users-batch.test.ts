// Batch writes to the users table: what DynamoDB leaves unprocessed (its answer under throttling) is sent
// again until every item is written once; conditional puts and existence checks against a real table.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createUsersBatch } from '../../src/aws/users-batch.js';
import type { UserRecord } from '../../src/core/record.js';
import { startUsersTable, type TestTable } from '../support/users-table.js';

const record = (index: number): UserRecord => ({
  user_id: `u${index}`,
  type: 'attendee',
  name: `Person ${index}`,
  phone: '+14155550100',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  card_status: 'pending',
  card_version: 0,
});

type WriteRequest = { PutRequest?: { Item?: Record<string, unknown> } };
const idOf = (request: WriteRequest) => String(request.PutRequest?.Item?.user_id);

describe('users batch', () => {
  let table: TestTable;
  let client: DynamoDBClient;

  before(async () => {
    table = await startUsersTable();
    client = table.newClient();
  });
  after(async () => {
    client.destroy();
    await table.stop();
  });

  it('sends unprocessed items again after a jittered back-off until each is written exactly once', async () => {
    const dynamodb = mockClient(DynamoDBDocumentClient);
    const accepted: string[] = [];
    let calls = 0;
    dynamodb.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, WriteRequest[]> }) => {
      calls++;
      const requests = input.RequestItems.users ?? [];
      // Throttled: the first two calls take only the first three items.
      const taken = calls <= 2 ? requests.slice(0, 3) : requests;
      accepted.push(...taken.map(idOf));
      const left = requests.slice(taken.length);
      return { UnprocessedItems: left.length > 0 ? { users: left } : {} };
    });
    const delays: number[] = [];
    const batch = createUsersBatch(new DynamoDBClient({ region: 'us-east-1' }), 'users', {
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    });
    try {
      await batch.writeBatch(Array.from({ length: 10 }, (_, index) => record(index)));
    } finally {
      dynamodb.restore();
    }

    assert.deepEqual([...accepted].sort(), Array.from({ length: 10 }, (_, index) => `u${index}`).sort());
    assert.equal(calls, 3);
    assert.deepEqual(delays, [25, 37]);
  });

  it('gives up, saying so, when DynamoDB never takes the rest', async () => {
    const dynamodb = mockClient(DynamoDBDocumentClient);
    dynamodb
      .on(BatchWriteCommand)
      .callsFake((input: { RequestItems: Record<string, WriteRequest[]> }) => ({ UnprocessedItems: input.RequestItems }));
    const batch = createUsersBatch(new DynamoDBClient({ region: 'us-east-1' }), 'users', { sleep: () => Promise.resolve(), maxRounds: 3 });
    try {
      await assert.rejects(batch.writeBatch([record(1)]), /DynamoDB left writes unprocessed after 3 rounds/);
    } finally {
      dynamodb.restore();
    }
  });

  it('puts only if absent, and finds which keys exist', async () => {
    const batch = createUsersBatch(client, table.tableName);

    const first = await batch.putIfAbsent(record(1));
    const second = await batch.putIfAbsent({ ...record(1), name: 'Someone else' });
    await batch.writeBatch([record(2), record(3)]);
    const keys = Array.from({ length: 150 }, (_, index) => ({ user_id: `u${index}`, type: 'attendee' }));
    const existing = await batch.existingKeys(keys);

    assert.equal(first, 'created');
    assert.equal(second, 'exists');
    assert.deepEqual(existing.map((key) => [key.user_id, key.created_at]).sort(), [
      ['u1', '2026-01-01T00:00:00.000Z'],
      ['u2', '2026-01-01T00:00:00.000Z'],
      ['u3', '2026-01-01T00:00:00.000Z'],
    ]);
  });
});
