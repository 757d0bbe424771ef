// Card renderer benchmark, side by side with the original Pillow renderer (when Debian's python3-pil
// and python3-qrcode are installed): throughput on every core, latency, first card in a fresh
// process, peak RSS over 1,000 cards, and render time against a bare PNG encode of the same pixels.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { configSchema } from '../src/core/config.js';
import { normalisePhone } from '../src/core/phone.js';
import { bundleFunction } from '../src/deploy/esbuild-bundle.js';
import type { BaselineRecord, RenderInputs } from './card-worker.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASELINE_DIR = process.env.CARD_BASELINE_DIR ?? path.resolve(ROOT, '../shared/bench/card-baseline');
const RECORDS = path.join(BASELINE_DIR, 'records.json');
const ASSETS = path.join(ROOT, 'assets');
const CARDS = Number(process.env.BENCH_CARDS ?? 500);
const WORKERS = availableParallelism();
const PYTHON = '/usr/bin/python3';
const INPUTS = path.join(ROOT, 'node_modules', '.cache', 'qrcard-bench', 'inputs.json');

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

// The renderer as the Lambda runs it: bundled with the render-card function's own esbuild settings
// (minified, the same plugins), sharp left external (native).
async function bundle(): Promise<string> {
  const outdir = path.join(ROOT, 'node_modules', '.cache', 'qrcard-bench');
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, 'card-worker.mjs');
  const { code } = await bundleFunction({
    functionId: 'render-card',
    entry: path.join(ROOT, 'bench', 'card-worker.ts'),
    root: ROOT,
    external: ['sharp'],
  });
  writeFileSync(outfile, code.data);
  return outfile;
}

/**
 * The renderer's inputs, made here once: the branding config through the real config schema (defaults
 * filled in), and the baseline's records as qrcard stores them, E.164 phones (read as Korean when
 * national). Workers read the result as JSON, so a fresh process loads only what a render needs, as the
 * Lambda, whose records arrive from DynamoDB already stored this way.
 */
function prepareInputs(file: string): void {
  const raw = JSON.parse(readFileSync(RECORDS, 'utf8')) as BaselineRecord[];
  const types = [...new Set(raw.map((record) => record.type))];
  const { card, branding, cardTypes, qr } = configSchema.parse({
    defaultCountry: 'KR',
    cardTypes: types.map((type, index) => ({
      id: type.toLowerCase(),
      label: type.replace(/(\d+)$/, ' $1').toUpperCase(),
      accent: ['#1a73e8', '#d93025', '#188038', '#e37400'][index % 4],
    })),
  });
  const records = raw.map((record) => {
    const phone = normalisePhone(record.phone_number, 'KR');
    return {
      user_id: record.user_id,
      type: record.type.toLowerCase(),
      name: record.user_name,
      ...(record.company_name ? { company: record.company_name } : {}),
      phone: phone.ok ? phone.e164 : record.phone_number,
    };
  });
  const inputs: RenderInputs = { config: { card, branding, cardTypes, qr }, records };
  writeFileSync(file, JSON.stringify(inputs));
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
        argv: ['loop'],
        workerData: { inputsFile: INPUTS, assetsDir: ASSETS, count, offset: shares.slice(0, k).reduce((a, b) => a + b, 0), warmup: 20 },
      }),
  );
  const ready = threads.map(
    (thread) =>
      new Promise<void>((resolve, reject) => {
        thread.once('online', resolve);
        thread.once('error', reject);
      }),
  );
  await Promise.all(ready);
  // Give each worker time to load branding and warm up before the clock starts.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const results = threads.map(
    (thread) =>
      new Promise<LoopResult>((resolve, reject) => {
        thread.once('message', resolve);
        thread.once('error', reject);
      }),
  );
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

function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ stdout, wallMs: performance.now() - started }) : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });
}

/**
 * The environment a fresh render-card process has on Lambda (and under `qrcard dev`, which passes the
 * template's variables and PATH): no NODE_EXTRA_CA_CERTS. Where a shell sets it, node parses that CA
 * bundle at every start, before any code runs (about 40 ms on this project's machines).
 */
const { NODE_EXTRA_CA_CERTS: shellCaCerts, ...LAMBDA_LIKE_ENV } = process.env;

/**
 * The first card of a fresh process, `runs` times, alternating with an empty ES module, whose wall
 * time is node's own start and exit on this machine at that moment (the floor under the card's).
 */
async function firstCard(script: string, env: NodeJS.ProcessEnv, runs = 15) {
  const dir = mkdtempSync(path.join(tmpdir(), 'qrcard-bench-'));
  try {
    const empty = path.join(dir, 'empty.mjs');
    writeFileSync(empty, 'export {};\n');
    const samples: { wallMs: number; sinceStartMs: number; inProcessMs: number; cpuMs: number; nodeMs: number }[] = [];
    await runNode([script, 'first', INPUTS, ASSETS, path.join(dir, 'first.png')], env); // warm the file cache
    for (let run = 0; run < runs; run++) {
      const { stdout, wallMs } = await runNode([script, 'first', INPUTS, ASSETS, path.join(dir, 'first.png')], env);
      const reported = JSON.parse(stdout) as { inProcessMs: number; sinceStartMs: number; cpuMs: number };
      const { wallMs: nodeMs } = await runNode([empty], env);
      samples.push({ wallMs, sinceStartMs: reported.sinceStartMs, inProcessMs: reported.inProcessMs, cpuMs: reported.cpuMs, nodeMs });
    }
    const median = (key: keyof (typeof samples)[number]) =>
      round(
        percentile(
          samples.map((sample) => sample[key]).sort((a, b) => a - b),
          50,
        ),
      );
    return {
      wallMedianMs: median('wallMs'),
      wallMinMs: round(Math.min(...samples.map((sample) => sample.wallMs))),
      sinceStartMedianMs: median('sinceStartMs'),
      inProcessMedianMs: median('inProcessMs'),
      cpuMedianMs: median('cpuMs'),
      nodeMedianMs: median('nodeMs'),
    };
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
  prepareInputs(INPUTS);
  process.stderr.write(`bundle: ${path.relative(ROOT, script)}; ${CARDS} cards per run; ${WORKERS} cores\n`);
  const single = await throughput(script, 1, CARDS);
  const all = await throughput(script, WORKERS, CARDS * WORKERS);
  const first = await firstCard(script, LAMBDA_LIKE_ENV);
  const firstInShell = shellCaCerts === undefined ? undefined : await firstCard(script, process.env);
  const rss = JSON.parse((await runNode([script, 'rss', INPUTS, ASSETS, '1000'])).stdout) as { maxRssMb: number };
  const split = JSON.parse((await runNode([script, 'split', INPUTS, ASSETS, String(CARDS)])).stdout) as {
    render: number[];
    encode: number[];
  };
  const renderMedian = percentile(
    [...split.render].sort((a, b) => a - b),
    50,
  );
  const encodeMedian = percentile(
    [...split.encode].sort((a, b) => a - b),
    50,
  );

  const pillowSingle = baseline(['--bench', String(CARDS), '--scale', '2.625']);
  const pillowAll = baseline(['--bench', String(CARDS * WORKERS), '--scale', '2.625', '--workers', String(WORKERS)]);

  const rows: [string, string, string, string][] = [
    ['metric', 'qrcard (1050x600)', 'pillow --scale 2.625 (1050x656)', 'ratio'],
    [
      'cards/s, 1 process',
      `${single.cardsPerS}`,
      `${pillowSingle?.cards_per_s ?? '-'}`,
      pillowSingle ? `${round(single.cardsPerS / pillowSingle.cards_per_s!)}x` : '-',
    ],
    [
      `cards/s, ${WORKERS} workers`,
      `${all.cardsPerS}`,
      `${pillowAll?.cards_per_s ?? '-'}`,
      pillowAll ? `${round(all.cardsPerS / pillowAll.cards_per_s!)}x` : '-',
    ],
    [
      'p50 ms (1 process)',
      `${single.p50}`,
      `${pillowSingle?.p50_ms ?? '-'}`,
      pillowSingle ? `${round(single.p50 / pillowSingle.p50_ms!, 2)}` : '-',
    ],
    [
      'p99 ms (1 process)',
      `${single.p99}`,
      `${pillowSingle?.p99_ms ?? '-'}`,
      pillowSingle ? `${round(single.p99 / pillowSingle.p99_ms!, 2)}` : '-',
    ],
    [
      'first card ms, fresh process as Lambda starts it (median of 15, incl. node start)',
      `${first.wallMedianMs} (min ${first.wallMinMs}; process start to card written ${first.sinceStartMedianMs}; in-process ${first.inProcessMedianMs}; process CPU ${first.cpuMedianMs}; empty node process ${first.nodeMedianMs})`,
      `${pillowSingle?.first_card_ms ?? '-'} (in-process)`,
      '-',
    ],
    ...(firstInShell
      ? [
          [
            "the same with this shell's NODE_EXTRA_CA_CERTS",
            `${firstInShell.wallMedianMs} (min ${firstInShell.wallMinMs}; in-process ${firstInShell.inProcessMedianMs}; empty node process ${firstInShell.nodeMedianMs})`,
            '-',
            '-',
          ] as [string, string, string, string],
        ]
      : []),
    ['peak RSS MB over 1,000 cards', `${round(rss.maxRssMb)}`, '-', '-'],
    [
      'render / bare PNG encode (median ms)',
      `${round(renderMedian, 2)} / ${round(encodeMedian, 2)} = ${round(renderMedian / encodeMedian, 2)}x`,
      '-',
      '-',
    ],
    ['mean PNG bytes', `${single.meanBytes}`, `${pillowSingle?.mean_bytes ?? '-'}`, '-'],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) process.stdout.write(`| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |\n`);
  if (!pillowSingle) process.stdout.write('baseline skipped: apt-get install -y python3-pil python3-qrcode fonts-dejavu-core\n');
}

await main();
