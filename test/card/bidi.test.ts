import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { directionalPieces, shapeText } from '../../src/card/font-chain.js';
import { defaultBranding } from './card-fixtures.js';

test('a right-to-left line keeps numbers and Latin words in their own order, pieces listed left to right', () => {
  assert.deepEqual(directionalPieces('مايو 2027 · دبي'), [
    { text: ' · دبي', rightToLeft: true },
    { text: '2027', rightToLeft: false },
    { text: 'مايو ', rightToLeft: true },
  ]);
  assert.deepEqual(directionalPieces('شركة ABC للتقنية'), [
    { text: ' للتقنية', rightToLeft: true },
    { text: 'ABC', rightToLeft: false },
    { text: 'شركة ', rightToLeft: true },
  ]);
});

test('brackets in right-to-left text are mirrored; left-to-right text is one piece as typed', () => {
  assert.deepEqual(directionalPieces('أمل (الحسيني)'), [{ text: 'أمل )الحسيني(', rightToLeft: true }]);
  assert.deepEqual(directionalPieces('Ana (Souza) 2027'), [{ text: 'Ana (Souza) 2027', rightToLeft: false }]);
});

test('the digits of a year in an Arabic line are drawn left to right', async () => {
  const { fonts } = await defaultBranding();
  const shaped = shapeText(fonts, 'مايو 2027 · دبي');

  const digitFont = shaped.glyphs.find((glyph) => path.basename(fonts.fonts[glyph.fontIndex]!.file) === 'NotoSans-Regular.ttf')!.fontIndex;
  const { font } = fonts.fonts[digitFont]!;
  const digitIds = new Set(['0', '2', '7'].map((digit) => font.glyphForCodePoint(digit.codePointAt(0)!).id));
  const drawn = shaped.glyphs
    .filter((glyph) => glyph.fontIndex === digitFont && digitIds.has(glyph.glyphId))
    .sort((a, b) => a.x - b.x)
    .map((glyph) => glyph.glyphId);
  assert.deepEqual(
    drawn,
    ['2', '0', '2', '7'].map((digit) => font.glyphForCodePoint(digit.codePointAt(0)!).id),
  );
});
