// The engine's own BatchWriteItem against dynalite's: the same requests to two stores with the same tables, one
// through the edge (the engine's action), one to dynalite's own port (dynalite's handler); the same answers, byte
// for byte as JSON, and the same items and index entries afterwards.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { startDynamoDb, type DynamoDbService } from '../../../src/local/dynamodb/dynamodb-service.js';
import { startEdge, type Edge } from '../../../src/local/edge.js';

const SIGNED_HEADERS = {
  'x-amz-date': '20261204T000000Z',
  authorization: 'AWS4-HMAC-SHA256 Credential=local/20261204/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
};

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
}

/** One DynamoDB JSON call as the SDK sends it; checks the answer's CRC32 and request id, which DynamoDB sends with every answer. */
async function call(
  endpoint: string,
  operation: string,
  request: object | string,
  contentType = 'application/x-amz-json-1.0',
): Promise<Answer> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-amz-target': `DynamoDB_20120810.${operation}`, ...SIGNED_HEADERS },
    body: typeof request === 'string' ? request : JSON.stringify(request),
  });
  const text = await response.text();
  assert.equal(response.headers.get('x-amz-crc32'), String(crc32(text) >>> 0), `CRC32 of ${text}`);
  assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[A-Z0-9]{52}$/);
  return { status: response.status, contentType: response.headers.get('content-type'), body: JSON.parse(text) as unknown };
}

/** DynamoDB gives no order for ConsumedCapacity's tables, and dynalite lists them as its writes finish. */
function byTable(answer: Answer): Answer {
  const body = answer.body as { ConsumedCapacity?: { TableName: string }[] };
  if (!body.ConsumedCapacity) return answer;
  const ConsumedCapacity = [...body.ConsumedCapacity].sort((a, b) => a.TableName.localeCompare(b.TableName));
  return { ...answer, body: { ...body, ConsumedCapacity } };
}

const S = (value: string) => ({ S: value });
const N = (value: number) => ({ N: String(value) });
const user = (id: string, type = 'attendee', extra: object = {}) => ({ user_id: S(id), type: S(type), name: S(`Name ${id}`), ...extra });
const puts = (table: string, items: object[]) => ({ RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) } });

const tables = [
  {
    TableName: 'users',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'user_id', AttributeType: 'S' },
      { AttributeName: 'type', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'user_id', KeyType: 'HASH' },
      { AttributeName: 'type', KeyType: 'RANGE' },
    ],
  },
  {
    TableName: 'indexed',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'id', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'email', AttributeType: 'S' },
      { AttributeName: 'rank', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'id', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      { IndexName: 'by-email', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'by-rank',
        KeySchema: [
          { AttributeName: 'id', KeyType: 'HASH' },
          { AttributeName: 'rank', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['email'] },
      },
    ],
  },
];

const large = 'x'.repeat(3000);
const indexedItem = (id: string, sk: number, email: string, rank: number) => ({
  id: S(id),
  sk: N(sk),
  email: S(email),
  rank: N(rank),
  note: S(id),
});

/** Requests with their expected kind of answer, in order: later ones overwrite and delete what earlier ones wrote. */
const cases: readonly (readonly [name: string, request: object | string, status: number])[] = [
  ['puts into one table', puts('users', [user('a'), user('b'), user('c', 'speaker', { tags: { SS: ['x', 'y'] } })]), 200],
  [
    'overwrites a large item, counting its capacity (TOTAL)',
    { ...puts('users', [user('big', 'attendee')]), ReturnConsumedCapacity: 'TOTAL' },
    200,
  ],
  ['writes the large item', puts('users', [user('big', 'attendee', { blob: S(large) })]), 200],
  [
    'replaces the large item by a small one (TOTAL)',
    { ...puts('users', [user('big', 'attendee'), user('d')]), ReturnConsumedCapacity: 'TOTAL' },
    200,
  ],
  [
    'writes index entries in both kinds of index, two tables in one call (INDEXES)',
    {
      RequestItems: {
        indexed: [1, 2, 3].map((sk) => ({ PutRequest: { Item: indexedItem('i', sk, `e${sk}@example.org`, 10 - sk) } })),
        users: [{ PutRequest: { Item: user('e') } }, { DeleteRequest: { Key: { user_id: S('a'), type: S('attendee') } } }],
      },
      ReturnConsumedCapacity: 'INDEXES',
    },
    200,
  ],
  [
    'moves and removes index entries: a changed email, an item without one, a delete',
    {
      RequestItems: {
        indexed: [
          { PutRequest: { Item: indexedItem('i', 1, 'moved@example.org', 1) } },
          { PutRequest: { Item: { id: S('i'), sk: N(2), rank: N(7) } } },
          { DeleteRequest: { Key: { id: S('i'), sk: N(3) } } },
        ],
      },
      ReturnConsumedCapacity: 'TOTAL',
    },
    200,
  ],
  [
    'deletes an item that is not there (NONE)',
    { RequestItems: { users: [{ DeleteRequest: { Key: { user_id: S('zz'), type: S('x') } } }] }, ReturnConsumedCapacity: 'NONE' },
    200,
  ],
  ['refuses two writes of one key', puts('users', [user('dup'), user('other'), user('dup')]), 400],
  [
    'refuses a put and a delete of one key',
    {
      RequestItems: {
        users: [{ PutRequest: { Item: user('pd') } }, { DeleteRequest: { Key: { user_id: S('pd'), type: S('attendee') } } }],
      },
    },
    400,
  ],
  ['refuses a table that does not exist', puts('missing', [user('m')]), 400],
  ['refuses an item over 400 KB', puts('users', [user('huge', 'attendee', { blob: S('y'.repeat(410 * 1024)) })]), 400],
  ['refuses an item without its range key', puts('users', [{ user_id: S('k') }]), 400],
  ['refuses a key of the wrong type', puts('users', [{ user_id: N(1), type: S('t') }]), 400],
  ['refuses a delete whose key has an extra attribute', { RequestItems: { users: [{ DeleteRequest: { Key: { ...user('a') } } }] } }, 400],
  ['refuses an index key of the wrong type', puts('indexed', [{ id: S('w'), sk: N(1), email: N(5) }]), 400],
  [
    'refuses 26 writes',
    puts(
      'users',
      Array.from({ length: 26 }, (_, i) => user(`n${i}`)),
    ),
    400,
  ],
  ['refuses an empty write request', { RequestItems: { users: [{}] } }, 400],
  ['refuses no tables', { RequestItems: {} }, 400],
  ['refuses a value of the wrong JSON type', puts('users', [{ user_id: { S: 5 }, type: S('t') }]), 400],
  ['refuses an attribute value with two types', puts('users', [{ ...user('two'), both: { S: 'a', N: '1' } }]), 400],
  ['refuses a bad ReturnConsumedCapacity', { ...puts('users', [user('r')]), ReturnConsumedCapacity: 'SOME' }, 400],
  ['refuses a body that is not JSON', '{"RequestItems":', 400],
];

describe("the engine's BatchWriteItem answers as dynalite's does", () => {
  let dir: string;
  let engine: DynamoDbService;
  let reference: DynamoDbService;
  let edge: Edge;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qrcard-batch-write-'));
    engine = await startDynamoDb({ dir: join(dir, 'engine') });
    reference = await startDynamoDb({ dir: join(dir, 'reference') });
    edge = await startEdge();
    edge.mount('dynamodb', engine.handler);
    for (const table of tables) {
      for (const endpoint of [edge.url, reference.directUrl]) assert.equal((await call(endpoint, 'CreateTable', table)).status, 200);
    }
  });

  after(async () => {
    await edge.stop();
    await engine.stop();
    await reference.stop();
    await rm(dir, { recursive: true, force: true });
  });

  for (const [name, request, status] of cases) {
    it(name, async () => {
      const ours = await call(edge.url, 'BatchWriteItem', request);
      const dynalites = await call(reference.directUrl, 'BatchWriteItem', request);
      assert.deepEqual(byTable(ours), byTable(dynalites));
      assert.equal(ours.status, status, JSON.stringify(ours.body));
    });
  }

  it('answers application/json in kind', async () => {
    const request = puts('users', [user('json')]);
    const ours = await call(edge.url, 'BatchWriteItem', request, 'application/json');
    assert.deepEqual(ours, await call(reference.directUrl, 'BatchWriteItem', request, 'application/json'));
    assert.equal(ours.contentType, 'application/json');
  });

  it('leaves the same items and index entries', async () => {
    const reads = [
      ['Scan', { TableName: 'users' }],
      ['Scan', { TableName: 'indexed' }],
      ['Scan', { TableName: 'indexed', IndexName: 'by-email' }],
      [
        'Query',
        { TableName: 'indexed', IndexName: 'by-rank', KeyConditionExpression: 'id = :i', ExpressionAttributeValues: { ':i': S('i') } },
      ],
    ] as const;
    for (const [operation, request] of reads) {
      const ours = await call(edge.url, operation, request);
      assert.deepEqual(ours, await call(reference.directUrl, operation, request));
      assert.ok(((ours.body as { Count: number }).Count ?? 0) > 0, `${operation} ${JSON.stringify(request)} found items`);
    }
    const emails = await call(edge.url, 'Scan', { TableName: 'indexed', IndexName: 'by-email' });
    assert.deepEqual((emails.body as { Items: { email: { S: string } }[] }).Items.map((item) => item.email.S).sort(), [
      'moved@example.org',
    ]);
  });
});
