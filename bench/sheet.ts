// `qrcard --local card sheet` of 1,000 ready cards as a whole process, against `qrcard dev`: wall time, CPU
// time (user + system) and peak RSS of the CLI, from GNU time, with the load average around each run.
// The table and bucket are seeded directly: 1,000 records marked ready, each with its own card drawn by src/card.
// With --embed-png N, the same first N cards are also put through pdf-lib's embedPng and save() in a child
// process (bench/sheet-embed-png.ts), the approach the sheet writer does not take, for comparison.
// Options: --cards N (default 1000), --runs N (default 3), --paper a4|letter, --layout grid|single, --embed-png N (default 0).
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadBranding, renderCard } from '../src/card/index.js';
import { defaultConfig } from '../src/core/config.js';
import { cardKey, type UserRecord } from '../src/core/record.js';
import { runPool } from '../src/import/pool.js';
import { cliEnv, startUserEngine } from '../test/cli/user/user-engine.js';
import { QRCARD_BIN } from './support/qrcard.js';

const { values: flags } = parseArgs({
  options: {
    cards: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    paper: { type: 'string', default: 'a4' },
    layout: { type: 'string', default: 'grid' },
    'embed-png': { type: 'string', default: '0' },
  },
});
const CARDS = Number(flags.cards);
const RUNS = Number(flags.runs);
const EMBED_PNG = Number(flags['embed-png']);
const EMBED_PNG_SCRIPT = fileURLToPath(new URL('./sheet-embed-png.ts', import.meta.url));
const TIME = '/usr/bin/time';

function record(index: number): UserRecord {
  const userId = `bench-${String(index).padStart(5, '0')}`;
  const type = ['attendee', 'speaker', 'staff'][index % 3]!;
  const at = '2026-12-01T09:00:00.000Z';
  return {
    user_id: userId,
    type,
    name: `Person Number ${index}`,
    company: `Company ${index % 97}`,
    phone: `+3519123${String(index).padStart(5, '0')}`,
    created_at: at,
    updated_at: at,
    card_status: 'ready',
    card_key: cardKey(userId, type),
    card_version: 1,
  };
}

interface Measured {
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakRssMb: number;
  readonly stdout: string;
}

/** Runs `node args` under GNU time; its last stderr line is "wall user system maxrss-kB". */
function measured(args: readonly string[], cwd: string): Measured {
  const result = spawnSync(TIME, ['-f', '%e %U %S %M', process.execPath, ...args], { cwd, env: cliEnv(), encoding: 'utf8' });
  const last = result.stderr.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  const [wall, user, system, rssKb] = last.split(' ').map(Number) as [number, number, number, number];
  return { wallS: wall, cpuS: user + system, peakRssMb: rssKb / 1024, stdout: result.stdout.trim() };
}

const load = () => loadavg()[0]!.toFixed(1);
const line = (label: string, run: Measured, loadBefore: string) =>
  `${label.padEnd(34)} wall ${run.wallS.toFixed(2)} s  CPU ${run.cpuS.toFixed(2)} s  peak RSS ${run.peakRssMb.toFixed(0)} MB  load ${loadBefore} -> ${load()}`;

const engine = await startUserEngine();
try {
  const branding = await loadBranding({ config: defaultConfig() });
  const records = Array.from({ length: CARDS }, (_, index) => record(index));
  const pngDir = path.join(engine.dir, 'bench-pngs');
  await mkdir(pngDir);
  const seeding = performance.now();
  await runPool(
    records.map((item, index) => ({ item, index })),
    8,
    async ({ item, index }) => {
      const png = await renderCard(item, branding);
      await engine.s3.send(new PutObjectCommand({ Bucket: engine.cardsBucket, Key: item.card_key, Body: png, ContentType: 'image/png' }));
      if (index < EMBED_PNG) await writeFile(path.join(pngDir, `${item.user_id}.png`), png);
    },
  );
  const documents = DynamoDBDocumentClient.from(engine.dynamodb);
  for (let start = 0; start < records.length; start += 25) {
    const batch = records.slice(start, start + 25).map((item) => ({ PutRequest: { Item: item } }));
    await documents.send(new BatchWriteCommand({ RequestItems: { [engine.tableName]: batch } }));
  }
  process.stdout.write(`seeded ${CARDS} ready cards in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`);

  const output = path.join(engine.dir, 'sheet.pdf');
  const args = [QRCARD_BIN, '--local', 'card', 'sheet', '--paper', flags.paper, '--layout', flags.layout, '-o', output];
  for (let run = 1; run <= RUNS; run += 1) {
    const before = load();
    const sheet = measured(args, engine.dir);
    process.stdout.write(`${line(`card sheet, run ${run}`, sheet, before)}\n  ${sheet.stdout}\n`);
  }
  if (EMBED_PNG > 0) {
    const before = load();
    const embedded = measured(['--import', 'tsx', EMBED_PNG_SCRIPT, pngDir, flags.paper], path.dirname(EMBED_PNG_SCRIPT));
    process.stdout.write(`${line(`pdf-lib embedPng, ${EMBED_PNG} cards`, embedded, before)}\n  ${embedded.stdout}\n`);
  }
} finally {
  await engine.stop();
}
