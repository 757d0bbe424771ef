// render-card's narrow view of the users table, over the plain DynamoDB client with its middleware resolved once
// (as the handler builds it), against the local engine: the same records and answers as the users table's document
// client gives for the same steps, and items of every DynamoDB type read back as the document client reads them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createCardRecords, type CardRecords } from '../../src/aws/card-records.js';
import { createUsersTable, type UpdateResult, type UsersTable } from '../../src/aws/users-table.js';
import type { UserRecord } from '../../src/core/record.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../lambda/support/harness.js';
import { startUsersTable, type TestTable } from '../support/users-table.js';

const at = (minute: number) => new Date(`2026-12-05T09:${String(minute).padStart(2, '0')}:00.000Z`);
const person = (user_id: string) => ({ user_id, type: 'speaker', name: 'Ana Silva', company: 'Exemplo Lda', phone: '+351912345678' });

/** A result without its key, so the two clients' results for two twin records compare equal. */
function withoutKey(result: UpdateResult | UserRecord | undefined): unknown {
  if (result === undefined) return undefined;
  if ('kind' in result) return result.kind === 'updated' ? { kind: result.kind, record: withoutKey(result.record) } : { kind: result.kind };
  const { user_id: _user, ...rest } = result;
  return rest;
}

describe('card records (render-card over the plain DynamoDB client)', () => {
  let table: TestTable;
  let cached: DynamoDBClient;
  let users: UsersTable;
  let cards: CardRecords;

  before(async () => {
    table = await startUsersTable('qrcard-card-records');
    cached = new DynamoDBClient({ region: TEST_REGION, endpoint: table.endpoint, credentials: TEST_CREDENTIALS, cacheMiddleware: true });
    users = createUsersTable(table.client, table.tableName);
    cards = createCardRecords(cached, table.tableName);
  });
  after(async () => {
    cached?.destroy();
    await table?.stop();
  });

  it('reads and updates a record with the same results as the users table, step by step', async () => {
    await users.putNew(person('twin-docs'), at(0));
    await users.putNew(person('twin-plain'), at(0));
    const key = (user_id: string) => ({ user_id, type: 'speaker' });
    const steps: Array<(client: CardRecords, user_id: string) => Promise<UpdateResult | UserRecord | undefined>> = [
      (client, id) => client.get(id, 'speaker'),
      (client, id) => client.markCardReady(key(id), 'cards/same/speaker.png', at(1), 'aaaaaaaaaaaaaaaa'),
      (client, id) => client.markCardReady(key(id), 'cards/same/speaker.png', at(2)),
      (client, id) => client.markCardFailed(key(id), `logo unreadable:\n ${'x'.repeat(300)}`, at(3)),
      (client, id) => client.get(id, 'speaker'),
      (client, id) => client.markCardReady(key(id), 'cards/same/speaker.png', at(4), 'bbbbbbbbbbbbbbbb'),
      (client, id) => client.get(id, 'speaker'),
    ];

    for (const [index, step] of steps.entries()) {
      const viaDocuments = await step(users, 'twin-docs');
      const viaPlain = await step(cards, 'twin-plain');
      assert.deepEqual(withoutKey(viaPlain), withoutKey(viaDocuments), `step ${index}`);
    }
    const last = await cards.get('twin-plain', 'speaker');
    assert.deepEqual(
      [last?.user_id, last?.card_status, last?.card_version, last?.card_branding, last?.card_error],
      ['twin-plain', 'ready', 3, 'bbbbbbbbbbbbbbbb', undefined],
    );
  });

  it('reports a record that is not there as missing and never creates it', async () => {
    const ghost = { user_id: 'ghost', type: 'staff' };

    const outcomes = [
      await cards.get(ghost.user_id, ghost.type),
      await cards.markCardReady(ghost, 'cards/ghost/staff.png', at(5)),
      await cards.markCardFailed(ghost, 'boom', at(5)),
    ];

    assert.deepEqual(outcomes, [undefined, { kind: 'missing', key: ghost }, { kind: 'missing', key: ghost }]);
    assert.equal((await table.items()).filter((item) => item.user_id === 'ghost').length, 0);
  });

  it('reads an item of every attribute type as the document client reads it', async () => {
    const item = {
      user_id: 'every-type',
      type: 'attendee',
      text: 'Ana',
      whole: 42,
      fraction: -1.25,
      flag: true,
      nothing: null,
      nested: { list: ['a', 7, false, { deeper: 'yes' }] },
      bytes: new Uint8Array([1, 2, 3]),
      words: new Set(['a', 'b']),
      numbers: new Set([1, 2.5]),
      blobs: new Set([new Uint8Array([9])]),
    };
    const documents = DynamoDBDocumentClient.from(table.client);
    await documents.send(new PutCommand({ TableName: table.tableName, Item: item }));

    const plain = await cards.get('every-type', 'attendee');

    const viaDocuments = (
      await documents.send(new GetCommand({ TableName: table.tableName, Key: { user_id: 'every-type', type: 'attendee' } }))
    ).Item;
    assert.deepEqual(plain, viaDocuments);
    assert.deepEqual(plain, item);
  });
});
