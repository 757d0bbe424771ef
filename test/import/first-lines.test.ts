// The seen-keys table answers as a Map from key to first line would, for any keys: repeated, non-ASCII,
// unpaired surrogates, keys whose hashes collide and keys longer than a page, through every doubling of the table.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createFirstLines, fnv1a, type FirstLinesOptions, type KeyHash } from '../../src/import/first-lines.js';

// Few characters, so keys repeat and share prefixes; multi-byte UTF-8, a pair and both halves alone, and NUL.
const key = fc.string({ unit: fc.constantFrom('a', 'b', '\u0000', 'é', '한', '😀', '\ud83d', '\ude00'), maxLength: 6 });
const visits = fc.array(fc.record({ key, line: fc.nat() }), { maxLength: 400, size: 'max' });

/** What the table must answer for each visit: the first line of the key, or undefined the first time. */
function modelAnswers(entries: readonly { key: string; line: number }[]): (number | undefined)[] {
  const model = new Map<string, number>();
  return entries.map(({ key, line }) => {
    const earlier = model.get(key);
    if (earlier === undefined) model.set(key, line);
    return earlier;
  });
}

function tableAnswers(entries: readonly { key: string; line: number }[], options: FirstLinesOptions): (number | undefined)[] {
  const table = createFirstLines(options);
  return entries.map(({ key, line }) => table.firstLineOrAdd(key, line));
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const hashOf = (text: string) => fnv1a(utf8(text), 0, utf8(text).length);

/** Two keys with the same full 32-bit hash, found by hashing `user-N\0attendee` for N from 0 until two met. */
const COLLIDING: readonly [string, string] = ['user-129599\u0000attendee', 'user-732382\u0000attendee'];

describe('createFirstLines', { timeout: 60_000 }, () => {
  const hashes: Record<string, KeyHash> = {
    'the default hash': fnv1a,
    'a hash that is the same for every key': () => 7,
    'a hash of the length alone': (_bytes, start, end) => end - start,
  };
  for (const [name, hash] of Object.entries(hashes)) {
    it(`answers as a Map would, with ${name}, from a table of 2 slots, in pages short and long`, () => {
      fc.assert(
        // Pages of 8 bytes keep the longer keys as strings; of 32, many keys fill a page.
        fc.property(visits, fc.constantFrom(8, 32, 1 << 20), (entries, pageBytes) => {
          const expected = modelAnswers(entries);

          const answers = tableAnswers(entries, { hash, initialSlots: 2, pageBytes });

          assert.deepEqual(answers, expected);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('tells apart two keys whose 32-bit hashes are equal', () => {
    const [first, second] = COLLIDING;
    assert.equal(hashOf(first), hashOf(second));
    const table = createFirstLines({ initialSlots: 2 });

    const answers = [table.firstLineOrAdd(first, 2), table.firstLineOrAdd(second, 3), table.firstLineOrAdd(second, 4)];

    assert.deepEqual(answers, [undefined, undefined, 3]);
    assert.equal(table.firstLineOrAdd(first, 5), 2);
  });

  it('keeps a hundred thousand keys through its doublings and pages, each with its own first line', () => {
    const keys = Array.from({ length: 100_000 }, (_, index) => `${index % 3 === 0 ? 'é' : ''}p${index}\u0000attendee`);
    const table = createFirstLines({ initialSlots: 2, pageBytes: 4096 });

    const firstTime = keys.map((text, index) => table.firstLineOrAdd(text, index + 2));
    const again = keys.map((text, index) => table.firstLineOrAdd(text, index + 200_000));

    assert.equal(table.size, keys.length);
    assert.ok(firstTime.every((line) => line === undefined));
    assert.deepEqual(
      again,
      keys.map((_, index) => index + 2),
    );
  });

  it('refuses a line that a slot cannot hold rather than remember another', () => {
    const table = createFirstLines();

    assert.throws(() => table.firstLineOrAdd('a', 2 ** 32), { name: 'RangeError', message: /line 4294967296 is not a line number/ });
  });
});
