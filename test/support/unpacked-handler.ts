// Runs a handler from an unpacked Lambda zip in a fresh process, as a Node runtime does on a cold start:
// import index.mjs, then one event. The caller picks the Node (the host's, or an emulated one).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as z from 'zod';
import { readZip } from '../deploy/bundle-support.js';

const run = promisify(execFile);

// Plain JavaScript for whichever Node runs it; the event comes in and the outcome goes out by file, so the
// handler's own log lines on stdout cannot be mistaken for either.
const DRIVER = `
import { readFileSync, writeFileSync } from 'node:fs';
const started = performance.now();
const { handler } = await import(process.env.QRCARD_ENTRY);
const loaded = performance.now();
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST', memoryLimitInMB: '1024',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
  awsRequestId: 'emulated-1', getRemainingTimeInMillis: () => 60000,
};
const result = await handler(JSON.parse(readFileSync(process.env.QRCARD_EVENT_FILE, 'utf8')), context);
const answered = performance.now();
writeFileSync(process.env.QRCARD_RESULT_FILE, JSON.stringify({
  arch: process.arch, version: process.version, initMs: loaded - started, invokeMs: answered - loaded, result,
}));
`;

const outcomeSchema = z.object({ arch: z.string(), version: z.string(), initMs: z.number(), invokeMs: z.number(), result: z.unknown() });

/** What one cold invocation reported: where it ran, how long the import and the event took, the handler's value. */
export type UnpackedInvocation = z.infer<typeof outcomeSchema>;

/** Writes every entry of the zip `file` under `directory`, as Lambda unpacks a function's code. */
export async function unpackZip(file: string, directory: string): Promise<void> {
  for (const entry of await readZip(file)) {
    const target = path.join(directory, ...entry.name.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, entry.data);
  }
}

/**
 * Imports `<directory>/index.mjs` with `command` (a Node and whatever runs it) and calls its `handler` once
 * with `event`. `environment` is all the process sees. Rejects, with the process's output, if it fails.
 */
export async function invokeUnpackedHandler(options: {
  readonly command: readonly [string, ...string[]];
  readonly directory: string;
  readonly event: unknown;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}): Promise<UnpackedInvocation> {
  const exchange = await mkdtemp(path.join(tmpdir(), 'qrcard-invoke-'));
  try {
    const eventFile = path.join(exchange, 'event.json');
    const resultFile = path.join(exchange, 'result.json');
    await writeFile(eventFile, JSON.stringify(options.event));
    const [program, ...prefix] = options.command;
    await run(program, [...prefix, '--input-type=module', '-e', DRIVER], {
      cwd: options.directory,
      timeout: options.timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
      env: {
        ...options.environment,
        QRCARD_ENTRY: path.join(options.directory, 'index.mjs'),
        QRCARD_EVENT_FILE: eventFile,
        QRCARD_RESULT_FILE: resultFile,
      },
    });
    return outcomeSchema.parse(JSON.parse(await readFile(resultFile, 'utf8')));
  } finally {
    await rm(exchange, { recursive: true, force: true });
  }
}
