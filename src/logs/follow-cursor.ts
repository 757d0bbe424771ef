// Where following a log group has got to: the newest time shown and the ids of the events shown within a
// window before it, so a poll can start a little in the past (catching events that arrive late with an
// older time) and still show nothing twice (pure).
import type { LogEvent } from './log-line.js';

export interface FollowCursor {
  /** Never read before this time. */
  readonly floor: number;
  /** The newest event time shown so far (the floor before any). */
  readonly newest: number;
  /** Event id to time, for the events shown at or after `newest - lateWindowMs`. */
  readonly seen: ReadonlyMap<string, number>;
}

export function startCursor(startTime: number): FollowCursor {
  return { floor: startTime, newest: startTime, seen: new Map() };
}

/** Where the next poll starts: `lateWindowMs` before the newest event shown, never before the floor. */
export function pollStart(cursor: FollowCursor, lateWindowMs: number): number {
  return Math.max(cursor.floor, cursor.newest - lateWindowMs);
}

/** The polled events not shown before, and the cursor after showing them; ids older than the window are forgotten. */
export function advanceCursor(
  cursor: FollowCursor,
  polled: readonly LogEvent[],
  lateWindowMs: number,
): { fresh: LogEvent[]; cursor: FollowCursor } {
  const fresh = polled.filter((event) => !cursor.seen.has(event.eventId) && event.timestamp >= cursor.floor);
  const newest = fresh.reduce((latest, event) => Math.max(latest, event.timestamp), cursor.newest);
  const keepFrom = newest - lateWindowMs;
  const seen = new Map<string, number>();
  for (const [id, at] of cursor.seen) if (at >= keepFrom) seen.set(id, at);
  for (const event of fresh) if (event.timestamp >= keepFrom) seen.set(event.eventId, event.timestamp);
  return { fresh, cursor: { floor: cursor.floor, newest, seen } };
}
