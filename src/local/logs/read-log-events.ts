// GetLogEvents (one stream, paged forward or backward) and FilterLogEvents (a group's streams interleaved by time,
// matched against a filter pattern).

import type { JsonObject } from '../protocol/json.js';
import { compileFilterPattern, FilterPatternError, type MessageMatcher } from './filter-pattern.js';
import {
  groupNameOf,
  invalidParameter,
  isTrue,
  MAX_EVENTS_PER_CALL,
  optionalNumber,
  optionalString,
  pageLimit,
  requiredString,
  streamNamesOf,
} from './logs-input.js';
import { requireGroup, requireStream, type LogsState } from './logs-state.js';
import type { LogGroup, LogStream, StoredEvent } from './logs-store.js';
import {
  decodeEventCursorToken,
  decodeStreamPositionToken,
  eventCursorToken,
  streamPositionToken,
  type EventCursor,
  type StreamPosition,
} from './page-tokens.js';

export interface OutputLogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
}

/** The slice `[from, to)` of `count` events a page starting at `start` covers. */
function pageWindow(count: number, start: StreamPosition, limit: number): { from: number; to: number } {
  if (start.direction === 'forward') {
    const from = Math.min(start.index, count);
    return { from, to: Math.min(from + limit, count) };
  }
  const to = Math.min(start.index, count);
  return { from: Math.max(0, to - limit), to };
}

/** Events of one stream in `[startTime, endTime)`; without a token, the newest page, or the oldest with startFromHead. */
export function getLogEvents(
  state: LogsState,
  input: JsonObject,
): { events: OutputLogEvent[]; nextForwardToken: string; nextBackwardToken: string } {
  const group = requireGroup(state, groupNameOf(input));
  const stream = requireStream(group, requiredString(input, 'logStreamName'));
  const startTime = optionalNumber(input, 'startTime') ?? -Infinity;
  const endTime = optionalNumber(input, 'endTime') ?? Infinity;
  const limit = pageLimit(input, MAX_EVENTS_PER_CALL);
  const token = optionalString(input, 'nextToken');
  const events = state.store.visibleEvents(group, stream).filter((e) => e.timestamp >= startTime && e.timestamp < endTime);
  const start: StreamPosition =
    token !== undefined
      ? decodeStreamPositionToken(token)
      : isTrue(input, 'startFromHead')
        ? { direction: 'forward', index: 0 }
        : { direction: 'backward', index: events.length };
  const { from, to } = pageWindow(events.length, start, limit);
  return {
    events: events.slice(from, to).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: streamPositionToken({ direction: 'forward', index: to }),
    nextBackwardToken: streamPositionToken({ direction: 'backward', index: from }),
  };
}

/** Which of a group's streams a FilterLogEvents call searches: by names, by prefix, or all. */
function streamSelection(input: JsonObject): (stream: LogStream) => boolean {
  const prefix = optionalString(input, 'logStreamNamePrefix');
  if (input.logStreamNames !== undefined && prefix !== undefined) {
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive');
  }
  const names = streamNamesOf(input);
  if (names !== undefined) return (stream) => names.includes(stream.name);
  return (stream) => prefix === undefined || stream.name.startsWith(prefix);
}

function filterPatternOf(input: JsonObject): MessageMatcher {
  const pattern = optionalString(input, 'filterPattern');
  try {
    return compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError) throw invalidParameter(`Invalid filter pattern: ${error.message}`);
    throw error;
  }
}

function isAfter(event: StoredEvent, cursor: EventCursor): boolean {
  return event.timestamp > cursor.timestamp || (event.timestamp === cursor.timestamp && event.seq > cursor.seq);
}

interface EventQuery {
  readonly startTime: number;
  /** Inclusive, unlike GetLogEvents' endTime. */
  readonly endTime: number;
  readonly after: EventCursor | undefined;
  readonly matches: MessageMatcher;
}

/** The matching events of `streams`, interleaved by (timestamp, arrival). */
function matchingEvents(
  state: LogsState,
  group: LogGroup,
  streams: readonly LogStream[],
  query: EventQuery,
): Array<{ stream: string; event: StoredEvent }> {
  const found: Array<{ stream: string; event: StoredEvent }> = [];
  for (const stream of streams) {
    for (const event of state.store.visibleEvents(group, stream)) {
      if (event.timestamp < query.startTime || event.timestamp > query.endTime) continue;
      if (query.after && !isAfter(event, query.after)) continue;
      if (query.matches(event.message)) found.push({ stream: stream.name, event });
    }
  }
  return found.sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.seq - b.event.seq);
}

export interface FilteredLogEvent extends OutputLogEvent {
  readonly logStreamName: string;
  readonly eventId: string;
}

/** The events of a group's streams that match `filterPattern`, oldest first, paged by a cursor. */
export function filterLogEvents(
  state: LogsState,
  input: JsonObject,
): { events: FilteredLogEvent[]; searchedLogStreams: Array<{ logStreamName: string; searchedCompletely: boolean }>; nextToken?: string } {
  const group = requireGroup(state, groupNameOf(input));
  const selected = streamSelection(input);
  const startTime = optionalNumber(input, 'startTime') ?? -Infinity;
  const endTime = optionalNumber(input, 'endTime') ?? Infinity;
  const limit = pageLimit(input, MAX_EVENTS_PER_CALL);
  const token = optionalString(input, 'nextToken');
  const after = token === undefined ? undefined : decodeEventCursorToken(token);
  const matches = filterPatternOf(input);
  const streams = [...group.streams.values()].filter(selected);
  const found = matchingEvents(state, group, streams, { startTime, endTime, after, matches });
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return {
    events: page.map(({ stream, event }) => ({
      logStreamName: stream,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: String(event.seq).padStart(20, '0'),
    })),
    searchedLogStreams: streams.map((stream) => ({ logStreamName: stream.name, searchedCompletely: true })),
    ...(found.length > limit && last ? { nextToken: eventCursorToken(last.event) } : {}),
  };
}
