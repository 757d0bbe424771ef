// How a log line is shown: `time level function message key=value...` for people, the raw event with its
// group and function for --json (pure; colour comes in through a Painter).
import type { LogEvent, LogLine, LogSource } from './log-line.js';
import { SOURCE_LABELS } from './log-sources.js';

const LABEL_WIDTH = Math.max(...Object.values(SOURCE_LABELS).map((label) => label.length));

/** Colours for the parts of a line; identity functions when colour is off. */
export interface Painter {
  source(source: LogSource, text: string): string;
  level(level: string, text: string): string;
  dim(text: string): string;
}

export const PLAIN: Painter = { source: (_source, text) => text, level: (_level, text) => text, dim: (text) => text };

export function formatLine(line: LogLine, paint: Painter = PLAIN): string {
  const keys = [
    line.userId === undefined ? undefined : `user_id=${line.userId}`,
    line.type === undefined ? undefined : `type=${line.type}`,
    line.correlationId === undefined ? undefined : `cid=${line.correlationId}`,
  ].filter((key) => key !== undefined);
  const label = SOURCE_LABELS[line.event.source];
  return [
    paint.dim(new Date(line.event.timestamp).toISOString()),
    paint.level(line.level, line.level.padEnd(5)),
    paint.source(line.event.source, label.padEnd(LABEL_WIDTH)),
    // Continuation lines of a multi-line message are indented, so each event still starts at the margin.
    line.text.replaceAll('\n', '\n    '),
    ...(keys.length === 0 ? [] : [paint.dim(keys.join(' '))]),
  ].join(' ');
}

/** The event as one JSON line, as FilterLogEvents returned it plus the function (or `api`) it belongs to. */
export function jsonLine(event: LogEvent): string {
  const { source, ...raw } = event;
  return JSON.stringify({ ...raw, function: source });
}
