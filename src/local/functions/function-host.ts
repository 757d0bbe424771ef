// Entry point of a function host: one process per Node executable that functions run on, holding their
// execution environments as worker threads, so that an environment costs a thread and a heap, not a process.
// It starts, invokes and ends environments as the runner asks, and relays what they say.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { EnvironmentMessage, EnvironmentSettings, HostCommand, HostReport } from './invoke-protocol.js';

// Compiled, the thread's entry sits next to this file as .js. Run from sources, it is .ts, and a thread does not
// inherit the loader that tsx registered in the process, so a short script imports it through tsx's API.
function threadEntry(): { script: URL | string; eval: boolean } {
  const compiled = new URL('./environment-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { script: compiled, eval: false };
  const source = JSON.stringify(new URL('./environment-thread.ts', import.meta.url).href);
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return { script: `import(${api}).then(({ tsImport }) => tsImport(${source}, ${source}))`, eval: true };
}

/**
 * The old space is 90% of the function's memory, as Lambda's Node runtime sizes it, so a function runs out of heap
 * where it would there. The young generation is V8's smallest (three 1 MB semi-spaces) rather than Lambda's tenth of
 * the memory: only how often minor collections run differs, which no handler can tell, and under load the larger
 * one held ~10 MB more per environment for no measurable speed (bench/README.md).
 */
function heapLimits(memorySizeMb: number): ResourceLimits {
  return { maxOldGenerationSizeMb: Math.max(64, Math.floor(memorySizeMb * 0.9)), maxYoungGenerationSizeMb: 3 };
}

const entry = threadEntry();
const environments = new Map<number, Worker>();

function report(message: HostReport): void {
  process.send?.(message);
}

function relay(id: number, batch: readonly EnvironmentMessage[]): void {
  report({ type: 'messages', id, batch });
}

function start(id: number, settings: EnvironmentSettings): void {
  const worker = new Worker(entry.script, {
    eval: entry.eval,
    env: settings.environment,
    resourceLimits: heapLimits(settings.memorySizeMb),
    // What bypasses the environment's patched streams (output of native code the thread runs) is read here.
    stdout: true,
    stderr: true,
  });
  environments.set(id, worker);
  worker.on('message', (batch: readonly EnvironmentMessage[]) => relay(id, batch));
  for (const stream of [worker.stdout, worker.stderr])
    stream.setEncoding('utf8').on('data', (text: string) => relay(id, [{ type: 'output', text }]));
  // An uncaught exception ends the thread as it would end a runtime's process: its stack goes to the log.
  worker.on('error', (error: unknown) => relay(id, [{ type: 'output', text: `${uncaughtText(error)}\n` }]));
  worker.on('exit', (code) => {
    environments.delete(id);
    report({ type: 'exited', id, code });
  });
}

function uncaughtText(error: unknown): string {
  if (error instanceof Error) return `Uncaught ${error.stack ?? `${error.name}: ${error.message}`}`;
  return `Uncaught ${String(error)}`;
}

process.on('message', (command: HostCommand) => {
  if (command.type === 'start') start(command.id, command);
  else if (command.type === 'invoke')
    environments.get(command.id)?.postMessage({ type: 'invoke', event: command.event, context: command.context });
  else void environments.get(command.id)?.terminate();
});

// The runner ends a host by disconnecting; an orderly exit lets node write what --cpu-prof asked for.
process.on('disconnect', () => process.exit(0));
