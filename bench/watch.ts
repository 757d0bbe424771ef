// `npm run bench:watch`: `qrcard dev --watch` as a developer meets it, on a copy of the package so its sources
// can be saved: from saving a handler file (get-user's entry) to the next request served by the new code, and
// from saving the page (src/site/index.html) to the new page served, each over --saves saves (p50, p95, max).
// Then the fresh stage: spawn of `qrcard dev --no-watch` to the first 200 of GET /, alternating a project that
// has never built on a machine that never built (bundling included, an empty user cache) with a new project on a
// machine that has (the function build taken from the user cache).
// Options: --saves N (default 20), --runs N (fresh-stage runs of each kind, default 3).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { spawnDev, type DevProcess } from '../test/support/dev-process.js';
import { copyPackage } from '../test/support/package-copy.js';
import { testUserCache } from '../test/support/user-cache.js';
import { benchEnv, benchProject, QRCARD_BIN } from './support/qrcard.js';

const { values: flags } = parseArgs({ options: { saves: { type: 'string', default: '20' }, runs: { type: 'string', default: '3' } } });
const SAVES = Number(flags.saves);
const RUNS = Number(flags.runs);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Dev extends DevProcess {
  siteUrl(): string | undefined;
}

function watchDev(bin: string, cwd: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Dev {
  const dev = spawnDev(cwd, { bin, args, env: benchEnv(extraEnv, ['CI']) });
  return { ...dev, siteUrl: () => /^Site\s+(\S+)/m.exec(dev.stdout())?.[1] };
}

async function until<T>(dev: Dev, read: () => Promise<T | undefined> | T | undefined, timeoutMs = 180_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (dev.child.exitCode !== null || performance.now() > deadline) throw new Error(`qrcard dev: gave up waiting:\n${dev.stderr()}`);
    await sleep(10);
  }
}

async function bodyOf(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const response = await fetch(url);
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined;
  }
}

function percentiles(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? NaN;
  return `p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms (${sorted.length} saves)`;
}

/** Saves `file` with `edit(i)` `SAVES` times; each time, the ms until `url` answers with `marker(i)` in it. */
async function saveToServed(
  dev: Dev,
  dir: string,
  file: string,
  edit: (source: string, i: number) => string,
  url: string,
): Promise<number[]> {
  const source = await readFile(path.join(dir, file), 'utf8');
  const times: number[] = [];
  for (let i = 0; i < SAVES; i++) {
    const marker = `bench-marker-${i}`;
    const saved = performance.now();
    await writeFile(path.join(dir, file), edit(source, i));
    await until(dev, async () => ((await bodyOf(url))?.body.includes(marker) ? true : undefined));
    times.push(performance.now() - saved);
    await sleep(100);
  }
  await writeFile(path.join(dir, file), source);
  return times;
}

async function watchFigures(): Promise<void> {
  const dir = await copyPackage('bench-watch');
  // A user cache of its own, so the package copy's function build stays out of the shared one.
  const dev = watchDev(path.join(dir, 'bin', 'qrcard'), dir, ['--watch'], {
    QRCARD_NODE_CACHE: testUserCache(path.join(dir, '.user-cache')),
  });
  try {
    await until(dev, () => (/watching .* for changes/.test(dev.stderr()) ? true : undefined));
    const site = dev.siteUrl() ?? '';
    const handler = await saveToServed(
      dev,
      dir,
      'src/lambda/get-user.ts',
      (source, i) =>
        `${source.replace(/^export const handler = .*$/m, '')}export const handler = async () => ({ statusCode: 200, body: 'bench-marker-${i}' });\n`,
      `${site}/api/users/bench`,
    );
    console.log(`handler save to new code served: ${percentiles(handler)}`);
    const page = await saveToServed(
      dev,
      dir,
      'src/site/index.html',
      (source, i) => source.replace('</body>', `<!-- bench-marker-${i} --></body>`),
      `${site}/`,
    );
    console.log(`page save to new page served:    ${percentiles(page)}`);
  } finally {
    await dev.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** ms from spawning `qrcard dev` for `stage` in `dir`, with `userCache` as its user cache, to the first 200 of GET /. */
async function freshStage(dir: string, stage: string, userCache: string): Promise<number> {
  const started = performance.now();
  const dev = watchDev(QRCARD_BIN, dir, ['--no-watch', '--stage', stage], { QRCARD_NODE_CACHE: userCache });
  try {
    await until(dev, async () => {
      const site = dev.siteUrl();
      return site !== undefined && (await bodyOf(`${site}/`))?.status === 200 ? true : undefined;
    });
    return performance.now() - started;
  } finally {
    await dev.stop();
  }
}

/**
 * Alternates a first-ever build (a new project and an empty user cache, the Node runtimes linked in) with a new
 * project on a machine that built before (the function build taken from the user cache a warm-up filled).
 */
async function freshStageFigures(): Promise<void> {
  const cold: number[] = [];
  const cached: number[] = [];
  const caches = await mkdtemp(path.join(tmpdir(), 'qrcard-bench-caches-'));
  const sharedCache = testUserCache(path.join(caches, 'shared'));
  const warmup = await benchProject('fresh');
  await freshStage(warmup, 'dev', sharedCache);
  await rm(warmup, { recursive: true, force: true });
  for (let run = 0; run < RUNS; run++) {
    const empty = await benchProject('fresh');
    cold.push(await freshStage(empty, 'dev', testUserCache(path.join(caches, `empty-${run}`))));
    await rm(empty, { recursive: true, force: true });
    const another = await benchProject('fresh');
    cached.push(await freshStage(another, 'dev', sharedCache));
    await rm(another, { recursive: true, force: true });
  }
  await rm(caches, { recursive: true, force: true });
  const show = (values: number[]) => values.map((ms) => ms.toFixed(0)).join(', ');
  console.log(`fresh stage, nothing built before (spawn to first 200 of GET /): ${show(cold)} ms`);
  console.log(`fresh stage, new project, build in the user cache:               ${show(cached)} ms`);
}

await watchFigures();
await freshStageFigures();
