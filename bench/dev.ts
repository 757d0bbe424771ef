// `npm run bench:dev`: the installed `qrcard dev` as a user runs it: ready time on provisioned state,
// POST /api/users to the card PNG in the bucket, and GET latency under load from a second process.
// Last, the `-c 50` run is repeated with get-user cut down, to show where its time goes.
// Options: --runs N (ready-time runs, default 7), --registrations N (default 50), --duration S (default 30).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, s3Config } from '../src/aws/clients.js';
import { bundleFunction } from '../src/deploy/esbuild-bundle.js';
import type { Target } from '../src/aws/target.js';
import { startDev, type RunningDev } from '../test/support/dev-process.js';
import { benchEnv, benchProject } from './support/qrcard.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AUTOCANNON = path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    registrations: { type: 'string', default: '50' },
    duration: { type: 'string', default: '30' },
  },
});
const RUNS = Number(flags.runs);
const REGISTRATIONS = Number(flags.registrations);
const DURATION_S = Number(flags.duration);

interface Dev extends RunningDev {
  readonly startedAt: number;
  /** ms from spawn to the URLs on stdout. */
  readonly urlsAfterMs: number;
}

async function startTimedDev(cwd: string): Promise<Dev> {
  const startedAt = performance.now();
  const dev = await startDev(cwd, { env: benchEnv(), until: 'urls' });
  return { ...dev, startedAt, urlsAfterMs: performance.now() - startedAt };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? NaN;
}

function summary(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${percentile(sorted, 0.5).toFixed(0)} ms, min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)}`;
}

/** User+system CPU time of a process so far, from /proc (Linux; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Child process ids of `pid` (Linux: /proc/<pid>/task/<tid>/children). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** CPU time so far of the engine process and, apart, of its functions' host process (while it runs). */
function engineCpuMs(pid: number): { engine: number; functions: Map<number, number> } {
  const functions = new Map<number, number>();
  for (const child of childPids(pid)) {
    try {
      functions.set(child, cpuMs(child));
    } catch {
      // ended meanwhile
    }
  }
  return { engine: cpuMs(pid), functions };
}

/** CPU ms per request spent by the engine and by the functions' host process during a load run. */
async function cpuPerRequest<T>(
  pid: number,
  run: () => Promise<T>,
  requests: (result: T) => number,
): Promise<T & { engineMs: number; functionsMs: number }> {
  const before = engineCpuMs(pid);
  const result = await run();
  const after = engineCpuMs(pid);
  let functions = 0;
  for (const [child, ms] of after.functions) functions += ms - (before.functions.get(child) ?? 0);
  const count = requests(result);
  return { ...result, engineMs: (after.engine - before.engine) / count, functionsMs: functions / count };
}

/** Time from spawn until `url` answers with a status other than 503 (no distribution yet). */
async function untilAnswered(dev: Dev, url: string): Promise<number> {
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status !== 503) return performance.now() - dev.startedAt;
    } catch {
      // not listening yet
    }
    await sleep(2);
  }
}

async function readyTimes(work: string): Promise<void> {
  const urls: number[] = [];
  const site: number[] = [];
  const api: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dev = await startTimedDev(work);
    site.push(await untilAnswered(dev, `${dev.siteUrl}/`));
    cpu.push(cpuMs(dev.child.pid!));
    api.push(await untilAnswered(dev, `${dev.siteUrl}/api/users/bench-0/attendee`));
    urls.push(dev.urlsAfterMs);
    // Let the no-op deploy finish so the next run starts from the same state.
    await dev.waitForStderr(/is up to date|failed/);
    await dev.stop();
  }
  console.log(`qrcard dev, provisioned state, ${RUNS} runs (spawn to ...):`);
  console.log(`  URLs printed                         ${summary(urls)}`);
  console.log(`  site answering (GET /)               ${summary(site)}   target <= 1000 ms`);
  console.log(
    `  CPU time of qrcard dev by then       ${summary(cpu)}   (user+system, 10 ms ticks: steadier than wall time on a loaded machine)`,
  );
  console.log(`  API answering (GET, cold get-user)   ${summary(api)}`);
}

async function registrationToCard(dev: Dev): Promise<void> {
  const target: Target = { kind: 'local', endpoint: dev.endpoint, region: 'us-east-1' };
  const cloudformation = new CloudFormationClient(clientConfig(target));
  const s3 = new S3Client(s3Config(target));
  try {
    const stack = (await cloudformation.send(new DescribeStacksCommand({ StackName: 'qrcard-dev' }))).Stacks?.[0];
    const bucket = stack?.Outputs?.find((output) => output.OutputKey === 'CardsBucketName')?.OutputValue;
    if (!bucket) throw new Error('no CardsBucketName output');
    const register = async (id: string): Promise<number> => {
      const started = performance.now();
      const response = await fetch(`${dev.siteUrl}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          user_id: id,
          type: 'attendee',
          name: 'Bench Mark',
          company: 'Example',
          phone: '+1 415 555 0100',
          email: 'b@example.org',
        }),
      });
      if (response.status !== 201) throw new Error(`POST ${id}: ${response.status} ${await response.text()}`);
      for (;;) {
        try {
          await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `cards/${id}/attendee.png` }));
          return performance.now() - started;
        } catch {
          await sleep(2);
        }
      }
    };
    const run = `${process.pid}-${Date.now()}`;
    const cold = await register(`cold-${run}`);
    await register(`warm-${run}`);
    const times: number[] = [];
    for (let i = 0; i < REGISTRATIONS; i++) times.push(await register(`r${i}-${run}`));
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`POST /api/users to card PNG in the bucket, ${REGISTRATIONS} sequential registrations (after 1 cold + 1 warm-up):`);
    console.log(
      `  p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p95 ${percentile(sorted, 0.95).toFixed(0)} ms (target <= 250), max ${sorted.at(-1)!.toFixed(0)} ms; cold first ${cold.toFixed(0)} ms`,
    );
  } finally {
    cloudformation.destroy();
    s3.destroy();
  }
}

interface AutocannonResult {
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly requests: { readonly average: number; readonly total: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
}

/** autocannon in its own process, so the load generator does not share an event loop with the measurement. */
function autocannon(args: readonly string[]): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AUTOCANNON, '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(stdout) as AutocannonResult) : reject(new Error(`autocannon exited ${code}`)),
    );
  });
}

type Measured<T> = T & { engineMs: number; functionsMs: number };

const cpuNote = (result: { engineMs: number; functionsMs: number }) =>
  `; CPU per request: engine ${result.engineMs.toFixed(2)} ms, functions ${result.functionsMs.toFixed(2)} ms`;

function describeLoad(label: string, result: Measured<AutocannonResult>, target: number): void {
  console.log(
    `  ${label.padEnd(34)} p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (target <= ${target}), max ${result.latency.max} ms, ` +
      `${result.requests.average.toFixed(0)} req/s, ${result.requests.total} requests, errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}` +
      cpuNote(result),
  );
}

async function getLatency(dev: Dev): Promise<void> {
  const url = `${dev.siteUrl}/api/users/r0-get/attendee`;
  const created = await fetch(`${dev.siteUrl}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: 'r0-get', type: 'attendee', name: 'Bench Get', phone: '+1 415 555 0101' }),
  });
  if (created.status !== 201 && created.status !== 409) throw new Error(`POST: ${created.status}`);
  await autocannon(['-c', '4', '-d', '3', url]); // warm every get-user environment
  console.log(`GET /api/users/{id}/{type}, load from a second process:`);
  const pid = dev.child.pid as number;
  const paced = await cpuPerRequest(
    pid,
    () => pacedLoad(url, 100, DURATION_S),
    (result) => result.sent,
  );
  console.log(
    `  ${`100 req/s evenly paced, ${DURATION_S} s`.padEnd(34)} p50 ${paced.p50} ms, p99 ${paced.p99} ms (target <= 20), max ${paced.max} ms, ` +
      `${paced.sent} requests, errors ${paced.errors}, non-2xx ${paced.non2xx}` +
      cpuNote(paced),
  );
  const cannon = (args: readonly string[]) =>
    cpuPerRequest(
      pid,
      () => autocannon(args),
      (result) => result.requests.total,
    );
  describeLoad('autocannon -c 10 -R 100, 10 s', await cannon(['-c', '10', '-R', '100', '-d', '10', url]), 20);
  describeLoad('autocannon -c 50, 10 s', await cannon(['-c', '50', '-d', '10', url]), 50);
}

/** get-user's code for the breakdown runs: what is left of a GET when parts of the handler are taken away. */
const GET_USER_STAND_INS: ReadonlyArray<{ readonly label: string; code(): Promise<Uint8Array | string> }> = [
  {
    label: 'one GetItem, no logger or card URL',
    code: async () =>
      (await bundleFunction({ functionId: 'get-user', entry: path.join(ROOT, 'bench', 'get-item-only.ts'), root: ROOT })).code.data,
  },
  {
    label: 'fixed answer, no AWS call',
    code: () =>
      Promise.resolve(
        `const body = ${JSON.stringify(JSON.stringify({ user_id: 'r0-get', type: 'attendee', name: 'Bench Get', card_status: 'ready' }))};\n` +
          "export const handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body });\n",
      ),
  },
];

/** The unpacked get-user code of the provisioned state: the one directory `qrcard dev` runs it from. */
async function getUserEntry(work: string): Promise<string> {
  const functionDir = path.join(work, '.qrcard', 'local', 'dev', 'lambda', 'qrcard-dev-get-user');
  const versions = await readdir(functionDir);
  if (versions.length !== 1) throw new Error(`expected one unpacked get-user version in ${functionDir}, found ${versions.length}`);
  return path.join(functionDir, versions[0] as string, 'index.mjs');
}

/**
 * The `-c 50` run again with get-user's unpacked code replaced by each stand-in (the engine runs whatever is in
 * that directory after a restart), so the figure splits into the engine's own path, the one DynamoDB read, and
 * the rest of the handler. The real code is put back afterwards.
 */
async function getLatencyBreakdown(work: string): Promise<void> {
  const entry = await getUserEntry(work);
  const original = await readFile(entry);
  console.log('GET /api/users/{id}/{type}, autocannon -c 50, 10 s, with get-user replaced by:');
  try {
    for (const standIn of GET_USER_STAND_INS) {
      await writeFile(entry, await standIn.code());
      const dev = await startTimedDev(work);
      try {
        await dev.waitForStderr(/is up to date|failed/);
        const url = `${dev.siteUrl}/api/users/r0-get/attendee`;
        await autocannon(['-c', '4', '-d', '3', url]);
        const result = await cpuPerRequest(
          dev.child.pid as number,
          () => autocannon(['-c', '50', '-d', '10', url]),
          (run) => run.requests.total,
        );
        describeLoad(standIn.label, result, 50);
      } finally {
        await dev.stop();
      }
    }
  } finally {
    await writeFile(entry, original);
  }
}

interface PacedResult {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly sent: number;
  readonly errors: number;
  readonly non2xx: number;
}

/** bench/paced-load.ts in its own process: requests evenly spaced at `rate` per second. */
function pacedLoad(url: string, rate: number, durationS: number): Promise<PacedResult> {
  return new Promise((resolve, reject) => {
    const script = path.join(ROOT, 'bench', 'paced-load.ts');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, '--url', url, '--rate', String(rate), '--duration', String(durationS)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout) as PacedResult) : reject(new Error(`paced load exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const work = await benchProject('dev');
  try {
    console.log(
      `Node ${process.version}, ${process.arch}, load average ${(await import('node:os'))
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
    const first = await startTimedDev(work);
    await first.waitForStderr(/qrcard-dev created|failed/, 240_000);
    await first.stop();
    await readyTimes(work);
    const dev = await startTimedDev(work);
    await dev.waitForStderr(/is up to date|failed/);
    try {
      await registrationToCard(dev);
      await getLatency(dev);
    } finally {
      await dev.stop();
    }
    await getLatencyBreakdown(work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
