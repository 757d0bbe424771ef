// The paging tokens of the Logs actions: opaque text to the caller, typed positions here. Their format is what
// earlier answers handed out, so tokens stay valid across a restart.

import { invalidParameter } from './logs-input.js';

function invalidToken(): Error {
  return invalidParameter('The specified nextToken is invalid.');
}

function encodeJsonToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeJsonToken(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
}

/** DescribeLogGroups: the last name of the page before. */
export function groupNameToken(name: string): string {
  return encodeJsonToken(name);
}

export function decodeGroupNameToken(token: string): string {
  const name = decodeJsonToken(token);
  if (typeof name !== 'string') throw invalidToken();
  return name;
}

/** DescribeLogStreams: how many streams the pages before held. */
export function offsetToken(offset: number): string {
  return encodeJsonToken(offset);
}

export function decodeOffsetToken(token: string): number {
  const offset = decodeJsonToken(token);
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw invalidToken();
  return offset;
}

/** FilterLogEvents: the last event returned, by timestamp and store-wide sequence number. */
export interface EventCursor {
  readonly timestamp: number;
  readonly seq: number;
}

export function eventCursorToken(cursor: EventCursor): string {
  return encodeJsonToken({ t: cursor.timestamp, s: cursor.seq });
}

export function decodeEventCursorToken(token: string): EventCursor {
  const decoded = decodeJsonToken(token);
  if (typeof decoded !== 'object' || decoded === null || !('t' in decoded) || !('s' in decoded)) throw invalidToken();
  const { t, s } = decoded;
  if (typeof t !== 'number' || typeof s !== 'number') throw invalidToken();
  return { timestamp: t, seq: s };
}

/** GetLogEvents: a direction and an index into the stream's events in the requested window, as `f/12` or `b/3`. */
export interface StreamPosition {
  readonly direction: 'forward' | 'backward';
  readonly index: number;
}

export function streamPositionToken(position: StreamPosition): string {
  return `${position.direction === 'forward' ? 'f' : 'b'}/${position.index}`;
}

export function decodeStreamPositionToken(token: string): StreamPosition {
  const match = /^([fb])\/(\d+)$/.exec(token);
  if (!match) throw invalidToken();
  return { direction: match[1] === 'f' ? 'forward' : 'backward', index: Number(match[2]) };
}
