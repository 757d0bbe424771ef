// The local CloudWatch Logs: the awsJson1_1 actions qrcard and the AWS CLI use, plus an in-process append
// API for the Lambda runner, over a LogsStore on disk.

import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from '../account.js';
import type { ServiceHandler } from '../edge.js';
import { requestRegion } from '../protocol/sigv4-scope.js';
import { compileFilterPattern, FilterPatternError } from './filter-pattern.js';
import { LOG_RETENTION_DAYS } from '../../core/log-retention.js';
import { DAY_MS, LogsStore, retentionCutoff, type LogGroup, type LogStream, type StoredEvent } from './logs-store.js';

const MAX_EVENTS_PER_CALL = 10_000;
const PRUNE_INTERVAL_MS = 10 * 60_000;

export interface LogsOptions {
  /** Directory for log groups (created if missing). */
  readonly dir: string;
  /** Clock, for tests of retention. Default Date.now. */
  readonly now?: () => number;
  /** Engine diagnostics, e.g. events that could not be saved. Default: none. */
  readonly log?: (line: string) => void;
}

export interface LogEventInput {
  readonly timestamp: number;
  readonly message: string;
}

export interface LogsService {
  readonly handler: ServiceHandler;
  /**
   * Writes events without HTTP, creating the group and stream when missing (as Lambda does for its own
   * `/aws/lambda/<name>` groups). Events may arrive in any order.
   */
  append(logGroupName: string, logStreamName: string, events: readonly LogEventInput[]): Promise<void>;
  stop(): Promise<void>;
}

/** An error in the awsJson1_1 shape: `{ __type, message }` with status 400. */
export class LogsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type Input = Record<string, unknown>;

function invalid(message: string): LogsError {
  return new LogsError('InvalidParameterException', message);
}

function stringParam(input: Input, name: string, required: true): string;
function stringParam(input: Input, name: string, required?: false): string | undefined;
function stringParam(input: Input, name: string, required = false): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) {
    if (required)
      throw invalid(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(`${name} must be a string`);
  return value;
}

function numberParam(input: Input, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${name} must be a number`);
  return value;
}

function limitParam(input: Input, max: number): number {
  const limit = numberParam(input, 'limit') ?? max;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw invalid(`limit must be between 1 and ${max}`);
  return limit;
}

/** `logGroupName`, or `logGroupIdentifier` as a name or an ARN (`arn:aws:logs:r:a:log-group:NAME[:*]`). */
export function groupNameOf(input: Input): string {
  const identifier = stringParam(input, 'logGroupIdentifier');
  if (identifier !== undefined) {
    const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier);
    return match?.[1] ?? identifier;
  }
  return stringParam(input, 'logGroupName', true);
}

function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeToken<T>(token: string): T {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw invalid('The specified nextToken is invalid.');
  }
}

function sendJson(response: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': body.length,
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(body);
}

function afterCursor(event: StoredEvent, cursor: { t: number; s: number }): boolean {
  return event.timestamp > cursor.t || (event.timestamp === cursor.t && event.seq > cursor.s);
}

/** How long after start the stored events are read when nothing has asked for them yet. */
const DEFERRED_OPEN_MS = 1_000;

/**
 * Returns the handler to mount as `logs` at once; the store under `dir` (every stored event, pruned of expired
 * ones) is read on the first request or append, or a second after start, so a large history does not delay
 * the engine's start.
 */
export async function startLogs(options: LogsOptions): Promise<LogsService> {
  const now = options.now ?? Date.now;
  // Assigned by `opened()`, which every entry point below awaits before touching it.
  let store!: LogsStore;
  let opening: Promise<LogsStore> | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  const opened = (): Promise<LogsStore> =>
    (opening ??= LogsStore.open(options.dir, now, options.log).then((loaded) => {
      store = loaded;
      pruneTimer = setInterval(() => void store.pruneAll(), PRUNE_INTERVAL_MS);
      pruneTimer.unref();
      return loaded;
    }));
  const deferredOpen = setTimeout(() => void opened().catch(() => undefined), DEFERRED_OPEN_MS);
  deferredOpen.unref();

  function group(name: string): LogGroup {
    const found = store.groups.get(name);
    if (!found) throw new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');
    return found;
  }

  function stream(g: LogGroup, name: string): LogStream {
    const found = g.streams.get(name);
    if (!found) throw new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    return found;
  }

  function groupArn(region: string, name: string): string {
    return `arn:aws:logs:${region}:${LOCAL_ACCOUNT_ID}:log-group:${name}`;
  }

  function storedBytes(streams: Iterable<LogStream>): number {
    let total = 0;
    for (const s of streams) for (const e of s.events) total += Buffer.byteLength(e.message);
    return total;
  }

  function describeStream(g: LogGroup, s: LogStream, region: string): Record<string, unknown> {
    const events = store.visibleEvents(g, s);
    return {
      logStreamName: s.name,
      creationTime: s.creationTime,
      ...(events.length > 0 ? { firstEventTimestamp: events[0]?.timestamp, lastEventTimestamp: events[events.length - 1]?.timestamp } : {}),
      ...(s.lastIngestionTime === undefined ? {} : { lastIngestionTime: s.lastIngestionTime }),
      uploadSequenceToken: String(s.events.length),
      arn: `${groupArn(region, g.name)}:log-stream:${s.name}`,
      storedBytes: storedBytes([s]),
    };
  }

  const actions: Record<string, (input: Input, region: string) => Promise<unknown>> = {
    async CreateLogGroup(input) {
      const name = stringParam(input, 'logGroupName', true);
      if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) throw invalid(`Invalid log group name: ${name}`);
      if (store.groups.has(name)) throw new LogsError('ResourceAlreadyExistsException', 'The specified log group already exists');
      await store.createGroup(name);
      return {};
    },
    async DeleteLogGroup(input) {
      const name = groupNameOf(input);
      group(name);
      await store.deleteGroup(name);
      return {};
    },
    async CreateLogStream(input) {
      const g = group(groupNameOf(input));
      const name = stringParam(input, 'logStreamName', true);
      if (name.length < 1 || name.length > 512 || /[:*]/.test(name)) throw invalid(`Invalid log stream name: ${name}`);
      if (g.streams.has(name)) throw new LogsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
      await store.createStream(g, name);
      return {};
    },
    async DeleteLogStream(input) {
      const g = group(groupNameOf(input));
      const name = stringParam(input, 'logStreamName', true);
      stream(g, name);
      await store.deleteStream(g, name);
      return {};
    },
    async PutRetentionPolicy(input) {
      const g = group(groupNameOf(input));
      const days = numberParam(input, 'retentionInDays');
      if (days === undefined || !(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
        throw invalid(
          `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${LOG_RETENTION_DAYS.join(', ')}]`,
        );
      }
      await store.setRetention(g, days);
      return {};
    },
    async DeleteRetentionPolicy(input) {
      await store.setRetention(group(groupNameOf(input)), undefined);
      return {};
    },
    async DescribeLogGroups(input, region) {
      const prefix = stringParam(input, 'logGroupNamePrefix') ?? '';
      const pattern = stringParam(input, 'logGroupNamePattern');
      if (prefix !== '' && pattern !== undefined) throw invalid('logGroupNamePrefix and logGroupNamePattern are mutually exclusive');
      const limit = limitParam(input, 50);
      const token = stringParam(input, 'nextToken');
      const after = token === undefined ? undefined : decodeToken<string>(token);
      const names = [...store.groups.keys()]
        .filter((n) => n.startsWith(prefix) && (pattern === undefined || n.toLowerCase().includes(pattern.toLowerCase())))
        .sort()
        .filter((n) => after === undefined || n > after);
      const page = names.slice(0, limit);
      return {
        logGroups: page.map((name) => {
          const g = store.groups.get(name) as LogGroup;
          return {
            logGroupName: name,
            creationTime: g.creationTime,
            ...(g.retentionInDays === undefined ? {} : { retentionInDays: g.retentionInDays }),
            metricFilterCount: 0,
            arn: `${groupArn(region, name)}:*`,
            logGroupArn: groupArn(region, name),
            storedBytes: storedBytes(g.streams.values()),
            logGroupClass: 'STANDARD',
          };
        }),
        ...(names.length > limit ? { nextToken: encodeToken(page[page.length - 1]) } : {}),
      };
    },
    async DescribeLogStreams(input, region) {
      const g = group(groupNameOf(input));
      const prefix = stringParam(input, 'logStreamNamePrefix') ?? '';
      const orderBy = stringParam(input, 'orderBy') ?? 'LogStreamName';
      if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') throw invalid(`Invalid orderBy: ${orderBy}`);
      if (orderBy === 'LastEventTime' && prefix !== '') throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
      const descending = input.descending === true;
      const limit = limitParam(input, 50);
      const token = stringParam(input, 'nextToken');
      const offset = token === undefined ? 0 : decodeToken<number>(token);
      const lastEvent = (s: LogStream): number => s.events[s.events.length - 1]?.timestamp ?? s.creationTime;
      const streams = [...g.streams.values()]
        .filter((s) => s.name.startsWith(prefix))
        .sort((a, b) =>
          orderBy === 'LastEventTime' ? lastEvent(a) - lastEvent(b) || (a.name < b.name ? -1 : 1) : a.name < b.name ? -1 : 1,
        );
      if (descending) streams.reverse();
      const page = streams.slice(offset, offset + limit);
      return {
        logStreams: page.map((s) => describeStream(g, s, region)),
        ...(offset + limit < streams.length ? { nextToken: encodeToken(offset + limit) } : {}),
      };
    },
    async PutLogEvents(input) {
      const g = group(groupNameOf(input));
      const s = stream(g, stringParam(input, 'logStreamName', true));
      const raw = input.logEvents;
      if (!Array.isArray(raw) || raw.length === 0) throw invalid('logEvents must hold at least one event');
      if (raw.length > MAX_EVENTS_PER_CALL) throw invalid(`logEvents holds more than ${MAX_EVENTS_PER_CALL} events`);
      const events = raw.map((e: unknown) => {
        const event = (e ?? {}) as Input;
        const timestamp = numberParam(event, 'timestamp');
        const message = stringParam(event, 'message');
        if (timestamp === undefined || message === undefined) throw invalid('every log event needs a timestamp and a message');
        return { timestamp, message };
      });
      for (let i = 1; i < events.length; i++) {
        if ((events[i]?.timestamp ?? 0) < (events[i - 1]?.timestamp ?? 0)) {
          throw invalid('Log events in a single PutLogEvents request must be in chronological order.');
        }
      }
      const first = events[0]?.timestamp ?? 0;
      const last = events[events.length - 1]?.timestamp ?? 0;
      if (last - first > DAY_MS) throw invalid('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
      // Like CloudWatch, events too old (14 days, or past retention) or too new (2 hours ahead) are rejected, not stored.
      const at = now();
      const retentionCut = retentionCutoff(g.retentionInDays, at) ?? -Infinity;
      const tooOldCut = at - 14 * DAY_MS;
      const tooNewCut = at + 2 * 3_600_000;
      let tooOldEnd = -1;
      let expiredEnd = -1;
      let tooNewStart = events.length;
      events.forEach((e, index) => {
        if (e.timestamp < tooOldCut) tooOldEnd = index;
        if (e.timestamp < retentionCut) expiredEnd = index;
      });
      for (let i = events.length - 1; i >= 0 && (events[i]?.timestamp ?? 0) > tooNewCut; i--) tooNewStart = i;
      const accepted = events.slice(Math.max(tooOldEnd, expiredEnd) + 1, tooNewStart);
      if (accepted.length > 0) await store.append(g, s, accepted);
      const rejected = {
        ...(tooOldEnd >= 0 ? { tooOldLogEventEndIndex: tooOldEnd + 1 } : {}),
        ...(expiredEnd >= 0 ? { expiredLogEventEndIndex: expiredEnd + 1 } : {}),
        ...(tooNewStart < events.length ? { tooNewLogEventStartIndex: tooNewStart } : {}),
      };
      return {
        nextSequenceToken: String(s.events.length),
        ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
      };
    },
    async GetLogEvents(input) {
      const g = group(groupNameOf(input));
      const s = stream(g, stringParam(input, 'logStreamName', true));
      const startTime = numberParam(input, 'startTime') ?? -Infinity;
      const endTime = numberParam(input, 'endTime') ?? Infinity;
      const limit = limitParam(input, MAX_EVENTS_PER_CALL);
      const token = stringParam(input, 'nextToken');
      const events = store.visibleEvents(g, s).filter((e) => e.timestamp >= startTime && e.timestamp < endTime);
      let from: number;
      let to: number;
      const match = token === undefined ? undefined : /^([fb])\/(\d+)$/.exec(token);
      if (token !== undefined && !match) throw invalid('The specified nextToken is invalid.');
      const direction = match?.[1] ?? (input.startFromHead === true ? 'f' : 'b');
      const position = match ? Number(match[2]) : direction === 'f' ? 0 : events.length;
      if (direction === 'f') {
        from = Math.min(position, events.length);
        to = Math.min(from + limit, events.length);
      } else {
        to = Math.min(position, events.length);
        from = Math.max(0, to - limit);
      }
      return {
        events: events.slice(from, to).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
        nextForwardToken: `f/${to}`,
        nextBackwardToken: `b/${from}`,
      };
    },
    async FilterLogEvents(input) {
      const g = group(groupNameOf(input));
      const names = input.logStreamNames;
      const prefix = stringParam(input, 'logStreamNamePrefix');
      if (names !== undefined && prefix !== undefined) throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive');
      if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== 'string')))
        throw invalid('logStreamNames must be a list of names');
      const startTime = numberParam(input, 'startTime') ?? -Infinity;
      const endTime = numberParam(input, 'endTime') ?? Infinity;
      const limit = limitParam(input, MAX_EVENTS_PER_CALL);
      const token = stringParam(input, 'nextToken');
      const cursor = token === undefined ? undefined : decodeToken<{ t: number; s: number }>(token);
      let matches;
      try {
        matches = compileFilterPattern(stringParam(input, 'filterPattern'));
      } catch (error) {
        if (error instanceof FilterPatternError) throw invalid(`Invalid filter pattern: ${error.message}`);
        throw error;
      }
      const streams = [...g.streams.values()].filter((s) =>
        Array.isArray(names) ? names.includes(s.name) : prefix === undefined || s.name.startsWith(prefix),
      );
      const found: Array<{ stream: string; event: StoredEvent }> = [];
      for (const s of streams) {
        for (const event of store.visibleEvents(g, s)) {
          if (event.timestamp < startTime || event.timestamp > endTime) continue;
          if (cursor && !afterCursor(event, cursor)) continue;
          if (matches(event.message)) found.push({ stream: s.name, event });
        }
      }
      found.sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.seq - b.event.seq);
      const page = found.slice(0, limit);
      const last = page[page.length - 1];
      return {
        events: page.map(({ stream: name, event }) => ({
          logStreamName: name,
          timestamp: event.timestamp,
          message: event.message,
          ingestionTime: event.ingestionTime,
          eventId: String(event.seq).padStart(20, '0'),
        })),
        searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
        ...(found.length > limit && last ? { nextToken: encodeToken({ t: last.event.timestamp, s: last.event.seq }) } : {}),
      };
    },
  };

  // Concurrent appends to a new stream must create it once, so creations in flight are shared.
  const creating = new Map<string, Promise<{ group: LogGroup; stream: LogStream }>>();
  function ensureStream(groupName: string, streamName: string): Promise<{ group: LogGroup; stream: LogStream }> {
    const existing = store.groups.get(groupName)?.streams.get(streamName);
    if (existing) return Promise.resolve({ group: store.groups.get(groupName) as LogGroup, stream: existing });
    const key = JSON.stringify([groupName, streamName]);
    const pending = creating.get(key);
    if (pending) return pending;
    const created = (async () => {
      const g = store.groups.get(groupName) ?? (await ensureGroup(groupName));
      const s = g.streams.get(streamName) ?? (await store.createStream(g, streamName));
      return { group: g, stream: s };
    })().finally(() => creating.delete(key));
    creating.set(key, created);
    return created;
  }
  const creatingGroups = new Map<string, Promise<LogGroup>>();
  function ensureGroup(groupName: string): Promise<LogGroup> {
    const pending = creatingGroups.get(groupName);
    if (pending) return pending;
    const created = store.createGroup(groupName).finally(() => creatingGroups.delete(groupName));
    creatingGroups.set(groupName, created);
    return created;
  }

  const handler: ServiceHandler = async (request, body, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const action = target.startsWith('Logs_20140328.') ? target.slice('Logs_20140328.'.length) : '';
    const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
    if (!run) {
      sendJson(response, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` }, 'UnknownOperationException');
      return;
    }
    let input: Input;
    try {
      input = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as Input);
      if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new Error('not an object');
    } catch {
      sendJson(
        response,
        400,
        { __type: 'SerializationException', message: 'The request body is not a JSON object' },
        'SerializationException',
      );
      return;
    }
    try {
      await opened();
      sendJson(response, 200, await run(input, requestRegion(request)));
    } catch (error) {
      if (error instanceof LogsError) sendJson(response, 400, { __type: error.type, message: error.message }, error.type);
      else
        sendJson(
          response,
          500,
          { __type: 'ServiceUnavailableException', message: (error as Error).message },
          'ServiceUnavailableException',
        );
    }
  };

  return {
    handler,
    async append(logGroupName, logStreamName, events) {
      await opened();
      const { group: g, stream: s } = await ensureStream(logGroupName, logStreamName);
      if (events.length > 0) await store.append(g, s, events);
    },
    async stop() {
      clearTimeout(deferredOpen);
      clearInterval(pruneTimer);
      const loaded = await opening?.catch(() => undefined);
      await loaded?.flush();
      clearInterval(pruneTimer);
    },
  };
}
