// regenCards and waitForCards over in-memory ports: records a render finished on meanwhile are left alone,
// requests SNS refuses after every retry are counted, a dry run only counts, and waiting sorts the outcomes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchOutcome, CardRequest } from '../../src/aws/card-requests.js';
import type { CardState } from '../../src/aws/users-batch.js';
import type { ScanOptions, SeenCard } from '../../src/aws/users-table.js';
import type { UserRecord } from '../../src/core/record.js';
import type { UserKey } from '../../src/core/users-table-key.js';
import { regenCards, waitForCards } from '../../src/import/regen-cards.js';

const record = (index: number): UserRecord => ({
  user_id: `u${index}`,
  type: 'attendee',
  name: `Person ${index}`,
  phone: '+14155550100',
  created_at: '2026-12-05T08:00:00.000Z',
  updated_at: '2026-12-05T08:00:00.000Z',
  card_status: 'ready',
  card_version: 1,
});

/** A table of `count` records in pages of `pageSize`, where the ids in `changed` had a render finish after the scan. */
function fakeUsers(count: number, changed: ReadonlySet<string> = new Set(), pageSize = 10) {
  const marked: SeenCard[] = [];
  const markCalls: number[] = [];
  const scans: ScanOptions[] = [];
  return {
    marked,
    markCalls,
    scans,
    async *scan(options: ScanOptions = {}) {
      scans.push(options);
      for (let start = 0; start < count; start += pageSize) {
        yield await Promise.resolve(Array.from({ length: Math.min(pageSize, count - start) }, (_, i) => record(start + i)));
      }
    },
    count: (options: ScanOptions = {}) => {
      scans.push(options);
      return Promise.resolve(count);
    },
    markPendingIfUnchanged(seen: readonly SeenCard[]) {
      marked.push(...seen);
      markCalls.push(seen.length);
      return Promise.resolve(seen.map((card) => (changed.has(card.user_id) ? ('changed' as const) : ('pending' as const))));
    },
  };
}

/** SNS that accepts everything but refuses the ids in `refused` as the sender's fault (never retried). */
function fakeSns(refused: ReadonlySet<string> = new Set()) {
  const sent: CardRequest[] = [];
  return {
    sent,
    publishBatch(requests: readonly CardRequest[]): Promise<BatchOutcome> {
      assert.ok(requests.length <= 10, 'at most ten per PublishBatch');
      const failed = requests.filter((request) => refused.has(request.user_id));
      sent.push(...requests.filter((request) => !refused.has(request.user_id)));
      return Promise.resolve({
        published: requests.length - failed.length,
        failed: failed.map((request) => ({ request, reason: 'invalid', senderFault: true })),
      });
    },
  };
}

describe('regenCards', () => {
  it('requests a regen for every record marked pending, leaves the changed ones, and counts the refused ones', async () => {
    const users = fakeUsers(25, new Set(['u3', 'u17']));
    const sns = fakeSns(new Set(['u20']));

    const summary = await regenCards(
      { selection: { staleFor: 'h' }, correlationPrefix: 'regen-x' },
      { users, usersBatch: users, cardRequests: sns },
    );

    assert.deepEqual(users.scans, [{ staleFor: 'h' }]);
    assert.equal(users.marked.length, 25);
    assert.deepEqual(
      { matched: summary.matched, requested: summary.requested, changed: summary.changed, notSent: summary.notSent },
      { matched: 25, requested: 22, changed: 2, notSent: 1 },
    );
    assert.deepEqual(
      sns.sent.map((request) => request.user_id).sort(),
      Array.from({ length: 25 }, (_, i) => `u${i}`)
        .filter((id) => !['u3', 'u17', 'u20'].includes(id))
        .sort(),
    );
    assert.ok(sns.sent.every((request) => request.reason === 'regen' && request.correlation_id.startsWith('regen-x-')));
    assert.equal(new Set(sns.sent.map((request) => request.correlation_id)).size, 22);
    assert.deepEqual(summary.requestedKeys.map((key) => key.user_id).sort(), sns.sent.map((request) => request.user_id).sort());
  });

  it('marks up to 100 records a call and requests each hundred when it is marked, numbered by position', async () => {
    const users = fakeUsers(450, new Set(['u150']), 250);
    const sns = fakeSns();
    const events: string[] = [];
    const usersBatch = {
      async markPendingIfUnchanged(seen: readonly SeenCard[]) {
        events.push(`mark ${seen[0]?.user_id}+${seen.length}`);
        return users.markPendingIfUnchanged(seen);
      },
    };
    const cardRequests = {
      async publishBatch(requests: readonly CardRequest[]) {
        events.push(`publish ${requests[0]?.user_id}`);
        return sns.publishBatch(requests);
      },
    };

    const summary = await regenCards({ selection: {}, correlationPrefix: 'r', concurrency: 1 }, { users, usersBatch, cardRequests });

    assert.deepEqual(users.markCalls, [100, 100, 50, 100, 100]);
    assert.deepEqual(events.slice(0, 12), ['mark u0+100', ...Array.from({ length: 10 }, (_, i) => `publish u${i * 10}`), 'mark u100+100']);
    assert.equal(summary.requested, 449);
    assert.equal(sns.sent.find((request) => request.user_id === 'u151')?.correlation_id, 'r-151');
    assert.equal(sns.sent.find((request) => request.user_id === 'u449')?.correlation_id, 'r-449');
  });

  it('only counts on a dry run, and takes given records instead of a scan', async () => {
    const users = fakeUsers(40);
    const sns = fakeSns();

    const dry = await regenCards(
      { selection: { status: 'failed' }, dryRun: true, correlationPrefix: 'r' },
      { users, usersBatch: users, cardRequests: sns },
    );
    const one = await regenCards(
      { selection: {}, records: [record(7)], correlationPrefix: 'r' },
      { users, usersBatch: users, cardRequests: sns },
    );

    assert.equal(dry.matched, 40);
    assert.equal(dry.requested, 0);
    assert.deepEqual(users.scans, [{ status: 'failed' }]);
    assert.deepEqual(
      users.marked.map((seen) => seen.user_id),
      ['u7'],
    );
    assert.deepEqual(
      sns.sent.map((request) => request.user_id),
      ['u7'],
    );
    assert.equal(one.requested, 1);
  });
});

/**
 * A table whose card states `statusOf` gives by user id and the number of the read (from 1); undefined is a removed
 * record. Records each read as `<first id>+<keys>`.
 */
function drawnTable(statusOf: (userId: string, read: number) => CardState['card_status'] | undefined) {
  const asked: string[] = [];
  let itemsRead = 0;
  return {
    asked,
    get itemsRead() {
      return itemsRead;
    },
    cardStates(wanted: readonly UserKey[]): Promise<CardState[]> {
      asked.push(`${wanted[0]?.user_id}+${wanted.length}`);
      itemsRead += wanted.length;
      return Promise.resolve(
        wanted.flatMap((key) => {
          const status = statusOf(key.user_id, asked.length);
          return status === undefined ? [] : [{ ...key, card_status: status, ...(status === 'failed' ? { card_error: 'bad logo' } : {}) }];
        }),
      );
    },
  };
}

describe('waitForCards', () => {
  it('reads until no card is pending, sorting them into ready, failed and removed', async () => {
    const keys: UserKey[] = ['a', 'b', 'c', 'd'].map((user_id) => ({ user_id, type: 'attendee' }));
    // By the number of the read: a is drawn by the 5th, c fails by the 4th, b is ready from the start, d was removed.
    const users = drawnTable((id, read) => {
      const states: Record<string, CardState['card_status']> = {
        a: read >= 5 ? 'ready' : 'pending',
        b: 'ready',
        c: read >= 4 ? 'failed' : 'pending',
      };
      return states[id];
    });

    const outcome = await waitForCards(keys, users, { timeoutMs: 10_000, initialDelayMs: 1 });

    assert.deepEqual(users.asked, ['d+1', 'a+4', 'c+1', 'c+1', 'a+2']);
    assert.deepEqual(outcome, {
      ready: 2,
      failed: [{ user_id: 'c', type: 'attendee', card_status: 'failed', card_error: 'bad logo' }],
      pending: [],
      gone: 1,
    });
  });

  it('reads the oldest 100 outstanding keys together once the last of them is drawn, asking that one alone until then', async () => {
    const keys: UserKey[] = Array.from({ length: 250 }, (_, index) => ({ user_id: `u${index}`, type: 'attendee' }));
    // 60 more cards are drawn by each read, in order, except u0, which is drawn only by the 6th.
    const users = drawnTable((id, read) => {
      const index = Number(id.slice(1));
      return (index === 0 ? read >= 6 : index < 60 * read) ? 'ready' : 'pending';
    });

    const outcome = await waitForCards(keys, users, { timeoutMs: 10_000, initialDelayMs: 1 });

    assert.deepEqual(users.asked, ['u99+1', 'u99+1', 'u0+100', 'u198+1', 'u0+100', 'u249+1', 'u0+52']);
    assert.equal(users.itemsRead, 256);
    assert.deepEqual(outcome, { ready: 250, failed: [], pending: [], gone: 0 });
  });

  it('stops at the deadline with what is still pending', async () => {
    const keys: UserKey[] = [{ user_id: 'a', type: 'attendee' }];
    const users = {
      cardStates: (wanted: readonly UserKey[]) => Promise.resolve(wanted.map((key) => ({ ...key, card_status: 'pending' as const }))),
    };

    const outcome = await waitForCards(keys, users, { timeoutMs: 50, initialDelayMs: 5 });

    assert.deepEqual(outcome, { ready: 0, failed: [], pending: keys, gone: 0 });
  });
});
