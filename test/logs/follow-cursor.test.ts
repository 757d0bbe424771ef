// A follow cursor: nothing shown twice, nothing skipped, late events within the window caught.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { advanceCursor, pollStart, startCursor } from '../../src/logs/follow-cursor.js';
import { mergeByTime } from '../../src/logs/merge-events.js';
import { logEvent } from './log-fixtures.js';

const WINDOW = 5_000;
const ids = (events: ReadonlyArray<{ eventId: string }>) => events.map((event) => event.eventId);

describe('follow cursor', () => {
  it('shows events at the same time as the newest only once, and the ones added at that time later', () => {
    const first = [logEvent('get-user', 1_000, 'a', 'a'), logEvent('get-user', 2_000, 'b', 'b')];
    const afterFirst = advanceCursor(startCursor(0), first, WINDOW);
    const second = [...first, logEvent('get-user', 2_000, 'c', 'c')];

    const afterSecond = advanceCursor(afterFirst.cursor, second, WINDOW);

    assert.deepEqual(ids(afterFirst.fresh), ['a', 'b']);
    assert.deepEqual(ids(afterSecond.fresh), ['c']);
    assert.equal(afterSecond.cursor.newest, 2_000);
  });

  it('polls again from the window before the newest event, so a late event with an older time is shown once', () => {
    const shown = advanceCursor(startCursor(0), [logEvent('api', 10_000, 'x', 'x')], WINDOW).cursor;
    const late = logEvent('api', 7_000, 'late', 'late');

    const start = pollStart(shown, WINDOW);
    const once = advanceCursor(shown, [late, logEvent('api', 10_000, 'x', 'x')], WINDOW);
    const twice = advanceCursor(once.cursor, [late], WINDOW);

    assert.equal(start, 5_000);
    assert.deepEqual(ids(once.fresh), ['late']);
    assert.deepEqual(ids(twice.fresh), []);
  });

  it('forgets ids older than the window and never polls before where following started', () => {
    const cursor = advanceCursor(
      startCursor(50_000),
      [logEvent('api', 50_000, 'old', 'old'), logEvent('api', 60_000, 'new', 'new')],
      WINDOW,
    ).cursor;

    assert.deepEqual([...cursor.seen.keys()], ['new']);
    assert.equal(pollStart(cursor, WINDOW), 55_000);
    assert.equal(pollStart(startCursor(50_000), WINDOW), 50_000);
  });
});

describe('mergeByTime', () => {
  it('orders the groups’ events by time, keeping group order for equal times', () => {
    const register = [logEvent('register-user', 1, 'r1', 'r1'), logEvent('register-user', 3, 'r3', 'r3')];
    const access = [logEvent('api', 0, 'a0', 'a0'), logEvent('api', 3, 'a3', 'a3')];

    assert.deepEqual(ids(mergeByTime([register, access])), ['a0', 'r1', 'r3', 'a3']);
  });
});
