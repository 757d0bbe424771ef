// One log event read back and understood: a handler's Powertools JSON line, an access log line, Lambda's
// START/END/REPORT lines, a plain console line or anything else (pure).
import type { FunctionId } from '../core/naming.js';

/** Where a line came from: one of the three functions, or the HTTP API's access log. */
export type LogSource = FunctionId | 'api';

/** An event as FilterLogEvents returns it, with the group it was read from. */
export interface LogEvent {
  readonly logGroupName: string;
  readonly source: LogSource;
  readonly eventId: string;
  readonly timestamp: number;
  readonly message: string;
  readonly logStreamName?: string | undefined;
  readonly ingestionTime?: number | undefined;
}

export interface LogLine {
  readonly event: LogEvent;
  /** INFO, WARN, ERROR, DEBUG, ...; `-` when the line does not say. */
  readonly level: string;
  readonly text: string;
  readonly userId?: string | undefined;
  readonly type?: string | undefined;
  readonly correlationId?: string | undefined;
  /** Lambda's id of the invocation that wrote the line, when it is known. */
  readonly invocationId?: string | undefined;
}

type Fields = Readonly<Record<string, unknown>>;

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && value !== '-' ? value : typeof value === 'number' ? String(value) : undefined;

function jsonFields(message: string): Fields | undefined {
  if (!message.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(message);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Fields) : undefined;
  } catch {
    return undefined;
  }
}

/** `GET /api/users/ana 200 12ms`, at WARN for 4xx and ERROR for 5xx. */
function accessLine(event: LogEvent, fields: Fields): LogLine {
  const status = Number(textOf(fields['status']) ?? 0);
  const latency = textOf(fields['latencyMs']) ?? textOf(fields['responseLatency']);
  const error = textOf(fields['integrationError']);
  const parts = [textOf(fields['method']) ?? '-', textOf(fields['path']) ?? '-', String(status || '-')];
  if (latency !== undefined) parts.push(`${latency}ms`);
  if (error !== undefined) parts.push(`(${error})`);
  return {
    event,
    level: status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO',
    text: parts.join(' '),
    correlationId: textOf(fields['requestId']),
  };
}

/** A handler's structured line: Powertools' level and message, the keys the handlers append. */
function structuredLine(event: LogEvent, fields: Fields): LogLine {
  const errorText = [textOf(fields['error_name']), textOf(fields['error_message'])].filter(Boolean).join(': ');
  const message = textOf(fields['message']) ?? JSON.stringify(fields);
  return {
    event,
    level: (textOf(fields['level']) ?? '-').toUpperCase(),
    text: errorText === '' ? message : `${message}: ${errorText}`,
    userId: textOf(fields['user_id']),
    type: textOf(fields['type']),
    correlationId: textOf(fields['correlation_id']),
    invocationId: textOf(fields['function_request_id']),
  };
}

/** `START RequestId: id ...`, `END RequestId: id`, `REPORT RequestId: id ... Status: error`. */
function platformLine(event: LogEvent): LogLine | undefined {
  const match = /^(START|END|REPORT) RequestId: (\S+)/.exec(event.message);
  if (!match) return undefined;
  const failed = match[1] === 'REPORT' && /Status: (error|timeout)/.test(event.message);
  return { event, level: failed ? 'ERROR' : '-', text: event.message.replaceAll('\t', '  ').trim(), invocationId: match[2] };
}

/** The Node runtime's console line: `time \t requestId \t LEVEL \t message`. */
function consoleLine(event: LogEvent): LogLine | undefined {
  const parts = event.message.split('\t');
  if (parts.length < 4 || !/^\d{4}-\d{2}-\d{2}T/.test(parts[0] ?? '') || !/^[A-Z]+$/.test(parts[2] ?? '')) return undefined;
  return { event, level: parts[2] ?? '-', text: parts.slice(3).join(' ').trim(), invocationId: parts[1] };
}

export function parseLogLine(event: LogEvent): LogLine {
  const fields = jsonFields(event.message);
  if (fields !== undefined) return event.source === 'api' ? accessLine(event, fields) : structuredLine(event, fields);
  return platformLine(event) ?? consoleLine(event) ?? { event, level: '-', text: event.message.trimEnd() };
}

const LEVEL_RANK: Readonly<Record<string, number>> = {
  TRACE: 0,
  DEBUG: 1,
  INFO: 2,
  WARN: 3,
  WARNING: 3,
  ERROR: 4,
  CRITICAL: 5,
  FATAL: 5,
  SILENT: 6,
};

export type LevelFloor = 'warn' | 'error';

/** Whether `line` is at `floor` or above; lines without a level never are. */
export function atLevel(line: LogLine, floor: LevelFloor): boolean {
  const rank = LEVEL_RANK[line.level];
  return rank !== undefined && rank >= (floor === 'warn' ? 3 : 4);
}
