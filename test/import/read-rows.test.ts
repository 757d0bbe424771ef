// The reader and decoder: rows with the line they start on, in each format, and refusals that say where.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { decodeText, firstInvalidUtf8 } from '../../src/import/decode-text.js';
import { readRows, type SourceRow } from '../../src/import/read-rows.js';
import { QrcardError } from '../../src/core/errors.js';

function bytes(...chunks: Array<string | Uint8Array>): AsyncIterable<Uint8Array> {
  return Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
}

async function rowsOf(...chunks: Array<string | Uint8Array>): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readRows(decodeText(bytes(...chunks)))) rows.push(row);
  return rows;
}

const refusal = (code: string, message: RegExp) => (error: unknown) =>
  error instanceof QrcardError && error.code === code && message.test(error.message);

describe('readRows', () => {
  it('reads CSV rows with the line each starts on, across quoted newlines, blank lines, a BOM and split chunks', async () => {
    const rows = await rowsOf('\uFEFFuser_id,name\n\na,"Bo\r\nLi"\nb,', 'z\n\nc,"w, x"');

    assert.deepEqual(rows, [
      { line: 3, fields: { user_id: 'a', name: 'Bo\r\nLi' } },
      { line: 5, fields: { user_id: 'b', name: 'z' } },
      { line: 7, fields: { user_id: 'c', name: 'w, x' } },
    ]);
  });

  it('marks a CSV row of the wrong width unreadable instead of stopping', async () => {
    const rows = await rowsOf('user_id,name\na,b,c\nd,e\n');

    assert.equal(rows[0]?.unreadable, 'the row has 3 fields, the header 2');
    assert.deepEqual(rows[1], { line: 3, fields: { user_id: 'd', name: 'e' } });
  });

  it('reads JSON Lines by line; a line that is not JSON is unreadable, not fatal', async () => {
    const rows = await rowsOf('{"user_id":"a"}\n\n{"user_id"\n', '{"user_id":"b"}');

    assert.deepEqual(
      rows.map((row) => [row.line, row.unreadable === undefined]),
      [
        [1, true],
        [3, false],
        [4, true],
      ],
    );
  });

  it('reads a JSON array element by element, numbering them from 1', async () => {
    const rows = await rowsOf(' [{"user_id":"a"},', '{"user_id":"b"}]');

    assert.deepEqual(rows, [
      { line: 1, fields: { user_id: 'a' } },
      { line: 2, fields: { user_id: 'b' } },
    ]);
  });

  it('processes the elements of an unclosed JSON array, then refuses it naming where it broke off', async () => {
    const seen: number[] = [];

    await assert.rejects(
      async () => {
        for await (const row of readRows(decodeText(bytes('[{"a":1},{"a":2},{"a":')))) seen.push(row.line);
      },
      refusal('import-json-broken', /breaks off after element 2/),
    );
    assert.deepEqual(seen, [1, 2]);
  });

  it('refuses an empty input', async () => {
    await assert.rejects(rowsOf('  \n'), refusal('import-empty', /empty/));
  });

  it('refuses a row longer than the limit without holding all of it', async () => {
    const rows = readRows(decodeText(bytes('user_id,name\na,"', 'x'.repeat(600), 'x'.repeat(600))), { maxRowChars: 1000 });

    await assert.rejects(
      async () => {
        for await (const _ of rows);
      },
      refusal('import-row-too-long', /longer than 1000 characters/),
    );
  });

  it('refuses a JSON line longer than the limit', async () => {
    const rows = readRows(decodeText(bytes('{"a":"', 'x'.repeat(2000))), { maxRowChars: 1000 });

    await assert.rejects(
      async () => {
        for await (const _ of rows);
      },
      refusal('import-row-too-long', /line 1 is longer/),
    );
  });
});

describe('decodeText', () => {
  it('refuses Latin-1 bytes, naming the byte offset and line, and suggests --encoding', async () => {
    const latin1 = Buffer.from('user_id,name\nb1,Jos\xe9\n', 'latin1');

    await assert.rejects(
      async () => {
        for await (const _ of decodeText(bytes(latin1)));
      },
      (error: unknown) =>
        error instanceof QrcardError && /byte 19 \(line 2\)/.test(error.message) && /--encoding latin1/.test(error.hint ?? ''),
    );
  });

  it('reads the same bytes with --encoding latin1', async () => {
    let text = '';
    for await (const chunk of decodeText(bytes(Buffer.from('Jos\xe9', 'latin1')), 'latin1')) text += chunk;

    assert.equal(text, 'José');
  });

  it('refuses a UTF-16 byte order mark and names the encoding to pass', async () => {
    await assert.rejects(
      async () => {
        for await (const _ of decodeText(bytes(Buffer.from('\ufeffa,b', 'utf16le'))));
      },
      (error: unknown) =>
        error instanceof QrcardError && /UTF-16LE byte order mark/.test(error.message) && /--encoding utf-16le/.test(error.hint ?? ''),
    );
  });

  it('keeps a character split between chunks', async () => {
    const euro = Buffer.from('€');
    let text = '';
    for await (const chunk of decodeText(bytes(euro.subarray(0, 1), euro.subarray(1)))) text += chunk;

    assert.equal(text, '€');
  });

  it('finds the first byte that starts no UTF-8 sequence', () => {
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xc3, 0xa9, 0xe9, 0x61])), 3);
    assert.equal(firstInvalidUtf8(Buffer.from('héllo')), -1);
  });
});
