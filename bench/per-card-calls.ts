// CPU of the engine's UpdateItem that every card makes (dynalite's validation and update), without and with the
// expression cache, alternating, each in a process of its own since the cache is installed for the process.
// Options: --calls N (default 3000), --rounds N (3).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import createTable from 'dynalite/actions/createTable.js';
import { dynamoDbActions } from '../src/local/dynamodb/dynamodb-actions.js';
import { createDynalite } from '../src/local/dynamodb/dynalite-store.js';
import { cacheExpressionParses } from '../src/local/dynamodb/expression-cache.js';

const { values: flags } = parseArgs({ options: { calls: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '3' } } });
const CALLS = Number(flags.calls);
const KEY = (i: number) => ({ user_id: { S: `u${i}` }, type: { S: 'attendee' } });
const markReady = (i: number) => ({
  TableName: 'users',
  Key: KEY(i),
  UpdateExpression: 'SET #status = :status, #key = :key, #updated = :now, #version = if_not_exists(#version, :zero) + :one REMOVE #error',
  ConditionExpression: 'attribute_exists(#user)',
  ExpressionAttributeNames: {
    '#status': 'card_status',
    '#key': 'card_key',
    '#updated': 'updated_at',
    '#version': 'card_version',
    '#error': 'card_error',
    '#user': 'user_id',
  },
  ExpressionAttributeValues: {
    ':status': { S: 'ready' },
    ':key': { S: `cards/u${i}.png` },
    ':now': { S: new Date().toISOString() },
    ':zero': { N: '0' },
    ':one': { N: '1' },
  },
  ReturnValues: 'ALL_NEW' as const,
});

/** CPU milliseconds per iteration of `run`, after a tenth as many to warm up. */
async function cpuPerCall(run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < CALLS / 10; i += 1) await run(i);
  const start = process.cpuUsage();
  for (let i = 0; i < CALLS; i += 1) await run(i);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / CALLS;
}

/** In this process: UpdateItem on every item of a fresh table. */
async function engineUpdates(cached: boolean): Promise<number> {
  if (cached) cacheExpressionParses();
  const dir = await mkdtemp(path.join(tmpdir(), 'qrcard-bench-calls-'));
  const { server, store } = createDynalite({ path: dir });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const table = {
    TableName: 'users',
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: 'user_id', KeyType: 'HASH' },
      { AttributeName: 'type', KeyType: 'RANGE' },
    ],
  };
  const definitions = [
    { AttributeName: 'user_id', AttributeType: 'S' },
    { AttributeName: 'type', AttributeType: 'S' },
  ];
  await new Promise((resolve, reject) =>
    createTable(store, { ...table, AttributeDefinitions: definitions }, (error, result) => (error ? reject(error) : resolve(result))),
  );
  const batch = dynamoDbActions.BatchWriteItem!;
  for (let i = 0; i < CALLS * 1.1; i += 25) {
    const items = Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: { ...KEY(i + j), card_status: { S: 'pending' } } } }));
    await batch(store, { RequestItems: { users: items } });
  }
  const perCall = await cpuPerCall((i) => dynamoDbActions.UpdateItem!(store, markReady(i)));
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
  return perCall;
}

if (process.env.QRCARD_BENCH_ENGINE_PART) {
  console.log((await engineUpdates(process.env.QRCARD_BENCH_ENGINE_PART === 'cached')).toFixed(3));
} else {
  console.log(
    `${CALLS} calls per figure; load average ${(await import('node:os'))
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  );
  for (let round = 1; round <= Number(flags.rounds); round += 1) {
    const [plain, cached] = ['plain', 'cached'].map((part) => {
      const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
        env: { ...process.env, QRCARD_BENCH_ENGINE_PART: part },
        encoding: 'utf8',
      });
      return child.stdout.trim().split('\n').at(-1);
    });
    console.log(`  engine UpdateItem, round ${round}: dynalite's parsers ${plain} ms, expression cache ${cached} ms CPU per call`);
  }
}
