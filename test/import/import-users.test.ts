// The import pipeline against a real DynamoDB (dynalite in-process), with SNS mocked for the card requests:
// rows land once, rejects are exact, a rerun changes nothing, and a checkpoint continues an interrupted run.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishBatchCommand, SNSClient, type PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { createCardRequests } from '../../src/aws/card-requests.js';
import { createUsersBatch } from '../../src/aws/users-batch.js';
import { createUsersTable } from '../../src/aws/users-table.js';
import { QrcardError } from '../../src/core/errors.js';
import { openCheckpoint } from '../../src/import/checkpoint.js';
import { importUsers, type ImportOptions } from '../../src/import/import-users.js';
import { startUsersTable, type TestTable } from '../support/users-table.js';

/** Small chunks keep the table work of each test short. */
const CHUNK = 100;
const RULES = { cardTypes: ['attendee', 'speaker'], defaultCountry: 'US' };

/** `count` rows; every row whose index is in `bad` has an invalid phone. */
function peopleCsv(count: number, bad: ReadonlySet<number> = new Set()): string {
  const rows = ['user_id,type,name,phone'];
  for (let index = 0; index < count; index++) rows.push(`p${index},attendee,Person ${index},${bad.has(index) ? '12' : '+1 415 555 0100'}`);
  return `${rows.join('\n')}\n`;
}

describe('importUsers', () => {
  let table: TestTable;
  let client: DynamoDBClient;
  let sns: AwsClientStub<SNSClient>;
  let published: string[];
  let dir: string;

  before(async () => {
    table = await startUsersTable();
    client = new DynamoDBClient({ region: 'us-east-1', endpoint: table.endpoint, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  });
  after(async () => {
    client.destroy();
    await table.stop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qrcard-import-'));
    published = [];
    sns = mockClient(SNSClient);
    sns.on(PublishBatchCommand).callsFake((input: { PublishBatchRequestEntries: PublishBatchRequestEntry[] }) => {
      published.push(...input.PublishBatchRequestEntries.map((entry) => (JSON.parse(entry.Message ?? '') as { user_id: string }).user_id));
      return { Successful: input.PublishBatchRequestEntries.map((entry) => ({ Id: entry.Id, MessageId: 'm' })), Failed: [] };
    });
    for (const item of await table.items()) {
      await table.client.send(
        new DeleteItemCommand({
          TableName: table.tableName,
          Key: { user_id: { S: String(item.user_id) }, type: { S: String(item.type) } },
        }),
      );
    }
  });
  afterEach(async () => {
    sns.restore();
    await rm(dir, { recursive: true, force: true });
  });

  function options(text: string, extra: Partial<ImportOptions> = {}): ImportOptions {
    return {
      input: { open: () => Readable.from([Buffer.from(text)]) },
      rules: RULES,
      rejectsPath: path.join(dir, 'people.rejects.csv'),
      correlationPrefix: 'test',
      chunkRows: CHUNK,
      ...extra,
    };
  }

  function io(checkpointFile?: string) {
    return {
      table: createUsersBatch(client, table.tableName),
      cardRequests: createCardRequests(
        new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
        'arn:t',
      ),
      ...(checkpointFile ? { checkpoint: openCheckpoint(checkpointFile) } : {}),
    };
  }

  it('writes exactly the good rows, rejects exactly the bad ones, and a rerun writes and sends nothing', async () => {
    const text = peopleCsv(250, new Set([3, 120, 249]));

    const first = await importUsers(options(text), io());
    const again = await importUsers(options(text), io());

    assert.deepEqual(
      { rows: first.rows, imported: first.imported, skipped: first.skipped, rejected: first.rejected, cards: first.cardRequests },
      { rows: 250, imported: 247, skipped: 0, rejected: 3, cards: 247 },
    );
    assert.equal((await table.items()).length, 247);
    assert.equal(new Set(published).size, 247);
    assert.deepEqual(
      { imported: again.imported, skipped: again.skipped, cards: again.cardRequests },
      { imported: 0, skipped: 247, cards: 0 },
    );
    assert.equal(published.length, 247);
    const rejects = readFileSync(path.join(dir, 'people.rejects.csv'), 'utf8').trim().split('\n');
    assert.equal(rejects[0], 'user_id,type,name,phone,line,field,reason');
    assert.deepEqual(
      rejects.slice(1).map((line) => line.split(',').slice(0, 5).join(',')),
      ['p3,attendee,Person 3,12,5', 'p120,attendee,Person 120,12,122', 'p249,attendee,Person 249,12,251'],
    );
  });

  it('a dry run writes rejects and nothing else', async () => {
    const summary = await importUsers(options(peopleCsv(10, new Set([0]))), {});

    assert.deepEqual(
      { dry: summary.dryRun, imported: summary.imported, rejected: summary.rejected },
      { dry: true, imported: 9, rejected: 1 },
    );
    assert.equal((await table.items()).length, 0);
    assert.match(readFileSync(path.join(dir, 'people.rejects.csv'), 'utf8'), /p0,attendee,Person 0,12,2,phone,/);
  });

  it('a later row with the key of an earlier one is a reject naming the first line; the first wins', async () => {
    const text = 'user_id,type,name,phone\na,attendee,First,+14155550100\na,attendee,Second,+14155550100\n';

    const summary = await importUsers(options(text), io());

    assert.equal(summary.rejected, 1);
    assert.equal((await table.items())[0]?.name, 'First');
    assert.match(
      readFileSync(path.join(dir, 'people.rejects.csv'), 'utf8'),
      /a,attendee,Second,\+14155550100,3,user_id type,same user_id and type as line 2/,
    );
  });

  it('--on-conflict fail writes nothing when any key exists, and says which', async () => {
    await importUsers(options(peopleCsv(1)), io());
    published = [];

    await assert.rejects(
      importUsers(options(peopleCsv(5), { onConflict: 'fail' }), io()),
      (error: unknown) =>
        error instanceof QrcardError && error.code === 'import-conflict' && /1 record\(s\) .* p0\/attendee/.test(error.message),
    );
    assert.equal((await table.items()).length, 1);
    assert.deepEqual(published, []);
  });

  it('continues an interrupted chunk: its own records are not duplicates, and only unsent card requests go out', async () => {
    const text = peopleCsv(CHUNK + 10);
    const file = path.join(dir, 'people.csv.import-test.checkpoint');
    const stamp = '2026-01-02T03:04:05.000Z';
    // The first run finished chunk one, wrote part of chunk two with its stamp, and had not logged the writes.
    await importUsers(options(peopleCsv(CHUNK)), io());
    const batch = createUsersBatch(client, table.tableName);
    for (const index of [CHUNK, CHUNK + 1]) {
      await batch.putIfAbsent({
        user_id: `p${index}`,
        type: 'attendee',
        name: `Person ${index}`,
        phone: '+14155550100',
        created_at: stamp,
        updated_at: stamp,
        card_status: 'pending',
        card_version: 0,
      });
    }
    await writeFile(
      file,
      `${JSON.stringify({ done: { rowsDone: CHUNK, totals: { rows: CHUNK, imported: CHUNK, skipped: 0, rejected: 0, cardRequests: CHUNK }, rejectsBytes: 0, chunkRows: CHUNK } })}\n` +
        `${JSON.stringify({ begin: { rowsEnd: CHUNK + 10, stamp } })}\n`,
    );
    published = [];

    const summary = await importUsers(options(text), io(file));

    assert.deepEqual(
      {
        rows: summary.rows,
        imported: summary.imported,
        skipped: summary.skipped,
        cards: summary.cardRequests,
        resumed: summary.resumedAfterRows,
      },
      { rows: CHUNK + 10, imported: CHUNK + 10, skipped: 0, cards: CHUNK + 10, resumed: CHUNK },
    );
    assert.equal(published.length, 10);
    assert.equal((await table.items()).length, CHUNK + 10);
    assert.throws(() => readFileSync(file), /ENOENT/);
  });

  it('continues after the writes of a chunk were logged: sends only the card requests not yet accepted', async () => {
    const text = peopleCsv(20);
    const file = path.join(dir, 'people.csv.import-test.checkpoint');
    const stamp = '2026-01-02T03:04:05.000Z';
    await importUsers(options(text), { ...io(), cardRequests: undefined });
    const lines = Array.from({ length: 20 }, (_, index) => index + 2);
    await writeFile(
      file,
      [{ begin: { rowsEnd: 20, stamp } }, { written: lines }, { sent: lines.slice(0, 10) }]
        .map((entry) => JSON.stringify(entry))
        .join('\n') + '\n{"sent":[1',
    );
    published = [];

    const summary = await importUsers(options(text), io(file));

    assert.deepEqual(
      published.sort(),
      lines
        .slice(10)
        .map((line) => `p${line - 2}`)
        .sort(),
    );
    assert.deepEqual({ imported: summary.imported, cards: summary.cardRequests }, { imported: 20, cards: 20 });
  });

  it('stops after the chunk under way when asked, and the checkpoint says where', async () => {
    const stop = new AbortController();
    stop.abort();
    const file = path.join(dir, 'people.csv.import-test.checkpoint');

    const summary = await importUsers(options(peopleCsv(CHUNK * 2 + 5), { stop: stop.signal }), io(file));
    const rest = await importUsers(options(peopleCsv(CHUNK * 2 + 5)), io(file));

    assert.deepEqual({ stopped: summary.stopped, rows: summary.rows }, { stopped: true, rows: CHUNK });
    assert.deepEqual(
      { stopped: rest.stopped, resumed: rest.resumedAfterRows, imported: rest.imported, cards: rest.cardRequests },
      { stopped: false, resumed: CHUNK, imported: CHUNK * 2 + 5, cards: CHUNK * 2 + 5 },
    );
    assert.equal(published.length, CHUNK * 2 + 5);
  });

  /** The table as the importer sees it, where `p5` registers through the API just after existence check number `check`. */
  function registeringDuringImport(check: number) {
    const batch = createUsersBatch(client, table.tableName);
    const api = createUsersTable(client, table.tableName);
    let checks = 0;
    return {
      ...batch,
      async existingKeys(keys: Parameters<typeof batch.existingKeys>[0]) {
        const found = await batch.existingKeys(keys);
        if (++checks === check) {
          await api.putNew({ user_id: 'p5', type: 'attendee', name: 'Registered meanwhile', phone: '+14155550199' });
        }
        return found;
      },
    };
  }

  it('skip: a record registered between the check and the write is kept, counted as skipped, and gets no card request from the import', async () => {
    const summary = await importUsers(options(peopleCsv(20)), { ...io(), table: registeringDuringImport(1) });

    assert.deepEqual(
      { imported: summary.imported, skipped: summary.skipped, cards: summary.cardRequests },
      { imported: 19, skipped: 1, cards: 19 },
    );
    const p5 = (await table.items()).find((item) => item.user_id === 'p5');
    assert.equal(p5?.name, 'Registered meanwhile');
    assert.equal((await table.items()).length, 20);
    assert.ok(!published.includes('p5'));
    assert.equal(new Set(published).size, 19);
  });

  it('fail: a record registered between the check and the write stops the import with the conflict, and is kept', async () => {
    await assert.rejects(
      // The first check is the pass over the whole file before any write; the second, the chunk's own.
      importUsers(options(peopleCsv(20), { onConflict: 'fail' }), { ...io(), table: registeringDuringImport(2) }),
      (error: unknown) =>
        error instanceof QrcardError &&
        error.code === 'import-conflict' &&
        /1 record\(s\) of the file were registered while the import ran: p5\/attendee/.test(error.message),
    );
    const p5 = (await table.items()).find((item) => item.user_id === 'p5');
    assert.equal(p5?.name, 'Registered meanwhile');
    assert.deepEqual(published, []);
  });
});
