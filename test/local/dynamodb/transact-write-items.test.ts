// The engine's TransactWriteItems through the AWS SDK, over the wire: all actions or none, AWS's cancellation
// reasons in order, its validation errors, and no lost update against a concurrent PutItem on the same key.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  waitUntilTableExists,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Store } from 'dynalite/db/index.js';
import validations from 'dynalite/validations/index.js';
import putItemValidation from 'dynalite/validations/putItem.js';
import putItemAction from 'dynalite/actions/putItem.js';
import { createDynalite } from '../../../src/local/dynamodb/dynalite-store.js';
import { transactState, transactWriteItems, type TransactState } from '../../../src/local/dynamodb/transact-write-items.js';
import { AwsJsonError } from '../../../src/local/protocol/json.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../../lambda/support/harness.js';
import { startAppServices, type AppServices } from '../../lambda/support/app-services.js';

const absent = { ConditionExpression: 'attribute_not_exists(#user)', ExpressionAttributeNames: { '#user': 'user_id' } };

/** The error `promise` rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error & { name: string; CancellationReasons?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { name: string };
  }
  assert.fail('expected the call to fail');
}

describe('TransactWriteItems on the local engine', () => {
  let app: AppServices;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let users: string;
  const other = 'qrcard-tx-other';

  before(async () => {
    app = await startAppServices('qrcard-tx');
    await app.createTable(other);
    client = app.dynamodb();
    documents = DynamoDBDocumentClient.from(client);
    users = app.names.table;
  });
  after(async () => {
    client.destroy();
    await app.stop();
  });
  beforeEach(async () => {
    await app.clearTable();
    await app.clearTable(other);
  });

  const put = (table: string, id: string, extra: Record<string, unknown> = {}) =>
    documents.send(new PutCommand({ TableName: table, Item: { user_id: id, type: 'attendee', ...extra } }));
  const get = async (table: string, id: string) =>
    (await documents.send(new GetCommand({ TableName: table, Key: { user_id: id, type: 'attendee' }, ConsistentRead: true }))).Item;

  it('applies Put, Update, Delete and ConditionCheck across two tables together', async () => {
    await put(users, 'updated', { visits: 1 });
    await put(users, 'deleted');
    await put(other, 'checked', { state: 'open' });

    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: users, Item: { user_id: 'new', type: 'attendee', name: 'Ana' }, ...absent } },
          {
            Update: {
              TableName: users,
              Key: { user_id: 'updated', type: 'attendee' },
              UpdateExpression: 'SET visits = visits + :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          { Delete: { TableName: users, Key: { user_id: 'deleted', type: 'attendee' }, ConditionExpression: 'attribute_exists(user_id)' } },
          {
            ConditionCheck: {
              TableName: other,
              Key: { user_id: 'checked', type: 'attendee' },
              ConditionExpression: '#state = :open',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':open': 'open' },
            },
          },
        ],
      }),
    );

    assert.deepEqual(await get(users, 'new'), { user_id: 'new', type: 'attendee', name: 'Ana' });
    assert.equal((await get(users, 'updated'))?.visits, 2);
    assert.equal(await get(users, 'deleted'), undefined);
    assert.deepEqual(await get(other, 'checked'), { user_id: 'checked', type: 'attendee', state: 'open' });
  });

  it('a failing condition cancels every action, with one reason per action in order and the old item on request', async () => {
    await put(users, 'taken', { name: 'First' });
    await put(users, 'kept');

    const error = await rejection(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: users, Item: { user_id: 'fresh', type: 'attendee' }, ...absent } },
            {
              Put: {
                TableName: users,
                Item: { user_id: 'taken', type: 'attendee', name: 'Second' },
                ...absent,
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Delete: { TableName: users, Key: { user_id: 'kept', type: 'attendee' } } },
            {
              ConditionCheck: {
                TableName: other,
                Key: { user_id: 'nobody', type: 'attendee' },
                ConditionExpression: 'attribute_exists(user_id)',
              },
            },
          ],
        }),
      ),
    );

    assert.ok(error instanceof TransactionCanceledException, String(error));
    assert.deepEqual(
      error.CancellationReasons?.map((reason) => reason.Code),
      ['None', 'ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'],
    );
    assert.deepEqual(error.CancellationReasons?.[1]?.Item, { user_id: { S: 'taken' }, type: { S: 'attendee' }, name: { S: 'First' } });
    assert.match(error.message, /\[None, ConditionalCheckFailed, None, ConditionalCheckFailed\]/);
    assert.equal(await get(users, 'fresh'), undefined);
    assert.equal((await get(users, 'taken'))?.name, 'First');
    assert.ok(await get(users, 'kept'));
  });

  it('refuses more than 100 actions, two actions on one item, and a table that does not exist, as AWS does', async () => {
    const puts = (count: number): TransactWriteItem[] =>
      Array.from({ length: count }, (_, index) => ({
        Put: { TableName: users, Item: { user_id: { S: `u${index}` }, type: { S: 'attendee' } } },
      }));
    const send = (items: TransactWriteItem[]) => client.send(new TransactWriteItemsCommand({ TransactItems: items }));

    const tooMany = await rejection(send(puts(101)));
    const twice = await rejection(
      send([...puts(1), { Delete: { TableName: users, Key: { user_id: { S: 'u0' }, type: { S: 'attendee' } } } }]),
    );
    const missing = await rejection(send([{ Put: { TableName: 'no-such-table', Item: { user_id: { S: 'a' }, type: { S: 'b' } } } }]));

    assert.equal(tooMany.name, 'ValidationException');
    assert.match(tooMany.message, /transactItems.*length less than or equal to 100/);
    assert.equal(twice.name, 'ValidationException');
    assert.match(twice.message, /cannot include multiple operations on one item/);
    assert.equal(missing.name, 'ResourceNotFoundException');
    assert.equal((await app.items()).length, 0);
  });

  it('a repeated ClientRequestToken answers the committed transaction again without writing; other actions with it are refused', async () => {
    const token = 'import-chunk-1-batch-1';
    const items = [{ Put: { TableName: users, Item: { user_id: 'once', type: 'attendee' }, ...absent } }];
    await documents.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }));
    await documents.send(new PutCommand({ TableName: users, Item: { user_id: 'once', type: 'attendee', name: 'changed since' } }));

    await documents.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }));
    const mismatch = await rejection(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: users, Item: { user_id: 'other', type: 'attendee' } } }],
          ClientRequestToken: token,
        }),
      ),
    );

    assert.equal((await get(users, 'once'))?.name, 'changed since');
    assert.equal(mismatch.name, 'IdempotentParameterMismatchException');
    assert.equal(await get(users, 'other'), undefined);
  });
});

// Over HTTP the engine tends to finish one request before it reads the next, so the race is run here on the
// store itself, where a transaction's reads and writes interleave with PutItem's at every I/O turn.
describe("TransactWriteItems racing PutItem on dynalite's store", () => {
  let dir: string;
  let server: Server;
  let store: Store;
  let client: DynamoDBClient;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qrcard-race-'));
    ({ server, store } = createDynalite({ path: dir }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: TEST_REGION, credentials: TEST_CREDENTIALS });
    await client.send(
      new CreateTableCommand({
        TableName: 'race',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client, minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 10 }, { TableName: 'race' });
  });
  after(async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  async function turns(count: number): Promise<void> {
    for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
  }

  /** dynalite's PutItem action on the store, with the request validated as its HTTP front end does. */
  function putItem(item: Record<string, unknown>): Promise<'won' | 'lost'> {
    const data = validations.checkTypes(
      { TableName: 'race', Item: item, ConditionExpression: 'attribute_not_exists(id)' },
      putItemValidation.types,
    );
    validations.checkValidations(data, putItemValidation.types, putItemValidation.custom, store);
    return new Promise((resolve, reject) =>
      putItemAction(store, data, (error) =>
        error ? (error.body?.__type.endsWith('ConditionalCheckFailedException') ? resolve('lost') : reject(error)) : resolve('won'),
      ),
    );
  }
  async function transaction(state: TransactState, item: Record<string, unknown>, partner: string): Promise<'won' | 'lost'> {
    const put = (value: Record<string, unknown>) => ({
      Put: { TableName: 'race', Item: value, ConditionExpression: 'attribute_not_exists(id)' },
    });
    try {
      await transactWriteItems(state, { TransactItems: [put({ id: { S: partner } }), put(item)] });
      return 'won';
    } catch (error) {
      if (error instanceof AwsJsonError && error.code === 'TransactionCanceledException') return 'lost';
      throw error;
    }
  }

  it('conditional PutItems and transactions on one key: exactly one writer wins, and its item is the one stored', async () => {
    const state = transactState(store);
    const keys = 30;
    const results = await Promise.all(
      Array.from({ length: keys }, async (_, round) => {
        const id = `race-${round}`;
        // Each writer starts a few turns of the event loop after the one before, so they meet at every stage.
        const writers = Array.from({ length: 3 }, (_, writer) => [
          turns((round % 4) + writer).then(() => putItem({ id: { S: id }, by: { S: `put-${writer}` } })),
          turns(writer).then(() => transaction(state, { id: { S: id }, by: { S: `transaction-${writer}` } }, `${id}-partner-${writer}`)),
        ]).flat();
        return { id, outcomes: await Promise.all(writers) };
      }),
    );

    for (const { id, outcomes } of results) {
      const won = outcomes.flatMap((outcome, index) => (outcome === 'won' ? [index] : []));
      assert.equal(won.length, 1, `${id}: ${won.length} writers won`);
      const winner = won[0] ?? 0;
      const stored = await client.send(new GetItemCommand({ TableName: 'race', Key: { id: { S: id } }, ConsistentRead: true }));
      assert.equal(stored.Item?.by?.S, `${winner % 2 === 0 ? 'put' : 'transaction'}-${Math.floor(winner / 2)}`);
      const partner = winner % 2 === 1 ? `${id}-partner-${Math.floor(winner / 2)}` : undefined;
      for (let writer = 0; writer < 3; writer++) {
        const name = `${id}-partner-${writer}`;
        const found = await client.send(new GetItemCommand({ TableName: 'race', Key: { id: { S: name } }, ConsistentRead: true }));
        assert.equal(found.Item !== undefined, name === partner, `${name}: written only by a transaction that won`);
      }
    }
  });
});
