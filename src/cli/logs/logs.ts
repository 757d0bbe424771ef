// `qrcard logs`: the functions' and the API's log lines of a time window, merged by time, filtered by
// function, level or one person's registration; with --follow, new lines as they come until Ctrl-C.
import { once } from 'node:events';
import { userError } from '../../core/errors.js';
import { followLogs } from '../../logs/follow-logs.js';
import { formatLine, jsonLine, type Painter } from '../../logs/format-line.js';
import { selectedSources } from '../../logs/log-sources.js';
import { atLevel, parseLogLine, type LevelFloor, type LogEvent, type LogSource } from '../../logs/log-line.js';
import { readLogGroups } from '../../logs/read-events.js';
import { timeWindow } from '../../logs/time-spec.js';
import { UserStory } from '../../logs/user-story.js';
import type { CommandContext } from '../context.js';
import type { Style } from '../output.js';
import { withAws } from '../stack/stack-inputs.js';
import { stackLogGroups } from './log-groups.js';

export interface LogsFlags {
  readonly since: string;
  readonly until?: string;
  readonly filter?: string;
  readonly function?: readonly string[];
  readonly level?: LevelFloor;
  readonly user?: string;
  readonly type?: string;
  readonly follow?: boolean;
}

/** Polling: the local engine answers in milliseconds; CloudWatch Logs allows a few FilterLogEvents calls a second per account. */
export const FOLLOW_RATES = {
  local: { intervalMs: 500, lateWindowMs: 5_000 },
  aws: { intervalMs: 2_000, lateWindowMs: 30_000 },
} as const;

const SOURCE_STYLES: Readonly<Record<LogSource, Style>> = {
  'register-user': 'cyan',
  'get-user': 'magenta',
  'render-card': 'blue',
  api: 'green',
};

function checkFlags(flags: LogsFlags): void {
  if (flags.type !== undefined && flags.user === undefined) throw userError('usage', '--type narrows --user; pass --user ID too');
  if (flags.user !== undefined && flags.filter !== undefined) {
    throw userError('usage', '--user and --filter cannot be used together', {
      hint: 'the registration is found by its ids; add --level or --function to narrow it',
    });
  }
  if (flags.follow && flags.until !== undefined) throw userError('usage', '--follow shows lines as they come; it takes no --until');
}

export async function runLogs(flags: LogsFlags, context: CommandContext): Promise<void> {
  checkFlags(flags);
  const sources = selectedSources(flags.function);
  const window = timeWindow(flags.since, flags.until, Date.now());
  const { inputs, groups } = await stackLogGroups(context);
  const wanted = groups.filter((group) => sources.has(group.source));
  const logs = await (await context.clients()).logs();
  const rates = inputs.target.kind === 'local' ? FOLLOW_RATES.local : FOLLOW_RATES.aws;
  const show = lineShower(flags, context, Math.max(10_000, 2 * rates.lateWindowMs));
  if (!flags.follow) {
    const events = await withAws(inputs.target, () => readLogGroups(logs, wanted, { ...window, filterPattern: flags.filter }));
    const shown = await show(events);
    if (shown === 0)
      context.output.info(
        `no log lines between ${new Date(window.startTime).toISOString()} and ${window.endTime === undefined ? 'now' : new Date(window.endTime).toISOString()}`,
      );
    return;
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  context.output.info(`following ${wanted.map((group) => group.name).join(', ')} (each polled every ${rates.intervalMs} ms; Ctrl-C stops)`);
  try {
    await followLogs(
      { groups: wanted, startTime: window.startTime, filterPattern: flags.filter, ...rates, signal: stop.signal },
      { logs, emit: (events) => void show(events), warn: (message) => context.output.warn(message) },
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Turns events into printed lines: parsed, narrowed to the user's story and the level, written to stdout. */
function lineShower(flags: LogsFlags, context: CommandContext, holdMs: number): (events: readonly LogEvent[]) => Promise<number> {
  const story = flags.user === undefined ? undefined : new UserStory({ userId: flags.user, type: flags.type }, holdMs);
  const level = flags.level;
  const paint = painter(context);
  let writing = Promise.resolve(0);
  return (events) => {
    let lines = events.map(parseLogLine);
    if (story) lines = story.take(lines);
    if (level) lines = lines.filter((line) => atLevel(line, level));
    const text = lines.map((line) => `${context.options.json ? jsonLine(line.event) : formatLine(line, paint)}\n`).join('');
    writing = writing.then(async () => {
      if (text !== '' && !process.stdout.write(text)) await once(process.stdout, 'drain');
      return lines.length;
    });
    return writing;
  };
}

function painter(context: CommandContext): Painter {
  const style = (name: Style, text: string) => context.output.style(name, text);
  return {
    source: (source, text) => style(SOURCE_STYLES[source], text),
    level: (level, text) =>
      level === 'ERROR' || level === 'FATAL' || level === 'CRITICAL' ? style('red', text) : level === 'WARN' ? style('yellow', text) : text,
    dim: (text) => style('dim', text),
  };
}
