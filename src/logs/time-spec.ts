// `--since 10m`, `--until 2026-12-05T02:00:00Z`: a relative duration before now or an ISO time, as epoch ms (pure).
import { userError } from '../core/errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `10m`, `2h`, `1d`, `1w` before `now`, `now` itself, or an ISO 8601 time (a date alone is its UTC midnight). */
export function parseTimeSpec(text: string, now: number, flag = '--since'): number {
  const trimmed = text.trim();
  if (trimmed === 'now') return now;
  const relative = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(trimmed);
  if (relative) return now - Math.round(Number(relative[1]) * (UNIT_MS[relative[2] ?? 's'] ?? 1_000));
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const at = Date.parse(trimmed);
    if (!Number.isNaN(at)) return at;
  }
  throw userError('usage', `${flag} ${text}: not a time`, {
    hint: 'use a duration before now such as 10m, 2h or 1d, or an ISO time such as 2026-12-05T02:00:00Z',
  });
}

export interface TimeWindow {
  readonly startTime: number;
  /** Undefined: up to now, and on with --follow. */
  readonly endTime: number | undefined;
}

/** The window `--since`/`--until` name; `until` before `since` is a usage error. */
export function timeWindow(since: string, until: string | undefined, now: number): TimeWindow {
  const startTime = parseTimeSpec(since, now, '--since');
  const endTime = until === undefined ? undefined : parseTimeSpec(until, now, '--until');
  if (endTime !== undefined && endTime < startTime) throw userError('usage', `--until ${until ?? ''} is before --since ${since}`);
  return { startTime, endTime };
}
