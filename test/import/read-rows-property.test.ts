// Any people file a spreadsheet can write reads back as the same cells, each row with the line it starts on,
// however the bytes are split into chunks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { decodeText } from '../../src/import/decode-text.js';
import { readRows, type SourceRow } from '../../src/import/read-rows.js';

const HEADERS = ['user_id', 'name', 'company'];
// Characters that make CSV hard: separators, quotes, both line endings, and multi-byte UTF-8.
const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', ',', '"', '\n', '\r\n', 'é', '한', '😀'), maxLength: 12 });
const row = fc.tuple(cell, cell, cell).filter((cells) => cells.some((value) => value !== ''));
const file = fc.record({
  rows: fc.array(fc.record({ cells: row, blankLinesBefore: fc.nat({ max: 2 }) }), { maxLength: 20 }),
  newline: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
});

const lineBreaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;

async function read(bytes: Buffer, cuts: readonly number[]): Promise<SourceRow[]> {
  const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...offsets].map((start, index) => bytes.subarray(start, offsets[index] ?? bytes.length));
  const rows: SourceRow[] = [];
  for await (const source of readRows(decodeText(Readable.from(chunks.filter((chunk) => chunk.length > 0))))) rows.push(source);
  return rows;
}

describe('readRows on any CSV', { timeout: 120_000 }, () => {
  it('gives back every row and cell, with the line its text starts on', async () => {
    await fc.assert(
      fc.asyncProperty(file, async ({ rows, newline, bom, cuts }) => {
        let text = (bom ? '\uFEFF' : '') + stringify([HEADERS], { record_delimiter: newline });
        const expected: SourceRow[] = [];
        for (const { cells, blankLinesBefore } of rows) {
          text += newline.repeat(blankLinesBefore);
          expected.push({ line: lineBreaks(text) + 1, fields: Object.fromEntries(HEADERS.map((header, index) => [header, cells[index]])) });
          text += stringify([cells], { record_delimiter: newline });
        }

        assert.deepEqual(await read(Buffer.from(text, 'utf8'), cuts), expected);
      }),
      { numRuns: 300 },
    );
  });
});
