import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anyBreaks, fitText, wordBreaks, type FittedText } from '../../src/card/text-fit.js';
import { graphemes } from '../../src/card/font-chain.js';
import { defaultBranding } from './card-fixtures.js';

const texts = (fitted: FittedText) => fitted.lines.map((line) => line.text);
const joined = (fitted: FittedText) => fitted.lines.map((line) => line.joiner + line.text).join('');
const breakTexts = (text: string, breaks: (clusters: readonly string[]) => number[]) => {
  const clusters = graphemes(text);
  return breaks(clusters).map((index) => clusters.slice(index).join(''));
};

test('lines break after spaces and hyphens, around CJK, kana, Thai and emoji characters, and Hangul only without spaces', () => {
  assert.deepEqual(breakTexts('Ana Maria  Souza-Lima', wordBreaks), ['Maria  Souza-Lima', 'Souza-Lima', 'Lima']);
  assert.deepEqual(breakTexts('山田太郎', wordBreaks), ['田太郎', '太郎', '郎']);
  assert.deepEqual(
    breakTexts('東京（本社）。', wordBreaks),
    ['京（本社）。', '（本社）。', '社）。'],
    'never before a closing mark or after an opening one',
  );
  assert.deepEqual(breakTexts('홍길동 한빛', wordBreaks), ['한빛'], 'Korean with spaces breaks between words');
  assert.deepEqual(breakTexts('홍길동', wordBreaks), ['길동', '동']);
  assert.deepEqual(breakTexts('Ana👩🏽‍💻🎉', wordBreaks), ['👩🏽‍💻🎉', '🎉']);
});

test('a break never falls inside a grapheme cluster: emoji sequences, flags, keycaps, combining marks, Thai', () => {
  const text = 'a\u0301👩🏽‍💻🇧🇷1️⃣สวัสดี';
  const clusters = graphemes(text);
  assert.deepEqual(clusters, ['a\u0301', '👩🏽‍💻', '🇧🇷', '1️⃣', 'ส', 'วั', 'ส', 'ดี']);
  for (const rest of [...breakTexts(text, anyBreaks), ...breakTexts(text, wordBreaks)]) {
    assert.ok(
      clusters.some((_, index) => clusters.slice(index).join('') === rest),
      `a break before "${rest}"`,
    );
  }
  assert.equal(breakTexts(text, anyBreaks).length, clusters.length - 1);
});

test('a long name wraps to two balanced lines at its largest size rather than shrinking', async () => {
  const branding = await defaultBranding();
  const sizes = { max: 60, min: 30, floor: 8 };
  const fitted = fitText(branding.boldShape, 'Maria da Conceição Albuquerque', 600, sizes, 2);
  assert.deepEqual(texts(fitted), ['Maria da Conceição', 'Albuquerque']);
  assert.deepEqual([fitted.fontSize, fitted.truncated], [60, false]);
  // Four words would fit the first line, leaving "Costa" alone on the second.
  const width = branding.boldShape('Ana Maria Souza Lima').advance * 60 + 1;
  const balanced = fitText(branding.boldShape, 'Ana Maria Souza Lima Costa', width, sizes, 2);
  assert.deepEqual(texts(balanced), ['Ana Maria Souza', 'Lima Costa'], 'no word left alone on a line');
  assert.equal(joined(balanced), 'Ana Maria Souza Lima Costa');
});

test('a name that nearly fits one line shrinks a little instead of wrapping; one that fits stays whole', async () => {
  const branding = await defaultBranding();
  const sizes = { max: 60, min: 30, floor: 8 };
  const width = branding.boldShape('Maximiliana Souza').advance * 55;
  const fitted = fitText(branding.boldShape, 'Maximiliana Souza', width, sizes, 2);
  assert.deepEqual(texts(fitted), ['Maximiliana Souza']);
  assert.ok(fitted.fontSize >= 54 && fitted.fontSize < 60, `size ${fitted.fontSize}`);
});

test('below the word-break minimum a word breaks between characters only when that gains a quarter in size', async () => {
  const branding = await defaultBranding();
  const sizes = { max: 60, min: 30, floor: 8 };
  const oneWord = 'Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen';
  const split = fitText(branding.boldShape, oneWord, 492, sizes, 2);
  assert.equal(split.lines.length, 2);
  assert.equal(joined(split), oneWord);
  assert.deepEqual(
    split.lines.map((line) => line.joiner),
    ['', ''],
  );
  const words = 'Maximiliana Wolfeschlegelsteinhausenbergerdorff Trostburg von Habsburg-Lothringen';
  const byWords = fitText(branding.boldShape, words, 492, sizes, 2);
  assert.deepEqual(texts(byWords), ['Maximiliana Wolfeschlegelsteinhausenbergerdorff', 'Trostburg von Habsburg-Lothringen']);
  assert.ok(byWords.fontSize < 30 && !byWords.truncated, `size ${byWords.fontSize}`);
});

test('two lines that cannot hold the text at the floor are cut, the second ending in an ellipsis', async () => {
  const branding = await defaultBranding();
  const fitted = fitText(branding.shape, 'W'.repeat(80), 300, { max: 40, min: 30, floor: 20 }, 2);
  assert.equal(fitted.truncated, true);
  assert.equal(fitted.fontSize, 20);
  assert.equal(fitted.lines.length, 2);
  assert.match(fitted.lines[0]!.text, /^W+$/);
  assert.match(fitted.lines[1]!.text, /^W+…$/);
  for (const line of fitted.lines) assert.ok(line.shaped.advance * 20 <= 300);
});
