// Events of several log groups as one stream, ordered by time (pure).
import type { LogEvent } from './log-line.js';

/** Oldest first; equal times keep the groups' order and each group's own order. */
export function mergeByTime(groups: ReadonlyArray<readonly LogEvent[]>): LogEvent[] {
  const tagged = groups.flatMap((events, group) => events.map((event, index) => ({ event, group, index })));
  tagged.sort((a, b) => a.event.timestamp - b.event.timestamp || a.group - b.group || a.index - b.index);
  return tagged.map((entry) => entry.event);
}
