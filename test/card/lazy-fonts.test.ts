import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { defaultConfig } from '../../src/core/config.js';
import { BUNDLED_FONTS, defaultAssetsDir, loadBranding } from '../../src/card/load-branding.js';
import { renderCard } from '../../src/card/render-card.js';
import { lazyChainFont } from '../../src/card/font-chain.js';
import { mayCover, mergeRanges, readFontSummary } from '../../src/card/font-summary.js';
import { HONG } from './card-fixtures.js';

const fontFile = (name: string) => path.join(defaultAssetsDir(), 'fonts', name);
// Every face either chain has parsed, each once, in the order of the bundled list.
const loadedFiles = (branding: Awaited<ReturnType<typeof loadBranding>>) =>
  BUNDLED_FONTS.filter((name) =>
    [...branding.fonts.fonts, ...branding.boldFonts.fonts].some((font) => font.loaded && path.basename(font.file) === name),
  );

test('a Latin-only card parses Noto Sans and its bold only; a Hangul card adds the Hangul face only, once', async () => {
  const branding = await loadBranding({ config: defaultConfig() });
  assert.deepEqual(loadedFiles(branding), []);

  await renderCard({ user_id: 'joao', type: 'attendee', name: 'João Conceição', company: 'Ação Ltda', phone: '+351912345678' }, branding);
  assert.deepEqual(loadedFiles(branding), ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf']);

  await renderCard(HONG, branding);
  assert.deepEqual(loadedFiles(branding), ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSansCJKkr-Hangul.ttf']);
  const hangul = branding.fonts.fonts[1]!;
  const parsedFirst = hangul.font;

  await renderCard({ ...HONG, user_id: 'hong2', name: '김철수' }, branding);
  assert.deepEqual(loadedFiles(branding), ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSansCJKkr-Hangul.ttf']);
  assert.strictEqual(hangul.font, parsedFirst, 'a second Hangul card draws with the face parsed for the first');
});

test('a lazy chain font runs its loader on first use only, and again after a failure', () => {
  const parsed = fontkit.create(readFileSync(fontFile('NotoSans-Regular.ttf'))) as fontkit.Font;
  let loads = 0;
  let failNext = true;
  const lazy = lazyChainFont(
    'x.ttf',
    { unitsPerEm: 1000, ascent: 1, descent: -1 },
    () => true,
    () => {
      loads++;
      if (failNext) {
        failNext = false;
        throw new Error('disk hiccup');
      }
      return parsed;
    },
  );
  assert.equal(lazy.loaded, false);
  assert.equal(loads, 0, 'nothing is read before a glyph is needed');

  assert.throws(() => lazy.font, /disk hiccup/);
  assert.equal(lazy.loaded, false);
  assert.strictEqual(lazy.font, parsed);
  assert.strictEqual(lazy.font, parsed);
  assert.equal(lazy.loaded, true);
  assert.equal(loads, 2, 'one failed load, then one that is kept');
});

test('the emoji face is parsed only when a card has an emoji, once, for both chains', async () => {
  const branding = await loadBranding({ config: defaultConfig() });
  await renderCard({ user_id: 'a', type: 'attendee', name: 'Ana #1 (c) ©', title: '* 2', phone: '+5511912345678' }, branding);
  assert.ok(!loadedFiles(branding).includes('NotoEmoji-Regular.ttf'), 'digits, "#", "*" and "©" are drawn from Noto Sans');

  await renderCard({ user_id: 'b', type: 'attendee', name: 'Ana 👩🏽‍💻🎉', company: '🚀 Rocket Co', phone: '+5511912345678' }, branding);
  assert.deepEqual(loadedFiles(branding), ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoEmoji-Regular.ttf']);
  const emoji = [...branding.fonts.fonts, ...branding.boldFonts.fonts].filter((font) => font.file.endsWith('NotoEmoji-Regular.ttf'));
  assert.equal(new Set(emoji).size, 1, 'one entry shared by the regular and bold chains');
});

test('an Arabic name loads the Arabic face without the CJK ones', async () => {
  const branding = await loadBranding({ config: defaultConfig() });
  await renderCard({ user_id: 'm', type: 'attendee', name: 'محمد', phone: '+971501234567' }, branding);
  // The bold Latin face draws the type's label.
  assert.deepEqual(loadedFiles(branding), ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSansArabic-Bold.ttf']);
  await renderCard({ user_id: 'm2', type: 'attendee', name: 'Ana', company: 'شركة', phone: '+971501234567' }, branding);
  assert.deepEqual(loadedFiles(branding), [
    'NotoSans-Regular.ttf',
    'NotoSans-Bold.ttf',
    'NotoSansArabic-Regular.ttf',
    'NotoSansArabic-Bold.ttf',
  ]);
});

test('Hanja and kana load the ideograph face; a mixed Hangul-Hanja line draws from both', async () => {
  const branding = await loadBranding({ config: defaultConfig() });
  await renderCard({ user_id: 'k', type: 'attendee', name: '山田 花子', company: '株式会社 한빛', phone: '+81312345678' }, branding);
  assert.deepEqual(loadedFiles(branding), [
    'NotoSans-Regular.ttf',
    'NotoSans-Bold.ttf',
    'NotoSansCJKkr-Hangul.ttf',
    'NotoSansCJKkr-Ideographs.ttf',
  ]);
});

test('the summary of each bundled font matches fontkit: metrics, and every code point with a glyph is covered', () => {
  for (const name of BUNDLED_FONTS) {
    const summary = readFontSummary(fontFile(name));
    const font = fontkit.create(readFileSync(fontFile(name))) as fontkit.Font;
    assert.deepEqual([summary.unitsPerEm, summary.ascent, summary.descent], [font.unitsPerEm, font.ascent, font.descent], name);
    for (const codePoint of font.characterSet)
      if (font.hasGlyphForCodePoint(codePoint)) assert.ok(mayCover(summary.coverage, codePoint), `${name}: U+${codePoint.toString(16)}`);
    assert.equal(mayCover(summary.coverage, 0x10fffd), font.hasGlyphForCodePoint(0x10fffd), name);
  }
});

test('ranges merge when they overlap or touch, and lookups find both ends', () => {
  const coverage = mergeRanges([10, 20, 0, 3, 21, 25, 4, 4, 40, 50, 45, 46]);
  assert.deepEqual([...coverage], [0, 4, 10, 25, 40, 50]);
  assert.deepEqual([...mergeRanges([0, 3, 5, 9, 9, 12])], [0, 3, 5, 12]);
  assert.deepEqual(
    [0, 4, 5, 9, 10, 25, 26, 40, 50, 51].map((codePoint) => mayCover(coverage, codePoint)),
    [true, true, false, false, true, true, false, true, true, false],
  );
});

test('a bundled font that is not a font is reported at load time, naming the file', async () => {
  const { mkdtemp, rm, writeFile, copyFile, mkdir } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(path.join(tmpdir(), 'qrcard-lazy-'));
  try {
    await mkdir(path.join(dir, 'fonts'));
    for (const name of BUNDLED_FONTS) await copyFile(fontFile(name), path.join(dir, 'fonts', name));
    await copyFile(path.join(defaultAssetsDir(), 'logo.png'), path.join(dir, 'logo.png'));
    await writeFile(path.join(dir, 'fonts', 'NotoSansThai-Regular.ttf'), 'not a font');
    await assert.rejects(loadBranding({ config: defaultConfig(), assetsDir: dir }), /NotoSansThai-Regular\.ttf: cannot be parsed/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
