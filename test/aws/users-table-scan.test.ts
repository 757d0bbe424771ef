// The users table's scan and remove against a real DynamoDB (dynalite): pages, filters, conditions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { UserRecord } from '../../src/core/record.js';
import { usersTableForSuite } from '../support/users-table.js';

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
  const suite = usersTableForSuite(async (users) => {
    for (let index = 0; index < 7; index += 1) {
      const type = index % 2 === 0 ? 'attendee' : 'speaker';
      await users.putNew({ user_id: `u-${index}`, type, name: `Person ${index}`, phone: '+351912345678' }, at);
    }
    await users.markCardReady({ user_id: 'u-0', type: 'attendee' }, 'cards/u-0/attendee.png', at);
    await users.markCardFailed({ user_id: 'u-1', type: 'speaker' }, 'font missing', at);
  });

  it('reads every record, a page per request when a page size is given', async () => {
    const all = await collect(suite.users.scan({ pageSize: 3 }));

    assert.equal(all.keys.length, 7);
    assert.equal(all.pages, 3);
    assert.deepEqual(all, { pages: 3, keys: [0, 1, 2, 3, 4, 5, 6].map((i) => `u-${i}/${i % 2 === 0 ? 'attendee' : 'speaker'}`) });
  });

  it('filters by type, by status, and by both', async () => {
    const speakers = await collect(suite.users.scan({ type: 'speaker' }));
    const pending = await collect(suite.users.scan({ status: 'pending' }));
    const readyAttendees = await collect(suite.users.scan({ type: 'attendee', status: 'ready' }));
    const failedAttendees = await collect(suite.users.scan({ type: 'attendee', status: 'failed' }));

    assert.deepEqual(speakers.keys, ['u-1/speaker', 'u-3/speaker', 'u-5/speaker']);
    assert.equal(pending.keys.length, 5);
    assert.deepEqual(readyAttendees.keys, ['u-0/attendee']);
    assert.deepEqual(failedAttendees, { pages: 0, keys: [] });
  });

  it('skips pages the filter emptied', async () => {
    const ready = await collect(suite.users.scan({ status: 'ready', pageSize: 1 }));

    assert.deepEqual(ready, { pages: 1, keys: ['u-0/attendee'] });
  });

  it('removes a record and returns it; a second remove finds it missing', async () => {
    const key = { user_id: 'u-6', type: 'attendee' };

    const removed = await suite.users.remove(key);
    const again = await suite.users.remove(key);

    assert.equal(removed.kind, 'removed');
    assert.equal(removed.kind === 'removed' && removed.record.name, 'Person 6');
    assert.deepEqual(again, { kind: 'missing', key });
    assert.equal(await suite.users.get('u-6', 'attendee'), undefined);
  });
});
