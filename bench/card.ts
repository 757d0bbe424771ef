// Card renderer benchmark, side by side with the original Pillow renderer (when Debian's python3-pil
// and python3-qrcode are installed): throughput on every core, latency, first card in a fresh
// process, peak RSS over 1,000 cards, and render time against a bare PNG encode of the same pixels.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASELINE_DIR = process.env.CARD_BASELINE_DIR ?? path.resolve(ROOT, '../shared/bench/card-baseline');
const RECORDS = path.join(BASELINE_DIR, 'records.json');
const ASSETS = path.join(ROOT, 'assets');
const CARDS = Number(process.env.BENCH_CARDS ?? 500);
const WORKERS = availableParallelism();
const PYTHON = '/usr/bin/python3';

const percentile = (sorted: readonly number[], p: number) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

// The renderer as the Lambda runs it: one esbuild bundle, sharp left external (native).
async function bundle(): Promise<string> {
  const outdir = path.join(ROOT, 'node_modules', '.cache', 'qrcard-bench');
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, 'card-worker.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'bench', 'card-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['sharp'],
    banner: { js: "import { createRequire as qrcardCreateRequire } from 'node:module'; const require = qrcardCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

interface LoopResult {
  readonly latencies: number[];
  readonly bytes: number;
}

async function throughput(script: string, workers: number, cards: number) {
  const shares = Array.from({ length: workers }, (_, k) => Math.floor(cards / workers) + (k < cards % workers ? 1 : 0));
  const threads = shares.map(
    (count, k) =>
      new Worker(script, {
        workerData: { mode: 'loop', recordsFile: RECORDS, assetsDir: ASSETS, count, offset: shares.slice(0, k).reduce((a, b) => a + b, 0), warmup: 20 },
      }),
  );
  const ready = threads.map((thread) => new Promise<void>((resolve, reject) => { thread.once('online', resolve); thread.once('error', reject); }));
  await Promise.all(ready);
  // Give each worker time to load branding and warm up before the clock starts.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const results = threads.map((thread) => new Promise<LoopResult>((resolve, reject) => { thread.once('message', resolve); thread.once('error', reject); }));
  const started = performance.now();
  for (const thread of threads) thread.postMessage('go');
  const parts = await Promise.all(results);
  const wall = (performance.now() - started) / 1000;
  await Promise.all(threads.map((thread) => thread.terminate()));
  const latencies = parts.flatMap((part) => part.latencies).sort((a, b) => a - b);
  return {
    cardsPerS: round(cards / wall),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    meanBytes: Math.round(parts.reduce((sum, part) => sum + part.bytes, 0) / cards),
  };
}

function runNode(args: string[]): Promise<{ stdout: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ stdout, wallMs: performance.now() - started }) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

async function firstCard(script: string, runs = 7) {
  const dir = mkdtempSync(path.join(tmpdir(), 'qrcard-bench-'));
  try {
    const samples: { wallMs: number; inProcessMs: number; cpuMs: number }[] = [];
    await runNode([script, 'first', RECORDS, ASSETS, path.join(dir, 'first.png')]); // warm the file cache
    for (let run = 0; run < runs; run++) {
      const { stdout, wallMs } = await runNode([script, 'first', RECORDS, ASSETS, path.join(dir, 'first.png')]);
      const reported = JSON.parse(stdout) as { inProcessMs: number; cpuMs: number };
      samples.push({ wallMs, inProcessMs: reported.inProcessMs, cpuMs: reported.cpuMs });
    }
    const wall = samples.map((s) => s.wallMs).sort((a, b) => a - b);
    const inside = samples.map((s) => s.inProcessMs).sort((a, b) => a - b);
    const cpu = samples.map((s) => s.cpuMs).sort((a, b) => a - b);
    return { wallMedianMs: round(percentile(wall, 50)), wallMinMs: round(wall[0]!), inProcessMedianMs: round(percentile(inside, 50)), cpuMedianMs: round(percentile(cpu, 50)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function baseline(args: string[]): Record<string, number> | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import PIL, qrcode'], { stdio: 'ignore' });
  if (probe.status !== 0) return undefined;
  const result = spawnSync(PYTHON, [path.join(BASELINE_DIR, 'render_pillow.py'), '--in', RECORDS, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`baseline failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

async function main(): Promise<void> {
  const script = await bundle();
  process.stderr.write(`bundle: ${path.relative(ROOT, script)}; ${CARDS} cards per run; ${WORKERS} cores\n`);
  const single = await throughput(script, 1, CARDS);
  const all = await throughput(script, WORKERS, CARDS * WORKERS);
  const first = await firstCard(script);
  const rss = JSON.parse((await runNode([script, 'rss', RECORDS, ASSETS, '1000'])).stdout) as { maxRssMb: number };
  const split = JSON.parse((await runNode([script, 'split', RECORDS, ASSETS, String(CARDS)])).stdout) as { render: number[]; encode: number[] };
  const renderMedian = percentile([...split.render].sort((a, b) => a - b), 50);
  const encodeMedian = percentile([...split.encode].sort((a, b) => a - b), 50);

  const pillowSingle = baseline(['--bench', String(CARDS), '--scale', '2.625']);
  const pillowAll = baseline(['--bench', String(CARDS * WORKERS), '--scale', '2.625', '--workers', String(WORKERS)]);

  const rows: [string, string, string, string][] = [
    ['metric', 'qrcard (1050x600)', 'pillow --scale 2.625 (1050x656)', 'ratio'],
    ['cards/s, 1 process', `${single.cardsPerS}`, `${pillowSingle?.cards_per_s ?? '-'}`, pillowSingle ? `${round(single.cardsPerS / pillowSingle.cards_per_s!)}x` : '-'],
    [`cards/s, ${WORKERS} workers`, `${all.cardsPerS}`, `${pillowAll?.cards_per_s ?? '-'}`, pillowAll ? `${round(all.cardsPerS / pillowAll.cards_per_s!)}x` : '-'],
    ['p50 ms (1 process)', `${single.p50}`, `${pillowSingle?.p50_ms ?? '-'}`, pillowSingle ? `${round(single.p50 / pillowSingle.p50_ms!, 2)}` : '-'],
    ['p99 ms (1 process)', `${single.p99}`, `${pillowSingle?.p99_ms ?? '-'}`, pillowSingle ? `${round(single.p99 / pillowSingle.p99_ms!, 2)}` : '-'],
    ['first card ms, fresh process (median of 7, incl. node start)', `${first.wallMedianMs} (min ${first.wallMinMs}; in-process ${first.inProcessMedianMs}; process CPU ${first.cpuMedianMs})`, `${pillowSingle?.first_card_ms ?? '-'} (in-process)`, '-'],
    ['peak RSS MB over 1,000 cards', `${round(rss.maxRssMb)}`, '-', '-'],
    ['render / bare PNG encode (median ms)', `${round(renderMedian, 2)} / ${round(encodeMedian, 2)} = ${round(renderMedian / encodeMedian, 2)}x`, '-', '-'],
    ['mean PNG bytes', `${single.meanBytes}`, `${pillowSingle?.mean_bytes ?? '-'}`, '-'],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) process.stdout.write(`| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |\n`);
  if (!pillowSingle) process.stdout.write('baseline skipped: apt-get install -y python3-pil python3-qrcode fonts-dejavu-core\n');
}

await main();
