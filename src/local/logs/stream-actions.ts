// The Logs actions on log streams: create, delete, describe.

import { AwsJsonError, type JsonObject, type JsonRequest } from '../protocol/json.js';
import { groupNameOf, invalidParameter, isTrue, optionalString, pageLimit, requiredString } from './logs-input.js';
import { groupArn, requireGroup, requireStream, storedBytes, type LogsState } from './logs-state.js';
import type { LogGroup, LogsStore, LogStream } from './logs-store.js';
import { decodeOffsetToken, offsetToken } from './page-tokens.js';

const DESCRIBE_STREAMS_MAX = 50;

export async function createLogStream(state: LogsState, input: JsonObject): Promise<object> {
  const group = requireGroup(state, groupNameOf(input));
  const name = requiredString(input, 'logStreamName');
  if (name.length < 1 || name.length > 512 || /[:*]/.test(name)) throw invalidParameter(`Invalid log stream name: ${name}`);
  if (group.streams.has(name)) throw new AwsJsonError('ResourceAlreadyExistsException', 'The specified log stream already exists');
  await state.store.createStream(group, name);
  return {};
}

export async function deleteLogStream(state: LogsState, input: JsonObject): Promise<object> {
  const group = requireGroup(state, groupNameOf(input));
  const name = requiredString(input, 'logStreamName');
  requireStream(group, name);
  await state.store.deleteStream(group, name);
  return {};
}

export interface LogStreamDescription {
  readonly logStreamName: string;
  readonly creationTime: number;
  readonly firstEventTimestamp?: number;
  readonly lastEventTimestamp?: number;
  readonly lastIngestionTime?: number;
  readonly uploadSequenceToken: string;
  readonly arn: string;
  readonly storedBytes: number;
}

function describeStream(store: LogsStore, group: LogGroup, stream: LogStream, region: string): LogStreamDescription {
  const events = store.visibleEvents(group, stream);
  const first = events[0];
  const last = events[events.length - 1];
  return {
    logStreamName: stream.name,
    creationTime: stream.creationTime,
    ...(first && last ? { firstEventTimestamp: first.timestamp, lastEventTimestamp: last.timestamp } : {}),
    ...(stream.lastIngestionTime === undefined ? {} : { lastIngestionTime: stream.lastIngestionTime }),
    uploadSequenceToken: String(stream.events.length),
    arn: `${groupArn(region, group.name)}:log-stream:${stream.name}`,
    storedBytes: storedBytes([stream]),
  };
}

type StreamOrder = 'LogStreamName' | 'LastEventTime';

function streamOrderOf(input: JsonObject, prefix: string): StreamOrder {
  const orderBy = optionalString(input, 'orderBy') ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') throw invalidParameter(`Invalid orderBy: ${orderBy}`);
  if (orderBy === 'LastEventTime' && prefix !== '') throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  return orderBy;
}

function lastEventTime(stream: LogStream): number {
  return stream.events[stream.events.length - 1]?.timestamp ?? stream.creationTime;
}

function compareStreams(order: StreamOrder): (a: LogStream, b: LogStream) => number {
  const byName = (a: LogStream, b: LogStream): number => (a.name < b.name ? -1 : 1);
  return order === 'LastEventTime' ? (a, b) => lastEventTime(a) - lastEventTime(b) || byName(a, b) : byName;
}

/** A group's streams by name or by last event time, either way round, 50 a page at most. */
export function describeLogStreams(
  state: LogsState,
  input: JsonObject,
  request: JsonRequest,
): { logStreams: LogStreamDescription[]; nextToken?: string } {
  const group = requireGroup(state, groupNameOf(input));
  const prefix = optionalString(input, 'logStreamNamePrefix') ?? '';
  const order = streamOrderOf(input, prefix);
  const descending = isTrue(input, 'descending');
  const limit = pageLimit(input, DESCRIBE_STREAMS_MAX);
  const token = optionalString(input, 'nextToken');
  const offset = token === undefined ? 0 : decodeOffsetToken(token);
  const streams = [...group.streams.values()].filter((stream) => stream.name.startsWith(prefix)).sort(compareStreams(order));
  if (descending) streams.reverse();
  const page = streams.slice(offset, offset + limit);
  return {
    logStreams: page.map((stream) => describeStream(state.store, group, stream, request.region)),
    ...(offset + limit < streams.length ? { nextToken: offsetToken(offset + limit) } : {}),
  };
}
