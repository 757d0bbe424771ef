// `node --import tsx bench/import.ts`: `user import` against a `qrcard dev` it starts in a temporary directory.
// 1. Throughput side by side on the same engine: raw BatchWriteItem (25 a call, 8 in flight), the import
//    pipeline (overwrite, then skip), and one PutItem at a time.
// 2. 100,000 rows --no-cards through bin/qrcard, both conflict modes. 3. 10,000 rows with cards until every
//    card is ready, with the render function's own durations from its REPORT lines. 4. 1,000,000 rows
//    --dry-run, peak RSS of the process. Options: --rows N (throughput rows, default 20000), --skip-cards,
//    --only-cards (part 3 alone), --cards N (rows with cards, default 10000), --profile DIR (CPU profiles of
//    `qrcard dev` and its functions' host process, one profile per environment thread, written when the engine stops).
import { spawnSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { clientConfig } from '../src/aws/clients.js';
import { startDev } from '../test/support/dev-process.js';
import { processTreeCpu } from './process-cpu.js';
import { benchEnv, benchProject, QRCARD_BIN } from './support/qrcard.js';
import { createUsersBatch } from '../src/aws/users-batch.js';
import { importUsers } from '../src/import/import-users.js';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '20000' },
    'skip-cards': { type: 'boolean', default: false },
    'only-cards': { type: 'boolean', default: false },
    cards: { type: 'string', default: '10000' },
    profile: { type: 'string' },
  },
});
const ROWS = Number(flags.rows);
const CARDS = Number(flags.cards);
const HEADER = 'user_id,type,name,company,title,phone,email';
const RULES = { cardTypes: ['attendee', 'speaker', 'staff'], defaultCountry: 'US' };

/** Node flags and the functions' host process's options that write CPU profiles into --profile, when given. */
function profiling(): { nodeArgs: string[]; env: NodeJS.ProcessEnv } {
  if (flags.profile === undefined) return { nodeArgs: [], env: {} };
  return {
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags.profile, 'engine')}`],
    env: { QRCARD_LOCAL_FUNCTION_NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(flags.profile, 'functions')}` },
  };
}

const row = (prefix: string, index: number) =>
  `${prefix}${index},attendee,Person ${index},Acme Events,Guest,+1 415 555 ${String(index % 10_000).padStart(4, '0')},p${index}@example.org`;
const csv = (prefix: string, count: number) => `${HEADER}\n${Array.from({ length: count }, (_, index) => row(prefix, index)).join('\n')}\n`;
const record = (prefix: string, index: number) => ({
  user_id: `${prefix}${index}`,
  type: 'attendee',
  name: `Person ${index}`,
  company: 'Acme Events',
  title: 'Guest',
  phone: '+14155550100',
  email: `p${index}@example.org`,
  created_at: '2026-12-04T00:00:00.000Z',
  updated_at: '2026-12-04T00:00:00.000Z',
  card_status: 'pending',
  card_version: 0,
});

function cli(cwd: string, args: string[]): { seconds: number; code: number | null; stdout: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [QRCARD_BIN, '--local', ...args], { cwd, env: benchEnv(), encoding: 'utf8', maxBuffer: 1 << 26 });
  return { seconds: (performance.now() - started) / 1000, code: run.status, stdout: run.stdout };
}

const rate = (rows: number, seconds: number) => `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`;

async function main(): Promise<void> {
  const work = await benchProject('import');
  const { nodeArgs, env } = profiling();
  const dev = await startDev(work, { nodeArgs, env: benchEnv(env) });
  try {
    const outputs = JSON.parse(cli(work, ['outputs', '--json']).stdout) as { UsersTableName: string };
    const tableName = outputs.UsersTableName;
    const target = { kind: 'local' as const, endpoint: dev.endpoint, region: 'us-east-1' };
    const client = new DynamoDBClient(clientConfig(target));
    const documents = DynamoDBDocumentClient.from(client);
    const table = createUsersBatch(client, tableName);
    if (flags['only-cards']) {
      await cardsUntilReady(work, target, documents, tableName, dev.child.pid ?? 0);
      client.destroy();
      return;
    }
    console.log(`throughput, ${ROWS.toLocaleString('en-US')} rows each, same engine, same run:`);

    let started = performance.now();
    const batches = Array.from({ length: Math.ceil(ROWS / 25) }, (_, batch) =>
      Array.from({ length: Math.min(25, ROWS - batch * 25) }, (_, i) => record('raw', batch * 25 + i)),
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < batches.length) {
          const items = batches[next++] ?? [];
          await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }));
        }
      }),
    );
    const rawSeconds = (performance.now() - started) / 1000;
    console.log(`  raw BatchWriteItem, 25 a call, 8 in flight   ${rate(ROWS, rawSeconds)}`);

    for (const onConflict of ['overwrite', 'skip'] as const) {
      const text = csv(onConflict === 'skip' ? 'skip' : 'over', ROWS);
      started = performance.now();
      await importUsers(
        {
          input: { open: () => Readable.from([Buffer.from(text)]) },
          rules: RULES,
          onConflict,
          cards: false,
          rejectsPath: path.join(work, 'r.csv'),
          correlationPrefix: 'bench',
        },
        { table },
      );
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `  import pipeline, --on-conflict ${onConflict.padEnd(9)}      ${rate(ROWS, seconds)} (${((rawSeconds / seconds) * 100).toFixed(0)}% of raw)`,
      );
    }

    const single = Math.min(2_000, ROWS);
    started = performance.now();
    for (let index = 0; index < single; index++) await documents.send(new PutCommand({ TableName: tableName, Item: record('one', index) }));
    const singleSeconds = (performance.now() - started) / 1000;
    console.log(`  one PutItem at a time (${single} rows)          ${rate(single, singleSeconds)}`);

    for (const mode of ['overwrite', 'skip']) {
      const file = path.join(work, `big-${mode}.csv`);
      await writeFile(file, csv(`b${mode[0]}`, 100_000));
      const run = cli(work, ['user', 'import', file, '--no-cards', '--on-conflict', mode, '--json']);
      console.log(`100,000 rows --no-cards --on-conflict ${mode}, bin/qrcard end to end: ${run.seconds.toFixed(1)} s (exit ${run.code})`);
    }

    if (!flags['skip-cards']) await cardsUntilReady(work, target, documents, tableName, dev.child.pid ?? 0);
    await dryRunMemory(work);
    client.destroy();
  } finally {
    await dev.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function cardsUntilReady(
  work: string,
  target: { kind: 'local'; endpoint: string; region: string },
  documents: DynamoDBDocumentClient,
  tableName: string,
  devPid: number,
): Promise<void> {
  const file = path.join(work, 'cards.csv');
  await writeFile(file, csv('card', CARDS));
  const cpuBefore = processTreeCpu(devPid);
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, QRCARD_BIN, '--local', 'user', 'import', file, '--json'], {
    cwd: work,
    env: benchEnv(),
    encoding: 'utf8',
  });
  const imported = (performance.now() - started) / 1000;
  const [importUser, importSystem] = (run.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  await untilNoCardPending(documents, tableName);
  const ready = (performance.now() - started) / 1000;
  const cpuAfter = processTreeCpu(devPid);
  const logs = new CloudWatchLogsClient(clientConfig(target));
  const durations: number[] = [];
  let token: string | undefined;
  do {
    const page = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/aws/lambda/qrcard-dev-render-card', filterPattern: 'REPORT', nextToken: token }),
    );
    for (const event of page.events ?? []) {
      const duration = /Duration: ([\d.]+) ms/.exec(event.message ?? '')?.[1];
      if (duration) durations.push(Number(duration));
    }
    token = page.nextToken;
  } while (token);
  // A failed invocation is retried, and would count twice above: the failures are shown, the first few in full.
  const failures = await logs.send(
    new FilterLogEventsCommand({
      logGroupName: '/aws/lambda/qrcard-dev-render-card',
      filterPattern: '?"Invoke Error" ?"Task timed out" ?"Runtime exited" ?"card not rendered"',
    }),
  );
  const failed = failures.events ?? [];
  console.log(`  render-card failures logged: ${failed.length}${failures.nextToken ? '+' : ''}`);
  for (const event of failed.slice(0, 3)) console.log(`    ${event.message?.slice(0, 400)}`);
  logs.destroy();
  const total = durations.reduce((sum, value) => sum + value, 0) / 1000;
  durations.sort((a, b) => a - b);
  console.log(
    `${CARDS.toLocaleString('en-US')} rows with cards: import ${imported.toFixed(1)} s (exit ${run.status}), every card ready after ${ready.toFixed(1)} s`,
  );
  console.log(
    `  render-card: ${durations.length} invocations, median ${durations[Math.floor(durations.length / 2)]?.toFixed(0)} ms, p95 ${durations[Math.floor(durations.length * 0.95)]?.toFixed(0)} ms, ${total.toFixed(0)} s in all = ${(total / ready).toFixed(2)} renders in parallel on average`,
  );
  const perCard = (seconds: number) => `${((seconds * 1000) / CARDS).toFixed(2)} ms`;
  console.log(`  CPU per card: importing CLI ${perCard((importUser ?? 0) + (importSystem ?? 0))}`);
  for (const [name, after] of cpuAfter) console.log(`  CPU per card: ${name} ${perCard(after - (cpuBefore.get(name) ?? 0))}`);
}

// Rows are asked for in the order their cards were requested, from the first one still pending: 100 at a time
// while they are ready, and only that one row, every 250 ms, while it is not. The engine's CPU per card then
// counts about one read per card, not the hundred rows of a window read again and again while it fills.
async function untilNoCardPending(documents: DynamoDBDocumentClient, tableName: string): Promise<void> {
  let first = 0;
  let window = 100;
  while (first < CARDS) {
    const keys = Array.from({ length: Math.min(window, CARDS - first) }, (_, i) => ({ user_id: `card${first + i}`, type: 'attendee' }));
    const page = await documents.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ProjectionExpression: 'user_id, card_status' } } }),
    );
    const done = new Set(
      (page.Responses?.[tableName] ?? []).filter((item) => item['card_status'] !== 'pending').map((item) => item['user_id'] as string),
    );
    const leading = keys.findIndex((key) => !done.has(key.user_id));
    first += leading === -1 ? keys.length : leading;
    window = leading === -1 ? 100 : 1;
    if (leading !== -1) await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function dryRunMemory(work: string): Promise<void> {
  const file = path.join(work, 'million.csv');
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    out.write(`${HEADER}\n`);
    for (let index = 0; index < 1_000_000; index += 10_000)
      out.write(`${Array.from({ length: 10_000 }, (_, i) => row('m', index + i)).join('\n')}\n`);
    out.end(resolve);
  });
  const run = spawnSync('/usr/bin/time', ['-f', '%M %e', process.execPath, QRCARD_BIN, 'user', 'import', file, '--dry-run'], {
    cwd: work,
    env: benchEnv(),
    encoding: 'utf8',
  });
  const [peakKb, seconds] = (run.stderr.trim().split('\n').pop() ?? '').split(' ');
  console.log(`1,000,000 rows --dry-run: peak RSS ${(Number(peakKb) / 1024).toFixed(0)} MB, ${seconds} s (exit ${run.status})`);
}

await main();
