// One execution environment: a worker thread in the function host of its Node, initialised once, invoked one
// request at a time, ended on timeout; it reports how each invocation ended.
import type { EnvironmentChannel, EnvironmentListener, FunctionHosts } from './function-hosts.js';
import type { EnvironmentMessage, EnvironmentSettings, FunctionError, InvocationContextData } from './invoke-protocol.js';
import { LineSplitter } from './line-splitter.js';

/** Lambda gives a function's init phase ten seconds before it gives up. */
const INIT_TIMEOUT_MS = 10_000;

export type InvocationOutcome =
  | { readonly kind: 'result'; readonly ok: true; readonly value: unknown; readonly maxMemoryBytes: number }
  | { readonly kind: 'result'; readonly ok: false; readonly error: FunctionError; readonly maxMemoryBytes: number }
  | { readonly kind: 'init-error'; readonly error: FunctionError }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: NodeJS.Signals | null };

export interface WorkerOutput {
  /** One complete log event (a console call, or one line of raw output). */
  (message: string): void;
}

type Readiness = { ok: true } | { ok: false; error: FunctionError } | { ok: false; exited: true };

export class FunctionWorker {
  readonly generation: number;
  /** The CloudWatch Logs stream of this environment, as Lambda has one per execution environment. */
  readonly logStreamName: string;
  /** Init duration of the cold start; read once by the first invocation's REPORT line. */
  initDurationMs: number | undefined;
  private readonly channel: EnvironmentChannel;
  private readonly ready: Promise<Readiness>;
  private readonly gone: Promise<void>;
  private exited = false;
  private killed = false;
  private readonly startedAt = performance.now();
  private runStartedAt = 0;
  /** Wall time of the last invocation, from sending the event to its outcome. */
  lastRunMs = 0;
  /** Peak memory the environment reported; kept for REPORT lines of invocations that lost it. */
  maxMemoryBytes = 0;
  private output: WorkerOutput = () => {};
  private readonly rawOutput = new LineSplitter((line) => this.output(line));
  private onMessage: ((message: EnvironmentMessage) => void) | undefined;
  private onExit: ((code: number | null, signal: NodeJS.Signals | null) => void) | undefined;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };

  constructor(options: {
    hosts: FunctionHosts;
    /** The `node` whose host runs the environment. */
    nodeExecutable: string;
    settings: EnvironmentSettings;
    generation: number;
    logStreamName: string;
  }) {
    this.generation = options.generation;
    this.logStreamName = options.logStreamName;
    let markGone = () => {};
    this.gone = new Promise((resolve) => (markGone = resolve));
    const listener: EnvironmentListener = {
      messages: (batch) => {
        for (const message of batch) {
          if (message.type === 'log') this.output(message.message);
          else if (message.type === 'output') this.rawOutput.push(message.text);
          else this.onMessage?.(message);
        }
      },
      exited: (code, signal) => {
        this.exited = true;
        this.exitInfo = { code, signal };
        this.rawOutput.flush();
        this.onExit?.(code, signal);
        markGone();
      },
    };
    this.ready = this.readiness();
    this.channel = options.hosts.open(options.nodeExecutable, options.settings, listener);
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
        return { kind: 'exit', ...this.exitInfo };
      }
      return await this.run(event, context, timeoutMs);
    } finally {
      this.rawOutput.flush();
    }
  }

  kill(): void {
    this.killed = true;
    if (!this.exited) this.channel.end();
  }

  /** Resolves once the environment is gone. */
  async close(): Promise<void> {
    this.kill();
    await this.gone;
  }

  private readiness(): Promise<Readiness> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill();
        resolve({ ok: false, error: { errorType: 'Runtime.InitTimeout', errorMessage: 'Init phase exceeded 10 seconds' } });
      }, INIT_TIMEOUT_MS);
      this.onMessage = (message) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          // Like Lambda's Init Duration: the runtime's start plus the handler module's top-level code.
          this.initDurationMs = performance.now() - this.startedAt;
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

  private run(event: unknown, context: InvocationContextData, timeoutMs: number): Promise<InvocationOutcome> {
    return new Promise((resolve) => {
      const settle = (outcome: InvocationOutcome) => {
        clearTimeout(timer);
        this.lastRunMs = performance.now() - this.runStartedAt;
        if (outcome.kind === 'result') this.maxMemoryBytes = Math.max(this.maxMemoryBytes, outcome.maxMemoryBytes);
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
            ? { kind: 'result', ok: true, value: JSON.parse(message.payload) as unknown, maxMemoryBytes: message.maxMemoryBytes }
            : { kind: 'result', ok: false, error: message.error, maxMemoryBytes: message.maxMemoryBytes },
        );
      };
      this.onExit = (code, signal) => settle({ kind: 'exit', code, signal });
      if (this.exited) {
        settle({ kind: 'exit', ...this.exitInfo });
        return;
      }
      this.runStartedAt = performance.now();
      // The deadline counts from here, after the cold start, as Lambda's invocation timeout does.
      this.channel.invoke({ type: 'invoke', event, context: { ...context, deadlineMs: Date.now() + timeoutMs } });
    });
  }
}
