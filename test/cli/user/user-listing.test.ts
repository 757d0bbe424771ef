// `qrcard user list|export` end to end: bin/qrcard subprocesses against one `qrcard dev` engine whose
// table is seeded with more records than one page holds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import * as z from 'zod';
import type { CardStatus, UserRecord } from '../../../src/core/record.js';
import { USER_COLUMNS } from '../../../src/core/user-columns.js';
import { parseJsonAs } from '../../support/json.js';
import { ptySkipReason, runOnPty, startUserEngine, type UserEngine } from './user-engine.js';

const TYPES = ['attendee', 'speaker', 'staff'] as const;
const STATUSES: readonly CardStatus[] = ['pending', 'ready', 'failed'];

/** 23 records: every fifth has a company, a title and an email; types and statuses in turn. */
function seededRecords(): UserRecord[] {
  return Array.from({ length: 23 }, (_, index) => {
    const extra = index % 5 === 0 ? { company: `Firm, "${index}"`, title: 'Engineer', email: `p${index}@example.org` } : {};
    return {
      user_id: `p-${String(index).padStart(2, '0')}`,
      type: TYPES[index % 3] as string,
      name: index === 7 ? '홍길동' : `Person ${index}`,
      phone: `+35191234${String(index).padStart(4, '0')}`,
      ...extra,
      created_at: '2026-12-01T09:00:00.000Z',
      updated_at: '2026-12-01T09:00:00.000Z',
      card_status: STATUSES[index % 3 === 0 ? index % 2 : 2] as CardStatus,
      card_version: 0,
    };
  });
}

const recordSchema = z.looseObject({ user_id: z.string(), type: z.string(), card_status: z.string() });
const keyOf = (record: { user_id: string; type: string }) => `${record.user_id}/${record.type}`;

describe('qrcard user list and export on the local engine', { timeout: 420_000 }, () => {
  let engine: UserEngine;
  const seeded = seededRecords();

  before(async () => {
    engine = await startUserEngine();
    for (let start = 0; start < seeded.length; start += 25) {
      const batch = seeded.slice(start, start + 25).map((record) => ({ PutRequest: { Item: record } }));
      await DynamoDBDocumentClient.from(engine.dynamodb).send(new BatchWriteCommand({ RequestItems: { [engine.tableName]: batch } }));
    }
  });
  after(async () => {
    await engine?.stop();
  });

  it('list --json reads every page and prints one JSON document of every record', async () => {
    const listed = await engine.qrcard(['user', 'list', '--json', '--page-size', '5']);

    assert.equal(listed.code, 0, listed.stderr);
    const records = parseJsonAs(listed.stdout, z.array(recordSchema));
    assert.deepEqual(records.map(keyOf).sort(), seeded.map(keyOf).sort());
  });

  it('list --jsonl prints one record per line', async () => {
    const listed = await engine.qrcard(['user', 'list', '--jsonl', '--page-size', '4']);

    const lines = listed.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 23);
    assert.deepEqual(lines.map((line) => keyOf(parseJsonAs(line, recordSchema))).sort(), seeded.map(keyOf).sort());
  });

  it('list prints a table: one header, a row per record across pages', async () => {
    const listed = await engine.qrcard(['user', 'list', '--page-size', '5']);

    const lines = listed.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^USER_ID\s+TYPE\s+NAME\s+COMPANY\s+STATUS\s+UPDATED$/);
    assert.equal(lines.filter((line) => line.startsWith('USER_ID')).length, 1);
    assert.equal(lines.length, 24);
    assert.match(listed.stdout, /^p-07\s+speaker\s+홍길동\s+failed\s+2026-12-01T09:00:00.000Z$/m);
  });

  it('list on a terminal shows the table', { skip: ptySkipReason }, async () => {
    const session = await runOnPty(engine, ['user', 'list', '--type', 'staff', '--status', 'failed'], []);

    assert.equal(session.code, 0, session.screen);
    assert.match(session.screen, /USER_ID\s+TYPE\s+NAME/);
    assert.match(session.screen, /^p-05\s+staff\s+Person 5\s+Firm, "5"\s+failed/m);
  });

  it('list --type and --status filter, alone and together', async () => {
    const wanted = (filter: (record: UserRecord) => boolean) => seeded.filter(filter).map(keyOf).sort();
    const keys = async (args: string[]) => {
      const listed = await engine.qrcard(['user', 'list', '--json', '--page-size', '5', ...args]);
      assert.equal(listed.code, 0, listed.stderr);
      return parseJsonAs(listed.stdout, z.array(recordSchema)).map(keyOf).sort();
    };

    assert.deepEqual(
      await keys(['--type', 'speaker']),
      wanted((record) => record.type === 'speaker'),
    );
    assert.deepEqual(
      await keys(['--status', 'ready']),
      wanted((record) => record.card_status === 'ready'),
    );
    assert.deepEqual(
      await keys(['--type', 'attendee', '--status', 'pending']),
      wanted((record) => record.type === 'attendee' && record.card_status === 'pending'),
    );
    assert.ok(wanted((record) => record.card_status === 'ready').length > 0, 'the filters have something to find');
  });

  it('list --limit stops after that many records, and a status outside the three is a usage error', async () => {
    const limited = await engine.qrcard(['user', 'list', '--jsonl', '--limit', '7', '--page-size', '5']);
    const empty = await engine.qrcard(['user', 'list', '--json', '--type', 'nobody']);
    const wrong = await engine.qrcard(['user', 'list', '--status', 'done']);

    assert.equal(limited.stdout.trimEnd().split('\n').length, 7);
    assert.deepEqual(parseJsonAs(empty.stdout, z.array(recordSchema)), []);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--status must be one of pending, ready, failed/);
  });

  it('export -o file.csv writes every record in the import columns; csv-parse reads back the table', async () => {
    const file = path.join(engine.dir, 'people.csv');

    const exported = await engine.qrcard(['user', 'export', '-o', file]);

    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /exported 23 records to .*people\.csv/);
    const rows = parse<Record<string, string>>(await readFile(file), { columns: true, bom: true });
    assert.deepEqual(Object.keys(rows[0] ?? {}), [...USER_COLUMNS]);
    const expected = seeded.map((record) => Object.fromEntries(USER_COLUMNS.map((column) => [column, record[column] ?? ''])));
    const byKey = (a: Record<string, string>, b: Record<string, string>) => keyOf(a as never).localeCompare(keyOf(b as never));
    assert.deepEqual(rows.sort(byKey), expected.sort(byKey));
  });

  it('export -o file.jsonl writes the same fields as JSON Lines; no -o writes CSV to stdout', async () => {
    const file = path.join(engine.dir, 'people.jsonl');

    const exported = await engine.qrcard(['user', 'export', '-o', file]);
    const toStdout = await engine.qrcard(['user', 'export']);

    assert.equal(exported.code, 0, exported.stderr);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const first = seeded[0] as UserRecord;
    const exportedFirst = lines.map((line) => JSON.parse(line) as Record<string, string>).find((row) => row.user_id === first.user_id);
    assert.equal(lines.length, 23);
    assert.deepEqual(exportedFirst, Object.fromEntries(USER_COLUMNS.map((column) => [column, first[column]])));
    assert.equal(toStdout.code, 0, toStdout.stderr);
    assert.equal(toStdout.stdout.split('\n')[0], USER_COLUMNS.join(','));
    assert.equal(parse<Record<string, string>>(toStdout.stdout, { columns: true }).length, 23);
  });

  it('export to a file of unknown extension is a usage error and writes nothing', async () => {
    const unknown = await engine.qrcard(['user', 'export', '-o', path.join(engine.dir, 'people.xlsx')]);

    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /cannot tell the format of ".*people\.xlsx"/);
    assert.equal((await readdir(engine.dir)).includes('people.xlsx'), false);
  });

  // Last: it deletes the table, so that reading fails once the export has begun.
  it('a failed export leaves the file under the final name as it was, and no partial file', async () => {
    const folder = path.join(engine.dir, 'kept');
    await mkdir(folder);
    await writeFile(path.join(folder, 'people.csv'), 'an earlier export\n');
    await engine.dynamodb.send(new DeleteTableCommand({ TableName: engine.tableName }));

    const failed = await engine.qrcard(['user', 'export', '-o', path.join(folder, 'people.csv')]);

    assert.equal(failed.code, 1, failed.stderr);
    assert.equal(await readFile(path.join(folder, 'people.csv'), 'utf8'), 'an earlier export\n');
    assert.deepEqual(await readdir(folder), ['people.csv']);
  });
});
