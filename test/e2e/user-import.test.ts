// `qrcard --local user import` against one running `qrcard dev`: a 10,000-row file with bad rows mixed in
// lands exactly, the same import again changes nothing and sends nothing, and an import killed with
// kill -9 halfway and run again ends with every record once and every card requested.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { clientConfig } from '../../src/aws/clients.js';
import type { UserRecord } from '../../src/core/record.js';
import { ensureFreshDist, localCliEnv, QRCARD_BIN, runCli } from '../support/cli.js';
import { startDev, type RunningDev } from '../support/dev-process.js';
import { seedSharpCache } from '../support/sharp-cache.js';

const HEADER = 'user_id,type,name,company,title,phone,email';

/** A people file of `count` rows with ids `<prefix><n>`; every 37th row has a phone number nobody has. */
function peopleFile(prefix: string, count: number, withBad: boolean): { text: string; good: string[]; badLines: number[] } {
  const lines = [HEADER];
  const good: string[] = [];
  const badLines: number[] = [];
  for (let index = 0; index < count; index++) {
    const bad = withBad && index % 37 === 5;
    lines.push(`${prefix}${index},attendee,Person ${index},Acme,,${bad ? '12' : `+1 415 555 ${String(index % 10_000).padStart(4, '0')}`},`);
    if (bad) badLines.push(index + 2);
    else good.push(`${prefix}${index}`);
  }
  return { text: `${lines.join('\n')}\n`, good, badLines };
}

describe('qrcard user import on the local engine', { timeout: 900_000 }, () => {
  let work: string;
  let dev: RunningDev | undefined;
  let records: () => Promise<UserRecord[]>;
  const importCli = (args: readonly string[]) =>
    runCli(['--local', 'user', 'import', ...args], { cwd: work, env: localCliEnv(), timeoutMs: 600_000 });

  before(async () => {
    ensureFreshDist(['src/cli', 'src/import', 'src/local', 'src/deploy', 'src/aws', 'src/core']);
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-import-e2e-'));
    await seedSharpCache(work);
    dev = await startDev(work);
    const outputs = await runCli(['--local', 'outputs', '--json'], { cwd: work, env: localCliEnv() });
    const tableName = (JSON.parse(outputs.stdout) as { UsersTableName: string }).UsersTableName;
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient(clientConfig({ kind: 'local', endpoint: dev.endpoint, region: 'us-east-1' })),
    );
    records = async () => {
      const items: UserRecord[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
        items.push(...((page.Items ?? []) as UserRecord[]));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    };
  });

  after(async () => {
    try {
      await dev?.stop();
    } finally {
      if (work) await rm(work, { recursive: true, force: true });
    }
  });

  async function waitForCards(prefix: string, count: number, timeoutMs = 240_000): Promise<UserRecord[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mine = (await records()).filter((record) => record.user_id.startsWith(prefix));
      if ((mine.length === count && mine.every((record) => record.card_status !== 'pending')) || Date.now() > deadline) return mine;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  it('10,000 rows with bad ones mixed in: the table holds exactly the good rows, the rejects file exactly the bad lines; again: nothing changes', async () => {
    const people = peopleFile('t', 10_000, true);
    await writeFile(path.join(work, 'people.csv'), people.text);

    const first = await importCli(['people.csv', '--no-cards', '--json']);
    const stored = (await records()).filter((record) => record.user_id.startsWith('t'));
    const again = await importCli(['people.csv', '--no-cards', '--json']);
    const storedAgain = (await records()).filter((record) => record.user_id.startsWith('t'));

    assert.equal(first.code, 3, first.stderr);
    assert.deepEqual(stored.map((record) => record.user_id).sort(), [...people.good].sort());
    const rejectLines = readFileSync(path.join(work, 'people.rejects.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',')[7]));
    assert.deepEqual(rejectLines, people.badLines);
    assert.equal(again.code, 3, again.stderr);
    assert.deepEqual(
      (({ imported, skipped, rejected, cardRequests }) => ({ imported, skipped, rejected, cardRequests }))(
        JSON.parse(again.stdout) as Record<string, number>,
      ),
      { imported: 0, skipped: people.good.length, rejected: people.badLines.length, cardRequests: 0 },
    );
    const updatedBefore = new Map(stored.map((record) => [record.user_id, record.updated_at]));
    assert.ok(storedAgain.every((record) => updatedBefore.get(record.user_id) === record.updated_at));
  });

  it('requests one card per created record, and the same import again requests none', async () => {
    const people = peopleFile('c', 30, false);
    await writeFile(path.join(work, 'cards.csv'), people.text);

    const first = await importCli(['cards.csv', '--json']);
    const ready = await waitForCards('c', 30);
    const again = await importCli(['cards.csv', '--json']);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await waitForCards('c', 30);

    assert.equal(first.code, 0, first.stderr);
    assert.equal((JSON.parse(first.stdout) as { cardRequests: number }).cardRequests, 30);
    assert.deepEqual(
      ready.map((record) => [record.card_status, record.card_version]),
      Array.from({ length: 30 }, () => ['ready', 1]),
    );
    assert.equal((JSON.parse(again.stdout) as { cardRequests: number }).cardRequests, 0);
    assert.deepEqual(
      after.map((record) => record.card_version),
      Array.from({ length: 30 }, () => 1),
    );
  });

  it('an import killed with kill -9 halfway and run again: every record once, every card requested, none lost', async () => {
    const people = peopleFile('k', 600, false);
    const file = path.join(work, 'killed.csv');
    await writeFile(file, people.text);
    const child = spawn(process.execPath, [QRCARD_BIN, '--local', 'user', 'import', file, '--chunk-rows', '50', '--concurrency', '2'], {
      cwd: work,
      env: localCliEnv(),
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const checkpoint = () => readdirSync(work).find((name) => name.startsWith('killed.csv.import-'));
    for (;;) {
      const name = checkpoint();
      const journal = name ? readFileSync(path.join(work, name), 'utf8') : '';
      const done = /"rowsDone":(\d+)/.exec(journal)?.[1];
      // Killed while a chunk's card requests are going out: some noted as sent, the rest not.
      if ((Number(done ?? 0) >= 200 && journal.includes('"sent"')) || child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    await exited;
    const before = (await records()).filter((record) => record.user_id.startsWith('k')).length;

    const rerun = await importCli(['killed.csv', '--chunk-rows', '50', '--concurrency', '2', '--json']);
    const stored = await waitForCards('k', 600);

    assert.ok(before >= 200 && before < 600, `${before} records before the rerun`);
    assert.equal(rerun.code, 0, rerun.stderr);
    const summary = JSON.parse(rerun.stdout) as { rows: number; imported: number; cardRequests: number; resumedAfterRows: number };
    assert.deepEqual(
      { rows: summary.rows, imported: summary.imported, cardRequests: summary.cardRequests },
      { rows: 600, imported: 600, cardRequests: 600 },
    );
    assert.ok(summary.resumedAfterRows >= 200);
    assert.deepEqual(stored.map((record) => record.user_id).sort(), [...people.good].sort());
    assert.ok(stored.every((record) => record.card_status === 'ready'));
    // The documented window: a PublishBatch SNS accepted whose answer the killed process never saw is sent
    // again, so at most 2 in flight x 10 cards render twice; none may be missing.
    assert.ok(
      stored.every((record) => record.card_version >= 1),
      'every record has its card',
    );
    const renders = stored.reduce((sum, record) => sum + record.card_version, 0);
    assert.ok(renders >= 600 && renders <= 600 + 2 * 10, `${renders} renders for 600 records`);
    assert.equal(checkpoint(), undefined);
  });

  it('Ctrl-C stops after the chunk under way, says how to continue and exits 130; running it again finishes the rest', async () => {
    const people = peopleFile('s', 500, false);
    const file = path.join(work, 'stopped.csv');
    await writeFile(file, people.text);
    const child = spawn(process.execPath, [QRCARD_BIN, '--local', 'user', 'import', file, '--no-cards', '--chunk-rows', '50'], {
      cwd: work,
      env: localCliEnv(),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (;;) {
      const name = readdirSync(work).find((entry) => entry.startsWith('stopped.csv.import-'));
      if (name || child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    const code = await exited;

    const rest = await importCli(['stopped.csv', '--no-cards', '--chunk-rows', '50', '--json']);

    assert.equal(code, 130, stderr);
    assert.match(stderr, /stopping: finishing the rows under way/);
    assert.match(stderr, /to continue, run the same command again: qrcard --local user import \S*stopped\.csv --no-cards --chunk-rows 50/);
    assert.equal(rest.code, 0, rest.stderr);
    const summary = JSON.parse(rest.stdout) as { rows: number; imported: number; resumedAfterRows: number };
    assert.deepEqual({ rows: summary.rows, imported: summary.imported }, { rows: 500, imported: 500 });
    assert.ok(summary.resumedAfterRows > 0 && summary.resumedAfterRows < 500, `continued after ${summary.resumedAfterRows}`);
    assert.equal((await records()).filter((record) => record.user_id.startsWith('s')).length, 500);
  });
});
