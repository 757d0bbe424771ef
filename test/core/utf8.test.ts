import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { decodeUtf8, describeUtf8Problem } from '../../src/core/utf8.js';

test('names the first ill-formed sequence: stray, truncated, overlong, surrogate and beyond U+10FFFF', () => {
  const cases: [number[], number][] = [
    [[0xff], 0],
    [[0x61, 0x62, 0x63, 0xc3], 3],
    [[0x61, 0xc0, 0x80], 1],
    [[0xe0, 0x80, 0x80], 0],
    [[0x61, 0xed, 0xa0, 0x80], 1],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0xf0, 0x9f, 0x98], 0],
    [[0xe2, 0x82, 0xac, 0x80], 3],
  ];
  for (const [bytes, offset] of cases) {
    const result = decodeUtf8(Uint8Array.from(bytes));

    assert.deepEqual(result, { ok: false, offset, byte: bytes[offset] }, bytes.map((byte) => byte.toString(16)).join(' '));
  }
});

test('keeps a byte order mark and every well-formed character', () => {
  const text = '\ufeffAda 한 😀 \u{10fffd}';

  assert.deepEqual(decodeUtf8(new TextEncoder().encode(text)), { ok: true, text });
});

test('says where and which byte, for people', () => {
  assert.equal(
    describeUtf8Problem({ offset: 12, byte: 0xff }, 'the file'),
    'the file is not valid UTF-8: the sequence at byte offset 12 (0xFF) is not a character',
  );
});

test('on any bytes: decodes exactly when they are UTF-8, else names an offset before which they are', () => {
  const unit = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0x41));
  const bytes = fc.oneof(
    fc.array(unit, { maxLength: 24 }).map((values) => Uint8Array.from(values)),
    fc.string({ unit: 'binary', maxLength: 12 }).map((text) => Buffer.from(text, 'utf8')),
  );
  fc.assert(
    fc.property(bytes, (input) => {
      const result = decodeUtf8(input);

      assert.equal(result.ok, isUtf8(input));
      if (result.ok) {
        assert.equal(result.text, Buffer.from(input).toString('utf8'));
        return;
      }
      assert.ok(isUtf8(input.subarray(0, result.offset)), 'the bytes before the offset are UTF-8');
      assert.ok(Buffer.from(input.subarray(result.offset)).toString('utf8').startsWith('\ufffd'), 'the bytes at the offset are not');
    }),
    { numRuns: 2000 },
  );
});
