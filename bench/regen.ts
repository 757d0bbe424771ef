// `node --import tsx bench/regen.ts`: `card regen --all --wait` of N ready records (default 10,000) against a
// `qrcard dev` it starts in a temporary directory: the time until every card is ready again (target <= 60 s
// for 10,000), and the CPU per card of the CLI, the engine and the render function. The records are written
// straight to the table as ready cards, so only the regen is measured. Options: --count N, --profile DIR (CPU
// profiles of the CLI in DIR/cli, of `qrcard dev` in DIR/engine and of its function processes in DIR/functions).
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clientConfig } from '../src/aws/clients.js';
import { createUsersBatch } from '../src/aws/users-batch.js';
import type { UserRecord } from '../src/core/record.js';
import { runPool, slices } from '../src/import/pool.js';
import { startDev } from '../test/support/dev-process.js';
import { processTreeCpu } from './process-cpu.js';
import { benchEnv, benchProject, QRCARD_BIN } from './support/qrcard.js';

const { values: flags } = parseArgs({ options: { count: { type: 'string', default: '10000' }, profile: { type: 'string' } } });
const COUNT = Number(flags.count);

/** Node flags writing a CPU profile into DIR/`part`, when --profile DIR is given. */
const cpuProfile = (part: string): string[] =>
  flags.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags.profile, part)}`];

const readyRecord = (index: number): UserRecord => ({
  user_id: `regen${index}`,
  type: 'attendee',
  name: `Person ${index}`,
  company: 'Acme Events',
  phone: '+14155550100',
  email: `p${index}@example.org`,
  created_at: '2026-12-04T00:00:00.000Z',
  updated_at: '2026-12-04T00:00:00.000Z',
  card_status: 'ready',
  card_key: `cards/regen${index}/attendee.png`,
  card_version: 1,
});

async function main(): Promise<void> {
  const work = await benchProject('regen');
  const functionProfile = cpuProfile('functions').join(' ');
  const dev = await startDev(work, {
    nodeArgs: cpuProfile('engine'),
    env: benchEnv(functionProfile === '' ? {} : { QRCARD_LOCAL_FUNCTION_NODE_OPTIONS: functionProfile }),
  });
  try {
    const outputs = spawnSync(process.execPath, [QRCARD_BIN, '--local', 'outputs', '--json'], {
      cwd: work,
      env: benchEnv(),
      encoding: 'utf8',
    });
    const tableName = (JSON.parse(outputs.stdout) as { UsersTableName: string }).UsersTableName;
    const client = new DynamoDBClient(clientConfig({ kind: 'local', endpoint: dev.endpoint, region: 'us-east-1' }));
    const table = createUsersBatch(client, tableName);
    const records = Array.from({ length: COUNT }, (_, index) => readyRecord(index));
    await runPool(slices(records, 25), 8, (batch) => table.writeBatch(batch));
    client.destroy();

    const cpuBefore = processTreeCpu(dev.child.pid ?? 0);
    const started = performance.now();
    const run = spawnSync(
      '/usr/bin/time',
      ['-f', '%U %S', process.execPath, ...cpuProfile('cli'), QRCARD_BIN, '--local', 'card', 'regen', '--all', '--wait', '--json'],
      {
        cwd: work,
        env: benchEnv(),
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = processTreeCpu(dev.child.pid ?? 0);
    const [cliUser, cliSystem] = (run.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
    const summary = JSON.parse(run.stdout || '{}') as { requested?: number; ready?: number; failed?: number };
    console.log(
      `card regen --all --wait of ${COUNT.toLocaleString('en-US')} ready records: every card ready after ${seconds.toFixed(1)} s ` +
        `(exit ${run.status}; ${summary.requested} requested, ${summary.ready} ready, ${summary.failed} failed)`,
    );
    const perCard = (cpuSeconds: number) => `${((cpuSeconds * 1000) / COUNT).toFixed(2)} ms`;
    console.log(`  CPU per card: regen CLI ${perCard((cliUser ?? 0) + (cliSystem ?? 0))}`);
    for (const [name, after] of cpuAfter) console.log(`  CPU per card: ${name} ${perCard(after - (cpuBefore.get(name) ?? 0))}`);
  } finally {
    await dev.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
