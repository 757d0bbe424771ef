// What `card regen` asks of the users table, against a real DynamoDB (dynalite): the stale filter, counting,
// the conditional mark back to pending, and the cards' states read by key.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createUsersBatch } from '../../src/aws/users-batch.js';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import type { UserRecord } from '../../src/core/record.js';
import { startUsersTable, type TestTable } from '../support/users-table.js';

const at = new Date('2026-12-01T09:00:00.000Z');
const OLD = 'aaaaaaaaaaaaaaaa';
const NEW = 'bbbbbbbbbbbbbbbb';

async function keysOf(pages: AsyncIterable<readonly UserRecord[]>): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of pages) keys.push(...page.map((record) => record.user_id));
  return keys.sort();
}

describe('users table for card regen', { timeout: 60_000 }, () => {
  let table: TestTable;
  let client: DynamoDBClient;
  let users: UsersTable;

  before(async () => {
    table = await startUsersTable();
    client = table.newClient();
    users = createUsersTable(client, table.tableName);
    for (const id of ['old', 'new', 'unknown', 'failed', 'pending']) {
      await users.putNew({ user_id: id, type: 'attendee', name: `Person ${id}`, phone: '+351912345678' }, at);
    }
    await users.markCardReady({ user_id: 'old', type: 'attendee' }, 'cards/old/attendee.png', at, OLD);
    await users.markCardReady({ user_id: 'new', type: 'attendee' }, 'cards/new/attendee.png', at, NEW);
    await users.markCardReady({ user_id: 'unknown', type: 'attendee' }, 'cards/unknown/attendee.png', at);
    await users.markCardFailed({ user_id: 'failed', type: 'attendee' }, 'logo unreadable', at);
  });
  after(async () => {
    client.destroy();
    await table.stop();
  });

  it('records the branding hash with ready, and counts as stale the ready cards drawn with another or none', async () => {
    const stale = await keysOf(users.scan({ staleFor: NEW }));
    const staleCount = await users.count({ staleFor: NEW });
    const failedCount = await users.count({ status: 'failed' });

    assert.equal((await users.get('new', 'attendee'))?.card_branding, NEW);
    assert.deepEqual(stale, ['old', 'unknown']);
    assert.equal(staleCount, 2);
    assert.equal(failedCount, 1);
  });

  it('marks a record pending only while its status and version are what was read', async () => {
    await users.putNew({ user_id: 'race', type: 'speaker', name: 'Race', phone: '+351912345678' }, at);
    const seen = (await users.markCardReady({ user_id: 'race', type: 'speaker' }, 'cards/race/speaker.png', at, OLD)) as {
      record: UserRecord;
    };
    // A render finishes between the read and the mark: the newer card stays.
    await users.markCardReady({ user_id: 'race', type: 'speaker' }, 'cards/race/speaker.png', at, NEW);

    const stale = await users.markPendingIfUnchanged(seen.record);
    const current = await users.markPendingIfUnchanged({ ...seen.record, card_version: seen.record.card_version + 1 });
    const gone = await users.markPendingIfUnchanged({ user_id: 'nobody', type: 'speaker', card_status: 'ready', card_version: 1 });

    assert.equal(stale, 'changed');
    assert.equal(current, 'pending');
    assert.equal(gone, 'changed');
    assert.equal((await users.get('race', 'speaker'))?.card_status, 'pending');
    assert.equal(await users.get('nobody', 'speaker'), undefined);
  });

  it('reads the card states of many keys, leaving out the ones with no record', async () => {
    const batch = createUsersBatch(client, table.tableName);

    const states = await batch.cardStates([
      { user_id: 'failed', type: 'attendee' },
      { user_id: 'pending', type: 'attendee' },
      { user_id: 'nobody', type: 'attendee' },
    ]);

    assert.deepEqual(
      states.sort((a, b) => a.user_id.localeCompare(b.user_id)),
      [
        { user_id: 'failed', type: 'attendee', card_status: 'failed', card_error: 'logo unreadable' },
        { user_id: 'pending', type: 'attendee', card_status: 'pending' },
      ],
    );
  });
});
