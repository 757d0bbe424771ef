// The users table's scan and remove against a real DynamoDB (dynalite): pages, filters, conditions.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import type { UserRecord } from '../../src/core/record.js';
import { startUsersTable, type TestTable } from '../support/users-table.js';

const at = new Date('2026-12-01T09:00:00.000Z');

async function collect(pages: AsyncIterable<readonly UserRecord[]>): Promise<{ pages: number; keys: string[] }> {
  let count = 0;
  const keys: string[] = [];
  for await (const page of pages) {
    count += 1;
    keys.push(...page.map((record) => `${record.user_id}/${record.type}`));
  }
  return { pages: count, keys: keys.sort() };
}

describe('users table scan and remove', { timeout: 60_000 }, () => {
  let table: TestTable;
  let client: DynamoDBClient;
  let users: UsersTable;

  before(async () => {
    table = await startUsersTable();
    client = table.newClient();
    users = createUsersTable(client, table.tableName);
    for (let index = 0; index < 7; index += 1) {
      const type = index % 2 === 0 ? 'attendee' : 'speaker';
      await users.putNew({ user_id: `u-${index}`, type, name: `Person ${index}`, phone: '+351912345678' }, at);
    }
    await users.markCardReady({ user_id: 'u-0', type: 'attendee' }, 'cards/u-0/attendee.png', at);
    await users.markCardFailed({ user_id: 'u-1', type: 'speaker' }, 'font missing', at);
  });
  after(async () => {
    client.destroy();
    await table.stop();
  });

  it('reads every record, a page per request when a page size is given', async () => {
    const all = await collect(users.scan({ pageSize: 3 }));

    assert.equal(all.keys.length, 7);
    assert.equal(all.pages, 3);
    assert.deepEqual(all, { pages: 3, keys: [0, 1, 2, 3, 4, 5, 6].map((i) => `u-${i}/${i % 2 === 0 ? 'attendee' : 'speaker'}`) });
  });

  it('filters by type, by status, and by both', async () => {
    const speakers = await collect(users.scan({ type: 'speaker' }));
    const pending = await collect(users.scan({ status: 'pending' }));
    const readyAttendees = await collect(users.scan({ type: 'attendee', status: 'ready' }));
    const failedAttendees = await collect(users.scan({ type: 'attendee', status: 'failed' }));

    assert.deepEqual(speakers.keys, ['u-1/speaker', 'u-3/speaker', 'u-5/speaker']);
    assert.equal(pending.keys.length, 5);
    assert.deepEqual(readyAttendees.keys, ['u-0/attendee']);
    assert.deepEqual(failedAttendees, { pages: 0, keys: [] });
  });

  it('skips pages the filter emptied', async () => {
    const ready = await collect(users.scan({ status: 'ready', pageSize: 1 }));

    assert.deepEqual(ready, { pages: 1, keys: ['u-0/attendee'] });
  });

  it('removes a record and returns it; a second remove finds it missing', async () => {
    const key = { user_id: 'u-6', type: 'attendee' };

    const removed = await users.remove(key);
    const again = await users.remove(key);

    assert.equal(removed.kind, 'removed');
    assert.equal(removed.kind === 'removed' && removed.record.name, 'Person 6');
    assert.deepEqual(again, { kind: 'missing', key });
    assert.equal(await users.get('u-6', 'attendee'), undefined);
  });
});
