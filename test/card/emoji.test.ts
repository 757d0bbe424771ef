import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { shapeText, splitRuns } from '../../src/card/font-chain.js';
import { layoutCard } from '../../src/card/layout.js';
import { defaultBranding } from './card-fixtures.js';

const fileOf = (chain: Awaited<ReturnType<typeof defaultBranding>>['fonts'], index: number) => path.basename(chain.fonts[index]!.file);
const runsOf = async (text: string) => {
  const { fonts } = await defaultBranding();
  return splitRuns(fonts, text).runs.map((run) => [fileOf(fonts, run.fontIndex), run.text]);
};

test('emoji sequences are shaped by the emoji face as one glyph each: ZWJ, skin tone, flag, keycap, VS16', async () => {
  const branding = await defaultBranding();
  for (const cluster of ['👩🏽‍💻', '👨‍👩‍👧‍👦', '👍🏿', '🇧🇷', '1️⃣', '#️⃣', '❤️', '🏳️‍🌈', '🎉']) {
    const shaped = shapeText(branding.fonts, cluster);
    assert.equal(shaped.glyphs.length, 1, `${cluster}: ${shaped.glyphs.length} glyphs`);
    assert.equal(fileOf(branding.fonts, shaped.glyphs[0]!.fontIndex), 'NotoEmoji-Regular.ttf', cluster);
    assert.notEqual(shaped.glyphs[0]!.glyphId, 0, cluster);
  }
});

test('a whole emoji cluster goes to the emoji face, and the spaces and letters around it to Noto Sans', async () => {
  assert.deepEqual(await runsOf('Ana 👩🏽‍💻🎉 Souza'), [
    ['NotoSans-Regular.ttf', 'Ana '],
    ['NotoEmoji-Regular.ttf', '👩🏽‍💻🎉'],
    ['NotoSans-Regular.ttf', ' Souza'],
  ]);
  assert.deepEqual(await runsOf('Nº 1 #2 * ©'), [['NotoSans-Regular.ttf', 'Nº 1 #2 * ©']], 'text-style symbols stay text');
  assert.deepEqual(await runsOf('1️⃣ ©️'), [
    ['NotoEmoji-Regular.ttf', '1️⃣'],
    ['NotoSans-Regular.ttf', ' '],
    ['NotoEmoji-Regular.ttf', '©️'],
  ]);
});

test('the bold name keeps its emoji in the emoji face and its letters in Noto Sans Bold', async () => {
  const branding = await defaultBranding();
  const layout = layoutCard({ user_id: 'a', type: 'attendee', name: '🚀 Ana', phone: '+5511912345678' }, branding);
  const name = layout.lines.find((line) => line.field === 'name')!;
  assert.equal(name.bold, true);
  const files = name.shaped.glyphs.map((glyph) => path.basename(branding.boldFonts.fonts[glyph.fontIndex]!.file));
  assert.deepEqual(files, ['NotoEmoji-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSans-Bold.ttf', 'NotoSans-Bold.ttf', 'NotoSans-Bold.ttf']);
});
