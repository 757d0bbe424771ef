// Entry point of one execution environment, a worker thread of a function host: loads the handler once (the
// cold start), then serves the invocations the runner sends, one at a time, like a Lambda execution environment.
import { format } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import type { EnvironmentMessage, FunctionError, InvokeMessage, InvocationContextData } from './invoke-protocol.js';

type Handler = (event: unknown, context: unknown, callback?: (error?: unknown, value?: unknown) => void) => unknown;

// Messages go out in batches, one per turn of the event loop (a result goes at once, with the lines before
// it): each one wakes the host and then the engine, and a log line alone is not worth a wake-up.
let outbox: EnvironmentMessage[] = [];
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  if (outbox.length === 0) return;
  const batch = outbox;
  outbox = [];
  parentPort?.postMessage(batch);
}

const send = (message: EnvironmentMessage): void => {
  outbox.push(message);
  if (message.type === 'result' || message.type === 'ready' || message.type === 'init-error') flush();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
};

// A handler that calls process.exit (which ends this thread) still gets the lines it printed into the log.
process.on('exit', flush);

let currentRequestId: string | undefined;
let maxMemoryBytes = 0;

// Lambda's Node runtime prefixes console output with time, request id and level, one log event per call.
function patchConsole(): void {
  const levels = { log: 'INFO', info: 'INFO', debug: 'DEBUG', warn: 'WARN', error: 'ERROR', trace: 'TRACE' } as const;
  for (const [method, level] of Object.entries(levels)) {
    const write = (...args: unknown[]) => {
      const requestId = currentRequestId ?? 'undefined';
      send({ type: 'log', message: `${new Date().toISOString()}\t${requestId}\t${level}\t${format(...args)}` });
    };
    Object.assign(console, { [method]: write });
  }
}

// Raw writes (process.stdout.write, loggers with their own Console) go the same way, so they stay ordered
// before the invocation's result.
function patchStream(stream: NodeJS.WriteStream): void {
  type WriteCallback = (error?: Error | null) => void;
  stream.write = (chunk: Uint8Array | string, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    send({ type: 'output', text });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) queueMicrotask(() => done());
    return true;
  };
}

function toFunctionError(error: unknown): FunctionError {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof error === 'string' ? 'string' : 'Error', errorMessage: String(error) };
}

function resolveModuleFile(taskRoot: string, modulePath: string): string {
  for (const extension of ['.js', '.mjs', '.cjs']) {
    const candidate = join(taskRoot, modulePath + extension);
    if (existsSync(candidate)) return candidate;
  }
  const error = new Error(`Cannot find module '${modulePath}'`);
  error.name = 'Runtime.ImportModuleError';
  throw error;
}

async function loadHandler(taskRoot: string, handlerSetting: string): Promise<Handler> {
  const dot = handlerSetting.lastIndexOf('.');
  if (dot <= 0) {
    const error = new Error(`Bad handler ${handlerSetting}: expected module.export`);
    error.name = 'Runtime.MalformedHandlerName';
    throw error;
  }
  const file = resolveModuleFile(taskRoot, handlerSetting.slice(0, dot));
  const loaded: unknown = await import(pathToFileURL(file).href);
  const exportName = handlerSetting.slice(dot + 1);
  const commonJsExports = hasProperties(loaded) ? loaded['default'] : undefined;
  const handler =
    (hasProperties(loaded) ? loaded[exportName] : undefined) ?? (hasProperties(commonJsExports) ? commonJsExports[exportName] : undefined);
  if (typeof handler !== 'function') {
    const error = new Error(`${handlerSetting} is undefined or not exported`);
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  // Any function the module exports is called as a handler, as Lambda does; its parameters cannot be checked.
  return handler as Handler;
}

/** A module namespace or a CommonJS `module.exports` (which may be a function with properties). */
function hasProperties(value: unknown): value is Readonly<Record<string, unknown>> {
  return (value !== null && typeof value === 'object') || typeof value === 'function';
}

function buildContext(data: InvocationContextData): Record<string, unknown> {
  return {
    ...data,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, data.deadlineMs - Date.now()),
  };
}

/** How a handler finished: its value, or what it threw, rejected with or passed to its callback. */
type HandlerOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

function callHandler(handler: Handler, event: unknown, context: Record<string, unknown>): Promise<HandlerOutcome> {
  // Handlers declaring three parameters use the callback style the Node runtimes still accept.
  if (handler.length >= 3) {
    return new Promise((resolve) => {
      try {
        handler(event, context, (error, value) => resolve(error ? { ok: false, error } : { ok: true, value }));
      } catch (error) {
        resolve({ ok: false, error });
      }
    });
  }
  return Promise.resolve(handler(event, context)).then(
    (value): HandlerOutcome => ({ ok: true, value }),
    (error: unknown): HandlerOutcome => ({ ok: false, error }),
  );
}

/** Lambda returns a result as JSON: a value JSON cannot carry fails the invocation, not the runtime. */
function resultMessage(outcome: HandlerOutcome, maxMemoryBytes: number): EnvironmentMessage {
  if (!outcome.ok) return { type: 'result', ok: false, error: toFunctionError(outcome.error), maxMemoryBytes };
  try {
    return { type: 'result', ok: true, payload: JSON.stringify(outcome.value) ?? 'null', maxMemoryBytes };
  } catch (error) {
    const errorMessage = `Unable to marshal response: ${error instanceof Error ? error.message : String(error)}`;
    return { type: 'result', ok: false, error: { errorType: 'Runtime.MarshalError', errorMessage }, maxMemoryBytes };
  }
}

async function main(): Promise<void> {
  patchConsole();
  patchStream(process.stdout);
  patchStream(process.stderr);
  let handler: Handler;
  try {
    handler = await loadHandler(process.env['LAMBDA_TASK_ROOT'] ?? '.', process.env['_HANDLER'] ?? 'index.handler');
  } catch (error) {
    send({ type: 'init-error', error: toFunctionError(error) });
    return;
  }
  send({ type: 'ready' });

  parentPort?.on('message', (message: InvokeMessage) => {
    if (message.type !== 'invoke') return;
    currentRequestId = message.context.awsRequestId;
    void callHandler(handler, message.event, buildContext(message.context)).then((outcome) => {
      currentRequestId = undefined;
      // The process's resident size counts every environment of the host; this one's own is its heap and the
      // buffers outside it.
      const { heapTotal, external } = process.memoryUsage();
      maxMemoryBytes = Math.max(maxMemoryBytes, heapTotal + external);
      send(resultMessage(outcome, maxMemoryBytes));
    });
  });
}

void main();
