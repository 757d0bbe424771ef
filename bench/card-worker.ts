// Runs inside the card benchmark's workers and fresh processes (bundled by bench/card.ts, as the
// Lambda bundle would be): loads branding, renders records, reports timings as JSON.
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';

const started = performance.now();

export interface BaselineRecord {
  readonly user_id: string;
  readonly type: string;
  readonly user_name: string;
  readonly company_name?: string;
  readonly phone_number: string;
}

export interface WorkerOptions {
  readonly recordsFile: string;
  readonly assetsDir: string;
  readonly count: number;
  readonly offset: number;
  readonly warmup: number;
}

async function setUp(options: Pick<WorkerOptions, 'recordsFile' | 'assetsDir'>) {
  const [{ loadBranding, renderCard, layoutCard, drawCard, encodePalettePng, DEFAULT_PNG_SETTINGS }, { configSchema }, { normalisePhone }] = await Promise.all([
    import('../src/card/index.js'),
    import('../src/core/config.js'),
    import('../src/core/phone.js'),
  ]);
  const raw = JSON.parse(readFileSync(options.recordsFile, 'utf8')) as BaselineRecord[];
  const types = [...new Set(raw.map((record) => record.type))];
  const config = configSchema.parse({
    defaultCountry: 'KR',
    cardTypes: types.map((type, index) => ({ id: type.toLowerCase(), label: type.replace(/(\d+)$/, ' $1').toUpperCase(), accent: ['#1a73e8', '#d93025', '#188038', '#e37400'][index % 4] })),
  });
  // The baseline's records, as qrcard stores them: E.164 phones (read as Korean when national).
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
  const branding = await loadBranding({ config, assetsDir: options.assetsDir });
  return { branding, records, renderCard, layoutCard, drawCard, encodePalettePng, settings: DEFAULT_PNG_SETTINGS };
}

async function loop(options: WorkerOptions, port: NonNullable<typeof parentPort>) {
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

const mode = (workerData as { mode?: string } | null)?.mode ?? process.argv[2];
if (mode === 'loop' && parentPort) {
  await loop(workerData as WorkerOptions, parentPort);
} else if (mode === 'first') {
  const [recordsFile, assetsDir, out] = process.argv.slice(3) as [string, string, string];
  const { branding, records, renderCard } = await setUp({ recordsFile, assetsDir });
  const loaded = performance.now();
  const png = await renderCard(records[0]!, branding);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(out, png);
  // CPU time of the whole process (start-up included) is steadier than wall time on a shared machine.
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ inProcessMs: performance.now() - started, loadMs: loaded - started, cpuMs: (cpu.user + cpu.system) / 1000, bytes: png.length }));
} else if (mode === 'rss') {
  const [recordsFile, assetsDir, count] = process.argv.slice(3) as [string, string, string];
  const { branding, records, renderCard } = await setUp({ recordsFile, assetsDir });
  for (let i = 0; i < Number(count); i++) await renderCard(records[i % records.length]!, branding);
  process.stdout.write(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 }));
} else if (mode === 'split') {
  const [recordsFile, assetsDir, count] = process.argv.slice(3) as [string, string, string];
  process.stdout.write(JSON.stringify(await split({ recordsFile, assetsDir, count: Number(count), offset: 0, warmup: 20 })));
}
