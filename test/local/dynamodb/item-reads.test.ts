// The engine reads items synchronously from dynalite's store, and runs dynalite's GetItem and UpdateItem itself,
// without dynalite's request listener; the answers that depend on those (GetItem, UpdateItem, PutItem and DeleteItem
// with their old items, BatchGetItem) must be plain dynalite's. The same calls go to the engine through the edge and
// to a dynalite server of its own, and the answers are compared as JSON.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { startDynamoDb, type DynamoDbService } from '../../../src/local/dynamodb/dynamodb-service.js';
import { startEdge, type Edge } from '../../../src/local/edge.js';

const HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-date': '20261205T000000Z',
  authorization: 'AWS4-HMAC-SHA256 Credential=local/20261205/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
};

async function call(endpoint: string, operation: string, request: object): Promise<{ status: number; body: unknown }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { ...HEADERS, 'x-amz-target': `DynamoDB_20120810.${operation}` },
    body: JSON.stringify(request),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const S = (value: string) => ({ S: value });
const N = (value: number) => ({ N: String(value) });
const key = (id: string) => ({ user_id: S(id), type: S('attendee') });
const table = 'users';

const usersTable = {
  TableName: table,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'user_id', AttributeType: 'S' },
    { AttributeName: 'type', AttributeType: 'S' },
    { AttributeName: 'email', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'user_id', KeyType: 'HASH' },
    { AttributeName: 'type', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    { IndexName: 'by-email', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
  ],
};

const markReady = (id: string, extra: object = {}) => ({
  TableName: table,
  Key: key(id),
  UpdateExpression: 'SET card_status = :ready, card_version = if_not_exists(card_version, :zero) + :one',
  ConditionExpression: 'attribute_exists(user_id)',
  ExpressionAttributeValues: { ':ready': S('ready'), ':zero': N(0), ':one': N(1) },
  ...extra,
});

/** In order: each call's answer depends on the items the calls before it left. */
const calls: readonly (readonly [name: string, operation: string, request: object, status: number])[] = [
  [
    'a put of a new item, asking for the old one',
    'PutItem',
    { TableName: table, Item: { ...key('a'), email: S('a@example.org'), card_status: S('pending') }, ReturnValues: 'ALL_OLD' },
    200,
  ],
  ['a read of the item just written', 'GetItem', { TableName: table, Key: key('a') }, 200],
  ['a read of an item that is not there', 'GetItem', { TableName: table, Key: key('nobody') }, 200],
  [
    'a strongly consistent read of some attributes, with its capacity',
    'GetItem',
    { TableName: table, Key: key('a'), ProjectionExpression: 'email, card_status', ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' },
    200,
  ],
  ['an update of the item, with its new attributes', 'UpdateItem', markReady('a', { ReturnValues: 'ALL_NEW' }), 200],
  ['a second update, with the updated attributes before it', 'UpdateItem', markReady('a', { ReturnValues: 'UPDATED_OLD' }), 200],
  ['an update whose condition fails on a missing item', 'UpdateItem', markReady('nobody'), 400],
  [
    'an update that creates the item, moving it into the index',
    'UpdateItem',
    {
      TableName: table,
      Key: key('b'),
      UpdateExpression: 'SET email = :e',
      ExpressionAttributeValues: { ':e': S('b@example.org') },
      ReturnValues: 'ALL_OLD',
    },
    200,
  ],
  [
    'a put over an existing item, asking for the old one',
    'PutItem',
    { TableName: table, Item: { ...key('b'), name: S('B') }, ReturnValues: 'ALL_OLD' },
    200,
  ],
  [
    'a delete whose condition fails on the old item',
    'DeleteItem',
    { TableName: table, Key: key('a'), ConditionExpression: 'card_status = :p', ExpressionAttributeValues: { ':p': S('pending') } },
    400,
  ],
  ['a delete, asking for the old item', 'DeleteItem', { TableName: table, Key: key('a'), ReturnValues: 'ALL_OLD' }, 200],
  ['a read of the deleted item', 'GetItem', { TableName: table, Key: key('a') }, 200],
  ['a read of a key of the wrong type', 'GetItem', { TableName: table, Key: { user_id: N(1), type: S('attendee') } }, 400],
  ['a read from a table that is not there', 'GetItem', { TableName: 'missing', Key: key('a') }, 400],
  [
    'reads of several items, some missing',
    'BatchGetItem',
    { RequestItems: { [table]: { Keys: [key('a'), key('b'), key('nobody')] } } },
    200,
  ],
  ['a scan of the index', 'Scan', { TableName: table, IndexName: 'by-email' }, 200],
  ['a scan of the table', 'Scan', { TableName: table }, 200],
];

describe('item reads from the engine answer as plain dynalite does', () => {
  let dir: string;
  let engine: DynamoDbService;
  let edge: Edge;
  let plain: Server;
  let plainUrl: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qrcard-item-reads-'));
    engine = await startDynamoDb({ dir: join(dir, 'engine') });
    edge = await startEdge();
    edge.mount('dynamodb', engine.handler);
    plain = dynalite({ path: join(dir, 'plain'), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    for (const endpoint of [edge.url, plainUrl]) assert.equal((await call(endpoint, 'CreateTable', usersTable)).status, 200);
  });

  after(async () => {
    await edge.stop();
    await engine.stop();
    await new Promise((resolve) => plain.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  for (const [name, operation, request, status] of calls) {
    it(name, async () => {
      const ours = await call(edge.url, operation, request);
      assert.deepEqual(ours, await call(plainUrl, operation, request));
      assert.equal(ours.status, status, JSON.stringify(ours.body));
    });
  }

  it('reads what concurrent updates of one item wrote, each update seeing the one before', async () => {
    await call(edge.url, 'PutItem', { TableName: table, Item: key('counted') });
    await Promise.all(Array.from({ length: 20 }, () => call(edge.url, 'UpdateItem', markReady('counted'))));
    const { body } = await call(edge.url, 'GetItem', { TableName: table, Key: key('counted') });
    assert.deepEqual((body as { Item: { card_version: unknown } }).Item.card_version, N(20));
  });
});
