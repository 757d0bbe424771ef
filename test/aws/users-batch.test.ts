// Batch writes to the users table: what DynamoDB leaves unprocessed (its answer under throttling) is sent
// again until every item is written once; conditional puts and existence checks against a real table.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createUsersBatch, transactionGroups } from '../../src/aws/users-batch.js';
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
type TransactInput = { TransactItems: Array<{ Put: { Item: UserRecord; ConditionExpression?: string } }>; ClientRequestToken?: string };

/** DynamoDB's answer to a transaction it cancelled, one reason per action. */
const cancelledWith = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
/** A users batch on a mocked client whose backoff sleeps are recorded instead of waited, with a fixed jitter. */
function mockedBatchRecordingDelays() {
  const delays: number[] = [];
  const sleep = (ms: number) => {
    delays.push(ms);
    return Promise.resolve();
  };
  return { batch: createUsersBatch(new DynamoDBClient({ region: 'us-east-1' }), 'users', { sleep, random: () => 0.5 }), delays };
}

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
    const { batch, delays } = mockedBatchRecordingDelays();
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

  it('puts new records in transactions; what exists already, or appears meanwhile, is found and left as it was', async () => {
    const batch = createUsersBatch(client, table.tableName);
    const documents = DynamoDBDocumentClient.from(client);
    await documents.send(new PutCommand({ TableName: table.tableName, Item: { ...record(150), name: 'Registered first' } }));
    await documents.send(new PutCommand({ TableName: table.tableName, Item: { ...record(7), name: 'Registered first' } }));
    const records = Array.from({ length: 160 }, (_, index) => record(100 + index));

    const outcomes = await batch.putNewBatch(records);

    assert.equal(outcomes.length, 160);
    assert.deepEqual(
      outcomes.flatMap((outcome, index) => (outcome === 'exists' ? [index + 100] : [])),
      [150],
    );
    const items = await table.items();
    assert.equal(items.filter((item) => item.name === 'Registered first').length, 2);
    assert.equal(items.filter((item) => Number(String(item.user_id).slice(1)) >= 100).length, 160);
  });

  it('sends a cancelled transaction again: found records taken out, conflicts and throttling after a jittered back-off', async () => {
    const dynamodb = mockClient(DynamoDBDocumentClient);
    const sent: string[][] = [];
    const tokens = new Set<string>();
    const answers = [
      cancelledWith('None', 'TransactionConflict', 'ConditionalCheckFailed', 'None'),
      cancelledWith('ThrottlingError', 'None', 'None'),
    ];
    dynamodb.on(TransactWriteCommand).callsFake((input: TransactInput) => {
      sent.push(input.TransactItems.map((action) => `${action.Put.Item.user_id}:${action.Put.ConditionExpression}`));
      tokens.add(input.ClientRequestToken ?? '');
      const answer = answers.shift();
      if (answer) throw answer;
      return {};
    });
    const { batch, delays } = mockedBatchRecordingDelays();

    let outcomes;
    try {
      outcomes = await batch.putNewBatch([record(1), record(2), record(3), record(4)]);
    } finally {
      dynamodb.restore();
    }

    assert.deepEqual(outcomes, ['created', 'created', 'exists', 'created']);
    const condition = 'attribute_not_exists(#user)';
    assert.deepEqual(sent, [
      ['u1', 'u2', 'u3', 'u4'].map((id) => `${id}:${condition}`),
      ['u1', 'u2', 'u4'].map((id) => `${id}:${condition}`),
      ['u1', 'u2', 'u4'].map((id) => `${id}:${condition}`),
    ]);
    assert.equal(tokens.size, 3);
    assert.deepEqual(delays, [25, 37]);
  });

  it('fails clearly on a cancellation it cannot retry, and gives up on conflicts after its rounds', async () => {
    const dynamodb = mockClient(DynamoDBDocumentClient);
    const batch = createUsersBatch(new DynamoDBClient({ region: 'us-east-1' }), 'users', { sleep: () => Promise.resolve(), maxRounds: 3 });
    try {
      dynamodb.on(TransactWriteCommand).rejects(cancelledWith('None', 'ValidationError'));
      await assert.rejects(batch.putNewBatch([record(1), record(2)]), /DynamoDB refused the record u2\/attendee: ValidationError/);
      dynamodb.on(TransactWriteCommand).rejects(cancelledWith('TransactionConflict'));
      await assert.rejects(batch.putNewBatch([record(1)]), /kept cancelling the transaction \(TransactionConflict\) after 3 rounds/);
    } finally {
      dynamodb.restore();
    }
  });

  it('cuts transactions at 100 puts, and sooner when their bytes would pass the limit', () => {
    const counts = transactionGroups(Array.from({ length: 250 }, (_, index) => record(index))).map((group) => group.length);
    const size = Buffer.byteLength(JSON.stringify(record(10)));
    const bySize = transactionGroups(
      Array.from({ length: 10 }, (_, index) => record(10 + index)),
      size * 4,
    ).map((group) => group.length);

    assert.deepEqual(counts, [100, 100, 50]);
    assert.deepEqual(bySize, [4, 4, 2]);
  });
});
