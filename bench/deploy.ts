// `npm run bench:deploy`: wall time of `qrcard --local deploy` from nothing, and of a deploy with nothing changed,
// each a real bin/qrcard process against a local engine started here. Targets: 10 s and 2 s.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEngine } from '../src/local/engine.js';
import { benchEnv, QRCARD_BIN } from './support/qrcard.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SITE = path.join(ROOT, 'test', 'fixtures', 'site');
const FIRST_RUNS = Number(process.env.BENCH_FIRST_RUNS ?? 3);
const NOOP_RUNS = Number(process.env.BENCH_NOOP_RUNS ?? 5);
const TARGETS = { first: 10_000, noop: 2_000 };

// Asynchronous on purpose: the engine runs in this process and must keep answering while the CLI runs.
function deployOnce(project: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [QRCARD_BIN, '--local', 'deploy', '--site-dir', SITE, '--json'], {
      cwd: project,
      env: benchEnv({ CI: 'true' }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`deploy failed (exit ${code}):\n${stderr}`));
    });
  });
}

/** A project directory holding sharp's Lambda binaries already, as after any earlier build on the machine. */
async function freshProject(work: string, name: string, sharpCache: string | undefined): Promise<string> {
  const project = path.join(work, name);
  await mkdir(project, { recursive: true });
  if (sharpCache) await cp(sharpCache, path.join(project, '.qrcard', 'cache'), { recursive: true });
  return project;
}

async function withEngine<T>(project: string, work: (project: string) => Promise<T>): Promise<T> {
  const engine = await startEngine({ stateDir: path.join(project, '.qrcard', 'local', 'dev'), log: () => {} });
  // qrcard dev marks its engine ready once its own deploy is done; without that, --local commands wait for it.
  await engine.setStatus({ state: 'ready' });
  try {
    return await work(project);
  } finally {
    await engine.stop();
  }
}

const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  return { median: Math.round(median), min: Math.round(sorted[0] ?? NaN), max: Math.round(sorted.at(-1) ?? NaN) };
};

const work = await mkdtemp(path.join(tmpdir(), 'qrcard-bench-deploy-'));
try {
  // Warm-up: fetch sharp's Lambda binaries once (an npm download), outside the timings.
  const warm = await freshProject(work, 'warm-up', undefined);
  await withEngine(warm, deployOnce);
  const sharpCache = path.join(warm, '.qrcard', 'cache');

  const first: number[] = [];
  const noop: number[] = [];
  for (let run = 0; run < FIRST_RUNS; run += 1) {
    const project = await freshProject(work, `first-${run}`, existsSync(sharpCache) ? sharpCache : undefined);
    await withEngine(project, async (dir) => {
      first.push(await deployOnce(dir));
      if (run === 0) for (let again = 0; again < NOOP_RUNS; again += 1) noop.push(await deployOnce(dir));
    });
  }
  const rows = [
    { name: 'first deploy (empty engine, no build cache)', samples: first, target: TARGETS.first },
    { name: 'no-op deploy', samples: noop, target: TARGETS.noop },
  ];
  let missed = 0;
  for (const row of rows) {
    const { median, min, max } = summary(row.samples);
    const verdict = median <= row.target ? 'ok' : 'OVER TARGET';
    if (median > row.target) missed += 1;
    process.stdout.write(
      `${row.name.padEnd(46)} median ${median} ms  min ${min} ms  max ${max} ms  (${row.samples.length} runs; target ${row.target} ms: ${verdict})\n`,
    );
  }
  process.exitCode = missed === 0 ? 0 : 1;
} finally {
  await rm(work, { recursive: true, force: true });
}
