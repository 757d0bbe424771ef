// Runs local Lambda functions: a bounded pool of warm child processes per function, code swaps
// without a restart, Lambda's timeout and failure reporting, and each invocation's log lines.
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { userError } from '../../core/errors.js';
import { LOCAL_ACCOUNT_ID } from '../account.js';
import { KeyedSerialQueue } from '../keyed-serial-queue.js';
import { functionEnvironment } from './function-environment.js';
import { FunctionWorker, type InvocationOutcome } from './function-worker.js';
import type { FunctionError } from './invoke-protocol.js';
import { endLine, invokeErrorLine, logStreamName, reportLine, startLine, timeoutMessage } from './lambda-log-lines.js';

export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
}

/** Where function output goes: the CloudWatch Logs service's in-process append API. */
export interface FunctionLogSink {
  append(logGroupName: string, logStreamName: string, events: readonly LogEvent[]): void | Promise<void>;
}

/** A function as the template declares it, with its code unpacked on disk. */
export interface FunctionDefinition {
  readonly functionName: string;
  /** Directory holding the unpacked bundle (index.mjs, node_modules, ...). */
  readonly codeDirectory: string;
  /** Default `index.handler`. */
  readonly handler?: string | undefined;
  /** Default `nodejs20.x`. */
  readonly runtime?: string | undefined;
  /** Default 3, like Lambda. */
  readonly timeoutSeconds?: number | undefined;
  /** Default 128. */
  readonly memorySizeMb?: number | undefined;
  readonly environment?: Readonly<Record<string, string>> | undefined;
  /** Default `/aws/lambda/<functionName>`. */
  readonly logGroupName?: string | undefined;
}

export type InvokeResult =
  | { readonly requestId: string; readonly ok: true; readonly payload: unknown }
  | { readonly requestId: string; readonly ok: false; readonly error: FunctionError };

export interface LambdaRunnerOptions {
  /** The edge endpoint handed to functions as AWS_ENDPOINT_URL. */
  readonly endpoint: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default LOCAL_ACCOUNT_ID. */
  readonly accountId?: string;
  readonly logs: FunctionLogSink;
  /** Concurrent environments per function; default the CPU count. */
  readonly maxConcurrencyPerFunction?: number;
}

export interface LambdaRunner {
  /** Adds a function, or swaps its code and configuration; running invocations finish on the old code. */
  deploy(definition: FunctionDefinition): void;
  remove(functionName: string): Promise<void>;
  has(functionName: string): boolean;
  functionArn(functionName: string): string;
  /** Synchronous invoke, like `InvocationType: RequestResponse`; never rejects for handler failures. */
  invoke(functionNameOrArn: string, event: unknown): Promise<InvokeResult>;
  stop(): Promise<void>;
}

interface ResolvedDefinition {
  readonly functionName: string;
  readonly codeDirectory: string;
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly logGroupName: string;
}

interface PooledWorker {
  readonly worker: FunctionWorker;
  readonly logStreamName: string;
  busy: boolean;
}

interface FunctionPool {
  definition: ResolvedDefinition;
  generation: number;
  readonly workers: PooledWorker[];
  readonly waiting: Array<{ resolve: (worker: PooledWorker) => void; reject: (error: Error) => void }>;
}

/** `arn:aws:lambda:region:account:function:name[:qualifier]` or a bare name, to the name. */
export function functionNameFromArn(nameOrArn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}

function resolveDefinition(definition: FunctionDefinition): ResolvedDefinition {
  return {
    functionName: definition.functionName,
    codeDirectory: definition.codeDirectory,
    handler: definition.handler ?? 'index.handler',
    runtime: definition.runtime ?? 'nodejs20.x',
    timeoutSeconds: definition.timeoutSeconds ?? 3,
    memorySizeMb: definition.memorySizeMb ?? 128,
    environment: definition.environment ?? {},
    logGroupName: definition.logGroupName ?? `/aws/lambda/${definition.functionName}`,
  };
}

// Lambda words signals the way Go's os/exec does.
function signalDescription(signal: NodeJS.Signals): string {
  const words: Partial<Record<NodeJS.Signals, string>> = {
    SIGKILL: 'killed',
    SIGTERM: 'terminated',
    SIGSEGV: 'segmentation fault',
    SIGABRT: 'aborted',
  };
  return words[signal] ?? signal.toLowerCase();
}

/** Creates a runner; functions are added with `deploy`. */
export function createLambdaRunner(options: LambdaRunnerOptions): LambdaRunner {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  const maxConcurrency = Math.max(1, options.maxConcurrencyPerFunction ?? availableParallelism());
  const pools = new Map<string, FunctionPool>();
  let stopped = false;
  // One chain per stream keeps events in order even when the sink is asynchronous; lines printed while
  // the stream's previous append runs go out together in the next one (one disk write, not one per line).
  const logWrites = new KeyedSerialQueue();
  const logBatches = new Map<string, LogEvent[]>();

  const appendLog = (group: string, stream: string, message: string, timestamp = Date.now()): void => {
    const key = `${group}\u0000${stream}`;
    const waiting = logBatches.get(key);
    if (waiting) {
      waiting.push({ timestamp, message });
      return;
    }
    const batch: LogEvent[] = [{ timestamp, message }];
    logBatches.set(key, batch);
    void logWrites
      .run(key, async () => {
        logBatches.delete(key);
        await options.logs.append(group, stream, batch);
      })
      .catch(() => {
        // A lost log line must not fail the invocation it describes.
      });
  };

  const functionArn = (name: string) => `arn:aws:lambda:${region}:${accountId}:function:${name}`;

  const spawn = (pool: FunctionPool): PooledWorker => {
    const definition = pool.definition;
    const stream = logStreamName(new Date(), randomBytes(16).toString('hex'));
    const worker = new FunctionWorker({
      codeDirectory: definition.codeDirectory,
      generation: pool.generation,
      memorySizeMb: definition.memorySizeMb,
      environment: functionEnvironment({
        functionName: definition.functionName,
        handler: definition.handler,
        runtime: definition.runtime,
        memorySizeMb: definition.memorySizeMb,
        codeDirectory: definition.codeDirectory,
        logGroupName: definition.logGroupName,
        logStreamName: stream,
        region,
        endpoint: options.endpoint,
        variables: definition.environment,
        hostPath: process.env['PATH'],
      }),
    });
    const pooled: PooledWorker = { worker, logStreamName: stream, busy: true };
    pool.workers.push(pooled);
    return pooled;
  };

  const discard = (pool: FunctionPool, pooled: PooledWorker): void => {
    const index = pool.workers.indexOf(pooled);
    if (index >= 0) pool.workers.splice(index, 1);
    pooled.worker.kill();
  };

  const acquire = (pool: FunctionPool): Promise<PooledWorker> => {
    const idle = pool.workers.find((candidate) => !candidate.busy && candidate.worker.alive);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    if (pool.workers.length < maxConcurrency) return Promise.resolve(spawn(pool));
    return new Promise((resolve, reject) => pool.waiting.push({ resolve, reject }));
  };

  const release = (pool: FunctionPool, pooled: PooledWorker): void => {
    const reusable =
      pooled.worker.alive && pooled.worker.generation === pool.generation && pools.get(pool.definition.functionName) === pool;
    if (!reusable) discard(pool, pooled);
    const next = pool.waiting.shift();
    if (next === undefined) {
      if (reusable) pooled.busy = false;
      return;
    }
    next.resolve(reusable ? pooled : spawn(pool));
  };

  const record = (
    pool: FunctionPool,
    requestId: string,
    outcome: InvocationOutcome,
    pooled: PooledWorker,
    durationMs: number,
    coldInitMs: number | undefined,
  ): InvokeResult => {
    const { logGroupName, timeoutSeconds, memorySizeMb } = pool.definition;
    const log = (message: string) => appendLog(logGroupName, pooled.logStreamName, message);
    let result: InvokeResult;
    let status: 'timeout' | 'error' | undefined;
    let maxRssBytes = pooled.worker.maxRssBytes;
    switch (outcome.kind) {
      case 'result':
        maxRssBytes = outcome.maxRssBytes;
        if (outcome.ok) {
          result = { requestId, ok: true, payload: outcome.value };
        } else {
          log(invokeErrorLine(requestId, outcome.error, new Date()));
          result = { requestId, ok: false, error: outcome.error };
        }
        break;
      case 'init-error':
        log(invokeErrorLine(requestId, outcome.error, new Date()));
        status = 'error';
        result = { requestId, ok: false, error: outcome.error };
        break;
      case 'timeout': {
        const message = timeoutMessage(timeoutSeconds);
        log(`${new Date().toISOString()} ${requestId} ${message}`);
        status = 'timeout';
        result = {
          requestId,
          ok: false,
          error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: ${message}` },
        };
        break;
      }
      case 'exit': {
        const how = outcome.signal ? `signal: ${signalDescription(outcome.signal)}` : `exit status ${outcome.code ?? 'unknown'}`;
        const message = `RequestId: ${requestId} Error: Runtime exited with error: ${how}`;
        log(message);
        status = 'error';
        result = { requestId, ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: message } };
        break;
      }
    }
    log(endLine(requestId));
    log(
      reportLine({ requestId, durationMs, memorySizeMb, maxMemoryUsedMb: maxRssBytes / (1024 * 1024), initDurationMs: coldInitMs, status }),
    );
    return result;
  };

  return {
    deploy(definition) {
      if (stopped) throw userError('engine-stopped', 'the Lambda runner is stopped');
      const resolved = resolveDefinition(definition);
      const existing = pools.get(resolved.functionName);
      if (existing === undefined) {
        pools.set(resolved.functionName, { definition: resolved, generation: 0, workers: [], waiting: [] });
        return;
      }
      existing.definition = resolved;
      existing.generation += 1;
      // Idle environments hold the old code: retire them now; busy ones retire when they finish.
      for (const pooled of [...existing.workers]) if (!pooled.busy) discard(existing, pooled);
    },

    async remove(functionName) {
      const pool = pools.get(functionName);
      if (pool === undefined) return;
      pools.delete(functionName);
      for (const waiter of pool.waiting.splice(0))
        waiter.reject(userError('function-not-found', `Function not found: ${functionArn(functionName)}`));
      await Promise.all(pool.workers.map((pooled) => pooled.worker.close()));
    },

    has(functionName) {
      return pools.has(functionName);
    },

    functionArn,

    async invoke(functionNameOrArn, event) {
      const name = functionNameFromArn(functionNameOrArn);
      const pool = pools.get(name);
      if (pool === undefined || stopped) {
        throw userError('function-not-found', `Function not found: ${functionArn(name)}`);
      }
      const requestId = randomUUID();
      const pooled = await acquire(pool);
      const definition = pool.definition;
      const cold = pooled.worker.initDurationMs === undefined;
      const log = (message: string) => appendLog(definition.logGroupName, pooled.logStreamName, message);
      log(startLine(requestId));
      const timeoutMs = definition.timeoutSeconds * 1000;
      const outcome = await pooled.worker.invoke(
        event,
        {
          awsRequestId: requestId,
          functionName: definition.functionName,
          functionVersion: '$LATEST',
          invokedFunctionArn: functionArn(definition.functionName),
          memoryLimitInMB: String(definition.memorySizeMb),
          logGroupName: definition.logGroupName,
          logStreamName: pooled.logStreamName,
          deadlineMs: Date.now() + timeoutMs,
        },
        timeoutMs,
        log,
      );
      const initMs = cold ? pooled.worker.initDurationMs : undefined;
      const result = record(pool, requestId, outcome, pooled, pooled.worker.lastRunMs, initMs);
      release(pool, pooled);
      // Callers (tests, `qrcard logs`) can read an invocation's lines as soon as it returns.
      await logWrites.idle(`${definition.logGroupName}\u0000${pooled.logStreamName}`);
      return result;
    },

    async stop() {
      stopped = true;
      const all = [...pools.values()];
      pools.clear();
      for (const pool of all)
        for (const waiter of pool.waiting.splice(0)) waiter.reject(userError('engine-stopped', 'the Lambda runner stopped'));
      await Promise.all(all.flatMap((pool) => pool.workers.map((pooled) => pooled.worker.close())));
      await logWrites.idle();
    },
  };
}
