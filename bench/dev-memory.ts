// `npm run bench:dev-memory`: the memory of the whole `qrcard dev` process tree (the engine and every function
// environment), idle and under `autocannon -c 50` GET load, with the throughput of that load. With --against <dir>
// (another built checkout, e.g. main's), both run in turn, alternating, each on its own provisioned stage.
// Memory is summed over the tree as RSS (what `ps` shows; shared pages such as node's own code count once per
// process) and as PSS (shared pages split between the processes that map them).
// Options: --against DIR, --rounds N (default 2), --duration S (default 10), --idle-after S (seconds from the
// registration to the idle figure, default 5), --quiet-after S (seconds after the load to the last figure, default 65:
// past the 60 s after which idle environments end; 0 skips it).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LAMBDA_NODE_VERSIONS } from '../src/local/functions/function-node.js';
import { installNpmNode } from '../src/local/functions/npm-node.js';
import { startDev, type RunningDev } from '../test/support/dev-process.js';
import { benchEnv, benchProject } from './support/qrcard.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AUTOCANNON = path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
const NODE_CACHE = path.join(ROOT, '.qrcard', 'runtimes');

const { values: flags } = parseArgs({
  options: {
    against: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    duration: { type: 'string', default: '10' },
    'idle-after': { type: 'string', default: '5' },
    'quiet-after': { type: 'string', default: '65' },
  },
});

interface TreeMemory {
  readonly processes: number;
  readonly rssMb: number;
  readonly pssMb: number;
  /** Each process's RSS, the engine's first. */
  readonly eachRssMb: readonly number[];
}

interface Measurement {
  readonly idle: TreeMemory;
  readonly loadPeak: TreeMemory;
  readonly quiet: TreeMemory | undefined;
  readonly requestsPerSecond: number;
  readonly errors: number;
}

/** `pid` and its descendants (Linux: /proc/<pid>/task/<tid>/children). */
function tree(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return [pid, ...children.flatMap(tree)];
}

/** kB of `field` in /proc/<pid>/smaps_rollup; 0 for a process that ended meanwhile. */
function rollupKb(pid: number, field: 'Rss' | 'Pss'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return Number(match?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function treeMemory(pid: number): TreeMemory {
  const pids = tree(pid);
  const eachRssMb = pids.map((each) => rollupKb(each, 'Rss') / 1024);
  const pssMb = pids.reduce((total, each) => total + rollupKb(each, 'Pss'), 0) / 1024;
  return { processes: pids.length, rssMb: eachRssMb.reduce((total, each) => total + each, 0), pssMb, eachRssMb };
}

/** `qrcard dev` of the checkout at `root`, in `cwd`, once the stage is deployed. */
function startCheckoutDev(root: string, cwd: string): Promise<RunningDev> {
  // The Node 22 of the functions from the checkout's cache, installed beforehand, so no install runs in the tree.
  return startDev(cwd, { bin: path.join(root, 'bin', 'qrcard'), env: benchEnv({ QRCARD_NODE_CACHE: NODE_CACHE }) });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function autocannon(args: readonly string[]): Promise<{ requests: { average: number }; errors: number; non2xx: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AUTOCANNON, '--json', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout) as never) : reject(new Error(`autocannon exited ${code}`))));
  });
}

/** POSTs one registration, retrying while the site answers 503 (its distribution not yet registered). */
async function register(siteUrl: string, body: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const created = await fetch(`${siteUrl}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (created.status === 201 || created.status === 409) return;
    if (created.status !== 503 || attempt === 300) throw new Error(`POST: ${created.status}`);
    await sleep(100);
  }
}

/** One run: start, register one person (so register-user and render-card have run), idle, then GET load. */
async function measure(root: string, work: string): Promise<Measurement> {
  const dev = await startCheckoutDev(root, work);
  try {
    const pid = dev.child.pid as number;
    const body = JSON.stringify({ user_id: 'mem-get', type: 'attendee', name: 'Bench Memory', phone: '+1 415 555 0101' });
    await register(dev.siteUrl, body);
    await sleep(Number(flags['idle-after']) * 1000);
    const idle = treeMemory(pid);
    let loadPeak: TreeMemory = { processes: 0, rssMb: 0, pssMb: 0, eachRssMb: [] };
    const sampler = setInterval(() => {
      const now = treeMemory(pid);
      if (now.rssMb > loadPeak.rssMb) loadPeak = now;
    }, 500);
    const result = await autocannon(['-c', '50', '-d', String(flags.duration), `${dev.siteUrl}/api/users/mem-get/attendee`]);
    clearInterval(sampler);
    const quietAfterS = Number(flags['quiet-after']);
    if (quietAfterS > 0) await sleep(quietAfterS * 1000);
    const quiet = quietAfterS > 0 ? treeMemory(pid) : undefined;
    return { idle, loadPeak, quiet, requestsPerSecond: result.requests.average, errors: result.errors + result.non2xx };
  } finally {
    await dev.stop();
  }
}

/** A stage of the checkout at `root`, provisioned once so every measured start is a restart. */
async function provisionedStage(root: string): Promise<string> {
  const work = await benchProject('memory');
  await (await startCheckoutDev(root, work)).stop();
  return work;
}

const mb = (value: number) => value.toFixed(0).padStart(4);
const row = (memory: TreeMemory) => `${mb(memory.rssMb)} / ${mb(memory.pssMb)} MB (${memory.processes})`;

async function main(): Promise<void> {
  await installNpmNode(NODE_CACHE, { version: LAMBDA_NODE_VERSIONS[22], cpu: process.arch === 'arm64' ? 'arm64' : 'x64' });
  const checkouts = [{ label: 'this', root: ROOT }, ...(flags.against ? [{ label: 'against', root: path.resolve(flags.against) }] : [])];
  const stages = await Promise.all(checkouts.map((checkout) => provisionedStage(checkout.root)));
  console.log(
    `Node ${process.version}, load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
  console.log('tree memory, RSS / PSS summed (processes); GET /api/users/{id}/{type}, autocannon -c 50');
  console.log(
    `checkout  round  idle                        under load, peak            req/s  errors  ${flags['quiet-after']} s after the load`,
  );
  const peaks: string[] = [];
  try {
    for (let round = 0; round < Number(flags.rounds); round += 1) {
      const order = round % 2 === 0 ? checkouts.keys() : [...checkouts.keys()].reverse();
      for (const index of order) {
        const checkout = checkouts[index];
        const stage = stages[index];
        if (checkout === undefined || stage === undefined) continue;
        const result = await measure(checkout.root, stage).catch((error: unknown) => error as Error);
        if (result instanceof Error) {
          console.log(`${checkout.label.padEnd(9)} ${String(round + 1).padEnd(6)} failed: ${result.message.split('\n')[0] ?? ''}`);
          continue;
        }
        peaks.push(`${checkout.label} ${round + 1}: ${result.loadPeak.eachRssMb.map((each) => each.toFixed(0)).join(' + ')} MB`);
        console.log(
          `${checkout.label.padEnd(9)} ${String(round + 1).padEnd(6)} ${row(result.idle).padEnd(27)} ${row(result.loadPeak).padEnd(27)} ` +
            `${result.requestsPerSecond.toFixed(0).padStart(5)}  ${String(result.errors).padEnd(6)}  ${result.quiet ? row(result.quiet) : '-'}`,
        );
      }
    }
    console.log(`RSS of each process at the peak under load, the engine first:\n${peaks.join('\n')}`);
  } finally {
    await Promise.all(stages.map((stage) => rm(stage, { recursive: true, force: true })));
  }
}

await main();
