// Runs inside the card benchmark's workers and fresh processes (bundled by bench/card.ts, as the
// Lambda bundle would be): loads branding, renders records, reports timings as JSON.
// Imported first, so `started` is taken before the renderer's modules run (ES modules run in import order).
import { started } from './card-worker-start.js';
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import type { Config } from '../src/core/config.js';
// Statically, as src/lambda/render-card.ts imports it: a bundled module reached through import() is
// wrapped in a lazy initialiser and parsed again on first use, which the Lambda does not pay.
import {
  loadBranding,
  renderCard,
  layoutCard,
  drawCard,
  encodePalettePng,
  DEFAULT_PNG_SETTINGS,
  type CardFields,
} from '../src/card/index.js';

/** One record of the Pillow baseline's records.json. */
export interface BaselineRecord {
  readonly user_id: string;
  readonly type: string;
  readonly user_name: string;
  readonly company_name?: string;
  readonly phone_number: string;
}

/** What bench/card.ts prepares for the workers: the branding config with its defaults, and the records. */
export interface RenderInputs {
  readonly config: Pick<Config, 'card' | 'branding' | 'cardTypes' | 'qr'>;
  readonly records: readonly CardFields[];
}

export interface WorkerOptions {
  readonly inputsFile: string;
  readonly assetsDir: string;
  readonly count: number;
  readonly offset: number;
  readonly warmup: number;
}

/** The options bench/card.ts hands a worker, checked field by field. */
function workerOptions(data: unknown): WorkerOptions {
  const fields: Partial<Record<keyof WorkerOptions, unknown>> = typeof data === 'object' && data !== null ? data : {};
  const { inputsFile, assetsDir, count, offset, warmup } = fields;
  const texts = typeof inputsFile === 'string' && typeof assetsDir === 'string';
  const numbers = typeof count === 'number' && typeof offset === 'number' && typeof warmup === 'number';
  if (!texts || !numbers) throw new Error(`a card worker needs WorkerOptions, got ${JSON.stringify(data)}`);
  return { inputsFile, assetsDir, count, offset, warmup };
}

async function setUp(options: Pick<WorkerOptions, 'inputsFile' | 'assetsDir'>) {
  const { config, records } = JSON.parse(readFileSync(options.inputsFile, 'utf8')) as RenderInputs;
  const branding = await loadBranding({ config, assetsDir: options.assetsDir });
  return { branding, records, renderCard, layoutCard, drawCard, encodePalettePng, settings: DEFAULT_PNG_SETTINGS };
}

async function loop(options: WorkerOptions, port: MessagePort) {
  const { branding, records, renderCard } = await setUp(options);
  for (let i = 0; i < options.warmup; i++) await renderCard(records[i % records.length]!, branding);
  await new Promise<void>((resolve) => port.once('message', () => resolve()));
  const latencies: number[] = [];
  let bytes = 0;
  for (let i = 0; i < options.count; i++) {
    const t0 = performance.now();
    const png = await renderCard(records[(options.offset + i) % records.length]!, branding);
    latencies.push(performance.now() - t0);
    bytes += png.length;
  }
  port.postMessage({ latencies, bytes });
}

/** Render vs bare encode of the same pixels, per card, in this thread. */
async function split(options: WorkerOptions) {
  const { branding, records, layoutCard, drawCard, encodePalettePng, settings } = await setUp(options);
  const render: number[] = [];
  const encode: number[] = [];
  for (let i = 0; i < options.warmup + options.count; i++) {
    const t0 = performance.now();
    const image = drawCard(layoutCard(records[i % records.length]!, branding), branding);
    encodePalettePng(image, settings);
    const t1 = performance.now();
    encodePalettePng(image, settings);
    const t2 = performance.now();
    if (i >= options.warmup) {
      render.push(t1 - t0);
      encode.push(t2 - t1);
    }
  }
  return { render, encode };
}

// Workers get their mode as argv too, so a fresh process never loads node:worker_threads.
const mode = process.argv[2];
if (mode === 'loop') {
  const workerThreads = await import('node:worker_threads');
  if (workerThreads.parentPort) await loop(workerOptions(workerThreads.workerData), workerThreads.parentPort);
} else if (mode === 'first') {
  const [inputsFile, assetsDir, out] = process.argv.slice(3) as [string, string, string];
  const { branding, records, renderCard } = await setUp({ inputsFile, assetsDir });
  const loaded = performance.now();
  const png = await renderCard(records[0]!, branding);
  writeFileSync(out, png);
  // CPU time of the whole process (start-up included) is steadier than wall time on a shared machine.
  // performance.now() counts from the process's start, so sinceStartMs includes node's own start-up.
  const cpu = process.cpuUsage();
  const report = {
    inProcessMs: performance.now() - started,
    sinceStartMs: performance.now(),
    loadMs: loaded - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    bytes: png.length,
  };
  // A direct write: process.stdout would set up a stream just for this line.
  writeSync(1, JSON.stringify(report));
} else if (mode === 'rss') {
  const [inputsFile, assetsDir, count] = process.argv.slice(3) as [string, string, string];
  const { branding, records, renderCard } = await setUp({ inputsFile, assetsDir });
  for (let i = 0; i < Number(count); i++) await renderCard(records[i % records.length]!, branding);
  process.stdout.write(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 }));
} else if (mode === 'split') {
  const [inputsFile, assetsDir, count] = process.argv.slice(3) as [string, string, string];
  process.stdout.write(JSON.stringify(await split({ inputsFile, assetsDir, count: Number(count), offset: 0, warmup: 20 })));
}
