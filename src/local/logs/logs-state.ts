// What the Logs actions work on (the store and the clock), and the look-ups and descriptions they share.

import { LOCAL_ACCOUNT_ID } from '../account.js';
import { AwsJsonError } from '../protocol/json.js';
import type { LogGroup, LogsStore, LogStream } from './logs-store.js';

export interface LogsState {
  readonly store: LogsStore;
  /** The clock events are judged by: too old, too new, past retention. */
  readonly now: () => number;
}

export function requireGroup(state: LogsState, name: string): LogGroup {
  const group = state.store.groups.get(name);
  if (!group) throw new AwsJsonError('ResourceNotFoundException', 'The specified log group does not exist.');
  return group;
}

export function requireStream(group: LogGroup, name: string): LogStream {
  const stream = group.streams.get(name);
  if (!stream) throw new AwsJsonError('ResourceNotFoundException', 'The specified log stream does not exist.');
  return stream;
}

export function groupArn(region: string, name: string): string {
  return `arn:aws:logs:${region}:${LOCAL_ACCOUNT_ID}:log-group:${name}`;
}

/** The bytes of the messages the streams hold, retained or not yet pruned. */
export function storedBytes(streams: Iterable<LogStream>): number {
  let total = 0;
  for (const stream of streams) for (const event of stream.events) total += Buffer.byteLength(event.message);
  return total;
}
