// PutLogEvents: a batch is checked as CloudWatch Logs checks it, and events outside the accepted age are
// reported back by index instead of stored.

import type { JsonObject } from '../protocol/json.js';
import { groupNameOf, invalidParameter, logEventsOf, requiredString, type LogEventInput } from './logs-input.js';
import { requireGroup, requireStream, type LogsState } from './logs-state.js';
import { DAY_MS, retentionCutoff } from './logs-store.js';

/** How far back an event may lie and still be accepted, whatever the retention. */
const MAX_EVENT_AGE_MS = 14 * DAY_MS;
/** How far ahead of the clock an event may lie. */
const MAX_EVENT_LEAD_MS = 2 * 3_600_000;

/** Events must come in timestamp order and span 24 hours at most. */
function checkBatch(events: readonly LogEventInput[]): void {
  let previous: number | undefined;
  for (const { timestamp } of events) {
    if (previous !== undefined && timestamp < previous) {
      throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
    }
    previous = timestamp;
  }
  const first = events[0]?.timestamp ?? 0;
  const last = events[events.length - 1]?.timestamp ?? 0;
  if (last - first > DAY_MS)
    throw invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
}

export interface RejectedLogEventsInfo {
  readonly tooOldLogEventEndIndex?: number;
  readonly expiredLogEventEndIndex?: number;
  readonly tooNewLogEventStartIndex?: number;
}

/**
 * Splits a batch in timestamp order into the events to store and the indexes of those refused: too old (14 days),
 * past the group's retention, or too new (2 hours ahead of `now`).
 */
export function screenByAge(
  events: readonly LogEventInput[],
  now: number,
  retentionInDays: number | undefined,
): { accepted: LogEventInput[]; rejected: RejectedLogEventsInfo | undefined } {
  const retentionCut = retentionCutoff(retentionInDays, now) ?? -Infinity;
  const tooOldCut = now - MAX_EVENT_AGE_MS;
  const tooNewCut = now + MAX_EVENT_LEAD_MS;
  let tooOldEnd = -1;
  let expiredEnd = -1;
  let tooNewStart = events.length;
  events.forEach(({ timestamp }, index) => {
    if (timestamp < tooOldCut) tooOldEnd = index;
    if (timestamp < retentionCut) expiredEnd = index;
  });
  while (tooNewStart > 0 && (events[tooNewStart - 1]?.timestamp ?? 0) > tooNewCut) tooNewStart--;
  const rejected = {
    ...(tooOldEnd >= 0 ? { tooOldLogEventEndIndex: tooOldEnd + 1 } : {}),
    ...(expiredEnd >= 0 ? { expiredLogEventEndIndex: expiredEnd + 1 } : {}),
    ...(tooNewStart < events.length ? { tooNewLogEventStartIndex: tooNewStart } : {}),
  };
  return {
    accepted: events.slice(Math.max(tooOldEnd, expiredEnd) + 1, tooNewStart),
    rejected: Object.keys(rejected).length > 0 ? rejected : undefined,
  };
}

export async function putLogEvents(
  state: LogsState,
  input: JsonObject,
): Promise<{ nextSequenceToken: string; rejectedLogEventsInfo?: RejectedLogEventsInfo }> {
  const group = requireGroup(state, groupNameOf(input));
  const stream = requireStream(group, requiredString(input, 'logStreamName'));
  const events = logEventsOf(input);
  checkBatch(events);
  const { accepted, rejected } = screenByAge(events, state.now(), group.retentionInDays);
  if (accepted.length > 0) await state.store.append(group, stream, accepted);
  return {
    nextSequenceToken: String(stream.events.length),
    ...(rejected ? { rejectedLogEventsInfo: rejected } : {}),
  };
}
