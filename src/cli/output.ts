// The output port: results to stdout, progress and diagnostics to stderr, one JSON document with --json.
import { styleText } from 'node:util';
import type { Writable } from 'node:stream';
import type { Progress, Reporter } from '../core/reporter.js';

export interface OutputOptions {
  /** Print results as one JSON document. Default false. */
  readonly json?: boolean;
  /** Hide informational lines (warnings and errors still print). Default false. */
  readonly quiet?: boolean;
  /** Print debug lines. Default false. */
  readonly verbose?: boolean;
  /** Colour on stderr/stdout; default: when the stream is a TTY and NO_COLOR is unset. */
  readonly color?: boolean;
  readonly stdout?: Writable & { isTTY?: boolean };
  readonly stderr?: Writable & { isTTY?: boolean; columns?: number };
  readonly env?: NodeJS.ProcessEnv;
}

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'magenta' | 'blue';

/** What a command reports: progress and diagnostics on stderr (the Reporter), its result on stdout. */
export interface Output extends Reporter {
  readonly json: boolean;
  /** True when stderr is a terminal outside CI: spinners and prompts are allowed. */
  readonly interactive: boolean;
  /** True when progress redraws in place (a spinner); false when it prints one line per change. */
  readonly live: boolean;
  /** The command's result: `value` as JSON with --json, else `text` (default: value as JSON). */
  result(value: unknown, text?: string): void;
  style(style: Style, text: string): string;
}

/** Whether stderr is an interactive terminal outside CI. */
export function isInteractive(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && !isCi(env);
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'GITHUB_ACTIONS'].some((name) => {
    const value = env[name];
    return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
  });
}

export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const json = options.json ?? false;
  const interactive = isInteractive(stderr, env);
  // A terminal that reports no width (an unsized pseudo-terminal) cannot be redrawn in place.
  const live = interactive && !options.quiet && (stderr.columns ?? 0) > 0;
  const colorOn = options.color ?? (Boolean(stderr.isTTY) && env.NO_COLOR === undefined && env.FORCE_COLOR !== '0');
  const style = (name: Style, text: string) => (colorOn ? styleText(name, text) : text);
  const line = (stream: Writable, text: string) => stream.write(text.endsWith('\n') ? text : `${text}\n`);

  return {
    json,
    interactive,
    live,
    result(value, text) {
      if (json || text === undefined) line(stdout, JSON.stringify(value, null, 2));
      else if (text !== '') line(stdout, text);
    },
    info(message) {
      if (!options.quiet) line(stderr, message);
    },
    success(message) {
      if (!options.quiet) line(stderr, `${style('green', '✔')} ${message}`);
    },
    warn(message) {
      line(stderr, `${style('yellow', 'warning:')} ${message}`);
    },
    debug(message) {
      if (options.verbose) line(stderr, style('dim', message));
    },
    async progress(text) {
      if (!live) return plainProgress(text, (message) => !options.quiet && line(stderr, message));
      const { default: ora } = await import('ora');
      const spinner = ora({ text, stream: stderr, color: 'cyan' }).start();
      return {
        update: (next) => {
          spinner.text = next;
        },
        succeed: (next) => spinner.succeed(next ?? spinner.text),
        warn: (next) => spinner.warn(next ?? spinner.text),
        fail: (next) => spinner.fail(next ?? spinner.text),
      };
    },
    style,
  };
}

// Off a terminal, progress is a line when it starts and a line when it ends: readable in CI logs.
function plainProgress(text: string, write: (message: string) => unknown): Progress {
  let current = text;
  write(`${current} ...`);
  return {
    update: (next) => {
      if (next !== current) write(next);
      current = next;
    },
    succeed: (next) => write(`✔ ${next ?? current}`),
    warn: (next) => write(`⚠ ${next ?? current}`),
    fail: (next) => write(`✖ ${next ?? current}`),
  };
}
