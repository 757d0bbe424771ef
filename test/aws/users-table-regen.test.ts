// What `card regen` asks of the users table, against a real DynamoDB (dynalite): the stale filter, counting,
// the conditional mark back to pending, and the cards' states read by key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createUsersBatch } from '../../src/aws/users-batch.js';
import type { UserRecord } from '../../src/core/record.js';
import { usersTableForSuite } from '../support/users-table.js';

const at = new Date('2026-12-01T09:00:00.000Z');
const OLD = 'aaaaaaaaaaaaaaaa';
const NEW = 'bbbbbbbbbbbbbbbb';

async function keysOf(pages: AsyncIterable<readonly UserRecord[]>): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of pages) keys.push(...page.map((record) => record.user_id));
  return keys.sort();
}

describe('users table for card regen', { timeout: 60_000 }, () => {
  const suite = usersTableForSuite(async (users) => {
    for (const id of ['old', 'new', 'unknown', 'failed', 'pending']) {
      await users.putNew({ user_id: id, type: 'attendee', name: `Person ${id}`, phone: '+351912345678' }, at);
    }
    await users.markCardReady({ user_id: 'old', type: 'attendee' }, 'cards/old/attendee.png', at, OLD);
    await users.markCardReady({ user_id: 'new', type: 'attendee' }, 'cards/new/attendee.png', at, NEW);
    await users.markCardReady({ user_id: 'unknown', type: 'attendee' }, 'cards/unknown/attendee.png', at);
    await users.markCardFailed({ user_id: 'failed', type: 'attendee' }, 'logo unreadable', at);
  });

  it('records the branding hash with ready, and counts as stale the ready cards drawn with another or none', async () => {
    const stale = await keysOf(suite.users.scan({ staleFor: NEW }));
    const staleCount = await suite.users.count({ staleFor: NEW });
    const failedCount = await suite.users.count({ status: 'failed' });

    assert.equal((await suite.users.get('new', 'attendee'))?.card_branding, NEW);
    assert.deepEqual(stale, ['old', 'unknown']);
    assert.equal(staleCount, 2);
    assert.equal(failedCount, 1);
  });

  it('marks a record pending only while its status and version are what was read', async () => {
    const batch = createUsersBatch(suite.client, suite.table.tableName);
    await suite.users.putNew({ user_id: 'race', type: 'speaker', name: 'Race', phone: '+351912345678' }, at);
    const seen = (await suite.users.markCardReady({ user_id: 'race', type: 'speaker' }, 'cards/race/speaker.png', at, OLD)) as {
      record: UserRecord;
    };
    // A render finishes between the read and the mark: the newer card stays.
    await suite.users.markCardReady({ user_id: 'race', type: 'speaker' }, 'cards/race/speaker.png', at, NEW);

    const [stale] = await batch.markPendingIfUnchanged([seen.record]);
    const [current] = await batch.markPendingIfUnchanged([{ ...seen.record, card_version: seen.record.card_version + 1 }]);
    const [gone] = await batch.markPendingIfUnchanged([{ user_id: 'nobody', type: 'speaker', card_status: 'ready', card_version: 1 }]);

    assert.equal(stale, 'changed');
    assert.equal(current, 'pending');
    assert.equal(gone, 'changed');
    assert.equal((await suite.users.get('race', 'speaker'))?.card_status, 'pending');
    assert.equal(await suite.users.get('nobody', 'speaker'), undefined);
  });

  it('marks many cards in transactions of 100, leaving the ones a render finished on meanwhile as they are', async () => {
    const batch = createUsersBatch(suite.client, suite.table.tableName);
    const later = new Date('2026-12-02T09:00:00.000Z');
    const seen: UserRecord[] = Array.from({ length: 150 }, (_, index) => ({
      user_id: `many${index}`,
      type: 'attendee',
      name: `Person ${index}`,
      phone: '+351912345678',
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
      card_status: 'ready',
      card_key: `cards/many${index}/attendee.png`,
      card_version: 1,
      card_branding: OLD,
    }));
    for (let start = 0; start < seen.length; start += 25) await batch.writeBatch(seen.slice(start, start + 25));
    // Renders finish on one card of each transaction after the scan read them.
    for (const index of [40, 120]) await suite.users.markCardReady(seen[index] as UserRecord, `cards/many${index}/attendee.png`, at, NEW);

    const outcomes = await batch.markPendingIfUnchanged(seen, later);

    assert.deepEqual(
      outcomes.flatMap((outcome, index) => (outcome === 'changed' ? [index] : [])),
      [40, 120],
    );
    const stored = new Map((await suite.table.items()).map((item) => [item.user_id, item as unknown as UserRecord]));
    const records = seen.map((record) => stored.get(record.user_id));
    assert.deepEqual(
      records.flatMap((record, index) => (record?.card_status === 'pending' && record.updated_at === later.toISOString() ? [] : [index])),
      [40, 120],
    );
    assert.deepEqual(
      [40, 120].map((index) => [records[index]?.card_status, records[index]?.card_branding, records[index]?.card_version]),
      [
        ['ready', NEW, 2],
        ['ready', NEW, 2],
      ],
    );
  });

  it('reads the card states of many keys, leaving out the ones with no record', async () => {
    const batch = createUsersBatch(suite.client, suite.table.tableName);

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
