// `qrcard logs --follow`: each log group polled on its own, the polls spread over the interval, a cursor per
// group so nothing is shown twice or skipped, and a longer wait after AWS throttles a poll.
import { setTimeout as delay } from 'node:timers/promises';
import { isThrottlingError } from '../aws/throttling.js';
import { createBackoff } from '../core/backoff.js';
import { errorMessage } from '../core/errors.js';
import { advanceCursor, pollStart, startCursor } from './follow-cursor.js';
import type { LogEvent } from './log-line.js';
import { readGroupEvents, type LogGroupRef, type LogsApi } from './read-events.js';

export interface FollowSettings {
  readonly groups: readonly LogGroupRef[];
  readonly startTime: number;
  readonly filterPattern?: string | undefined;
  /** How often each group is polled. */
  readonly intervalMs: number;
  /** How far back each poll reaches again, for events that arrive late with an older time. */
  readonly lateWindowMs: number;
  /** Following stops when this aborts. */
  readonly signal: AbortSignal;
}

export interface FollowIo {
  readonly logs: LogsApi;
  /** New events of one group, oldest first. */
  emit(events: readonly LogEvent[]): void;
  warn(message: string): void;
  /** Waits `ms`, or less when `signal` aborts. Default: a timer. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const timerSleep = (ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }).catch(() => undefined);

/** Follows every group until the signal aborts; resolves then. */
export async function followLogs(settings: FollowSettings, io: FollowIo): Promise<void> {
  const stagger = settings.intervalMs / Math.max(1, settings.groups.length);
  await Promise.all(settings.groups.map((group, index) => followGroup(group, index * stagger, settings, io)));
}

async function followGroup(group: LogGroupRef, offsetMs: number, settings: FollowSettings, io: FollowIo): Promise<void> {
  const sleep = io.sleep ?? timerSleep;
  const { signal } = settings;
  let cursor = startCursor(settings.startTime);
  // Throttled polls wait twice as long each time, up to 4 x 10 s; the first good poll returns to the interval.
  let slowdown = createBackoff({ initialMs: settings.intervalMs, maxMs: 10_000 });
  await sleep(offsetMs, signal);
  while (!signal.aborted) {
    let wait = settings.intervalMs;
    try {
      const window = { startTime: pollStart(cursor, settings.lateWindowMs), filterPattern: settings.filterPattern };
      const advanced = advanceCursor(cursor, await readGroupEvents(io.logs, group, window, signal), settings.lateWindowMs);
      cursor = advanced.cursor;
      slowdown = createBackoff({ initialMs: settings.intervalMs, maxMs: 10_000 });
      if (advanced.fresh.length > 0 && !signal.aborted) io.emit(advanced.fresh);
    } catch (error) {
      if (signal.aborted) break;
      if (isThrottlingError(error)) wait = slowdown.throttled();
      else {
        io.warn(`reading ${group.name} failed (${errorMessage(error)}); trying again`);
        wait = slowdown.next() * 2;
      }
    }
    await sleep(wait, signal);
  }
}
