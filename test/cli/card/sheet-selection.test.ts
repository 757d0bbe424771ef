// Which cards a sheet holds and in what order, checked directly on records in memory.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CardStatus, UserRecord } from '../../../src/core/record.js';
import { QrcardError } from '../../../src/core/errors.js';
import { entriesForIds, parseIdsFile, sheetOrder } from '../../../src/cli/card/sheet-selection.js';

function record(user_id: string, type: string, card_status: CardStatus = 'ready'): UserRecord {
  const at = '2026-12-01T09:00:00.000Z';
  return { user_id, type, name: user_id, phone: '+351912340000', created_at: at, updated_at: at, card_status, card_version: 1 };
}

const TABLE = [record('b', 'staff'), record('b', 'attendee', 'pending'), record('a', 'staff'), record('c', 'attendee')];
const cardsOf = (userId: string) => Promise.resolve(TABLE.filter((row) => row.user_id === userId));
const keys = (entries: readonly { user_id: string; type: string }[]) => entries.map((entry) => `${entry.user_id}/${entry.type}`);

describe('sheet selection', () => {
  it('reads one id a line, skipping blank lines and # comments, and keeps the line numbers', () => {
    assert.deepEqual(parseIdsFile('# desk A\r\n  b  \n\na\n'), [
      { line: 2, userId: 'b' },
      { line: 4, userId: 'a' },
    ]);
  });

  it('orders a table by type, then user id', () => {
    assert.deepEqual(keys(sheetOrder(TABLE)), ['b/attendee', 'c/attendee', 'a/staff', 'b/staff']);
  });

  it("keeps the file's order, a person's cards by type, filtered by type and status", async () => {
    const lines = parseIdsFile('c\nb\na\n');

    assert.deepEqual(keys(await entriesForIds(lines, { file: 'ids.txt' }, cardsOf)), ['c/attendee', 'b/attendee', 'b/staff', 'a/staff']);
    assert.deepEqual(keys(await entriesForIds(lines, { file: 'ids.txt', status: 'ready' }, cardsOf)), ['c/attendee', 'b/staff', 'a/staff']);
    assert.deepEqual(keys(await entriesForIds(parseIdsFile('b\na'), { file: 'ids.txt', type: 'staff' }, cardsOf)), ['b/staff', 'a/staff']);
  });

  it('names the file and line of an id with no record, or no card of --type', async () => {
    const lines = parseIdsFile('a\n\nzed\n');

    await assert.rejects(entriesForIds(lines, { file: 'ids.txt' }, cardsOf), (error: unknown) => {
      assert.ok(error instanceof QrcardError);
      assert.equal(error.message, 'ids.txt:3: no user "zed"');
      return true;
    });
    await assert.rejects(entriesForIds(lines, { file: 'ids.txt', type: 'attendee' }, cardsOf), {
      message: 'ids.txt:1: user "a" has no card of type "attendee"',
    });
  });
});
