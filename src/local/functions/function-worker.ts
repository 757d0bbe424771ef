// One execution environment: a child process running function-process, initialised once, invoked
// one request at a time, killed on timeout; it reports how each invocation ended.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, FunctionError, InvocationContextData } from './invoke-protocol.js';

/** Lambda gives a function's init phase ten seconds before it gives up. */
const INIT_TIMEOUT_MS = 10_000;

export type InvocationOutcome =
  | { readonly kind: 'result'; readonly ok: true; readonly value: unknown; readonly maxRssBytes: number }
  | { readonly kind: 'result'; readonly ok: false; readonly error: FunctionError; readonly maxRssBytes: number }
  | { readonly kind: 'init-error'; readonly error: FunctionError }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: NodeJS.Signals | null };

export interface WorkerOutput {
  /** One complete log event (a console call, or one line of raw output). */
  (message: string): void;
}

// Compiled, the entry point sits next to this file as .js; run from sources, it is .ts and needs tsx.
function processEntry(): { path: string; execArgv: string[] } {
  const compiled = fileURLToPath(new URL('./function-process.js', import.meta.url));
  if (existsSync(compiled)) return { path: compiled, execArgv: [] };
  return {
    path: fileURLToPath(new URL('./function-process.ts', import.meta.url)),
    execArgv: ['--import', import.meta.resolve('tsx')],
  };
}

/**
 * Extra node options for every function process, for profiling: `QRCARD_LOCAL_FUNCTION_NODE_OPTIONS` in the
 * environment of `qrcard dev`, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`. Unset, nothing is added.
 */
function profilingOptions(): string[] {
  return (process.env['QRCARD_LOCAL_FUNCTION_NODE_OPTIONS'] ?? '').split(' ').filter((option) => option !== '');
}

/**
 * Like Lambda's Node runtime, the heap is sized from the function's memory setting: the old space 90% of it, the
 * new space a tenth, of which each of V8's two semi-spaces is half. (V8 grows the semi-spaces toward that limit only
 * when much of the young generation survives; render-card's garbage dies young, so its collections barely change.)
 */
function heapOptions(memorySizeMb: number): string[] {
  const semiSpaceMb = Math.max(1, Math.floor(Math.floor(memorySizeMb / 10) / 2));
  return [`--max-old-space-size=${Math.max(64, Math.floor(memorySizeMb * 0.9))}`, `--max-semi-space-size=${semiSpaceMb}`];
}

/** Splits a byte stream into lines, holding a partial last line until it completes. */
class LineSplitter {
  private pending = '';
  constructor(private readonly emit: (line: string) => void) {}
  push(text: string): void {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.emit(line.replace(/\r$/, ''));
  }
  flush(): void {
    if (this.pending !== '') this.emit(this.pending);
    this.pending = '';
  }
}

export class FunctionWorker {
  readonly generation: number;
  /** The CloudWatch Logs stream of this environment, as Lambda has one per execution environment. */
  readonly logStreamName: string;
  /** Init duration of the cold start; read once by the first invocation's REPORT line. */
  initDurationMs: number | undefined;
  private readonly child: ChildProcess;
  private readonly ready: Promise<{ ok: true } | { ok: false; error: FunctionError } | { ok: false; exited: true }>;
  private exited = false;
  private killed = false;
  private readonly spawnedAt = performance.now();
  private runStartedAt = 0;
  /** Wall time of the last invocation, from sending the event to its outcome. */
  lastRunMs = 0;
  /** Peak resident memory the process reported; kept for REPORT lines of invocations that lost it. */
  maxRssBytes = 0;
  private output: WorkerOutput = () => {};
  private readonly rawOutput: LineSplitter;
  private onMessage: ((message: ChildMessage) => void) | undefined;
  private onExit: ((code: number | null, signal: NodeJS.Signals | null) => void) | undefined;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly profiling: readonly string[];

  constructor(options: {
    /** The `node` that runs the process. */
    nodeExecutable: string;
    codeDirectory: string;
    environment: Record<string, string>;
    generation: number;
    memorySizeMb: number;
    logStreamName: string;
  }) {
    this.generation = options.generation;
    this.logStreamName = options.logStreamName;
    const entry = processEntry();
    this.profiling = profilingOptions();
    this.child = fork(entry.path, [], {
      execPath: options.nodeExecutable,
      cwd: options.codeDirectory,
      env: options.environment,
      execArgv: [...entry.execArgv, ...heapOptions(options.memorySizeMb), ...this.profiling],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.rawOutput = new LineSplitter((line) => this.output(line));
    // Output that bypasses the patched streams (native code, Node's own crash report) still belongs in the log.
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => this.rawOutput.push(text));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => this.rawOutput.push(text));
    this.child.on('message', (batch: readonly ChildMessage[]) => {
      for (const message of batch) {
        if (message.type === 'log') this.output(message.message);
        else if (message.type === 'output') this.rawOutput.push(message.text);
        else this.onMessage?.(message);
      }
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.exitInfo = { code, signal };
      this.rawOutput.flush();
      this.onExit?.(code, signal);
    });
    this.child.on('error', () => {
      // A failed spawn also emits 'exit'; nothing more to do here.
    });
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill();
        resolve({ ok: false, error: { errorType: 'Runtime.InitTimeout', errorMessage: 'Init phase exceeded 10 seconds' } });
      }, INIT_TIMEOUT_MS);
      this.onMessage = (message) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          // Like Lambda's Init Duration: runtime start plus the handler module's top-level code.
          this.initDurationMs = performance.now() - this.spawnedAt;
          resolve({ ok: true });
        } else if (message.type === 'init-error') {
          clearTimeout(timer);
          resolve({ ok: false, error: message.error });
        }
      };
      this.onExit = () => {
        clearTimeout(timer);
        resolve({ ok: false, exited: true });
      };
    });
  }

  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  /** Runs one invocation; `output` receives its log events until the outcome is known. */
  async invoke(event: unknown, context: InvocationContextData, timeoutMs: number, output: WorkerOutput): Promise<InvocationOutcome> {
    this.output = output;
    try {
      const ready = await this.ready;
      if (!ready.ok) {
        if ('error' in ready) {
          this.kill();
          return { kind: 'init-error', error: ready.error };
        }
        return { kind: 'exit', ...(this.exitInfo ?? { code: null, signal: null }) };
      }
      return await this.run(event, context, timeoutMs);
    } finally {
      this.rawOutput.flush();
    }
  }

  private run(event: unknown, context: InvocationContextData, timeoutMs: number): Promise<InvocationOutcome> {
    return new Promise((resolve) => {
      const settle = (outcome: InvocationOutcome) => {
        clearTimeout(timer);
        this.lastRunMs = performance.now() - this.runStartedAt;
        if (outcome.kind === 'result') this.maxRssBytes = Math.max(this.maxRssBytes, outcome.maxRssBytes);
        this.onMessage = undefined;
        this.onExit = undefined;
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        this.kill();
        settle({ kind: 'timeout' });
      }, timeoutMs);
      this.onMessage = (message) => {
        if (message.type !== 'result') return;
        settle(
          message.ok
            ? { kind: 'result', ok: true, value: message.value, maxRssBytes: message.maxRssBytes }
            : { kind: 'result', ok: false, error: message.error, maxRssBytes: message.maxRssBytes },
        );
      };
      this.onExit = (code, signal) => settle({ kind: 'exit', code, signal });
      if (this.exited) {
        settle({ kind: 'exit', ...(this.exitInfo ?? { code: null, signal: null }) });
        return;
      }
      this.runStartedAt = performance.now();
      // The deadline counts from here, after the cold start, as Lambda's invocation timeout does.
      this.child.send({ type: 'invoke', event, context: { ...context, deadlineMs: Date.now() + timeoutMs } });
    });
  }

  kill(): void {
    this.killed = true;
    if (this.exited) return;
    if (this.profiling.length === 0) {
      this.child.kill('SIGKILL');
      return;
    }
    // A profiled process is asked to exit, so that node writes its profile; one that is stuck is killed a little later.
    this.child.kill('SIGTERM');
    setTimeout(() => {
      if (!this.exited) this.child.kill('SIGKILL');
    }, 2_000).unref();
  }

  /** Resolves once the process is gone. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.kill();
    await gone;
  }
}
