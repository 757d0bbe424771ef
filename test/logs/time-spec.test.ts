// --since and --until: durations before now and ISO times; anything else is a usage error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QrcardError } from '../../src/core/errors.js';
import { parseTimeSpec, timeWindow } from '../../src/logs/time-spec.js';

const now = Date.UTC(2026, 11, 5, 12, 0, 0);
const usage = (pattern: RegExp) => (error: unknown) =>
  error instanceof QrcardError && error.code === 'usage' && pattern.test(error.message);

describe('parseTimeSpec', () => {
  it('reads durations before now in seconds, minutes, hours, days and weeks', () => {
    assert.deepEqual(
      ['30s', '10m', '2h', '1d', '1w', '1.5h', 'now'].map((text) => (now - parseTimeSpec(text, now)) / 1000),
      [30, 600, 7200, 86_400, 604_800, 5400, 0],
    );
  });

  it('reads ISO times, a date alone as its UTC midnight', () => {
    assert.equal(parseTimeSpec('2026-12-05T02:00:00Z', now), Date.UTC(2026, 11, 5, 2));
    assert.equal(parseTimeSpec('2026-12-04', now), Date.UTC(2026, 11, 4));
  });

  it('refuses anything else as a usage error naming the flag', () => {
    assert.throws(() => parseTimeSpec('10 minutes', now, '--until'), usage(/^--until 10 minutes: not a time$/));
    assert.throws(() => parseTimeSpec('2026-13-45', now), usage(/--since/));
  });
});

describe('timeWindow', () => {
  it('is open-ended without --until and refuses an end before the start', () => {
    assert.deepEqual(timeWindow('10m', undefined, now), { startTime: now - 600_000, endTime: undefined });
    assert.throws(() => timeWindow('10m', '1h', now), usage(/is before --since/));
  });
});
