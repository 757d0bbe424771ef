import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { splitRuns, shapeText } from '../../src/card/font-chain.js';
import { defaultBranding } from './card-fixtures.js';

const NAMES: Record<string, string[]> = {
  latin: ['João Conceição', 'Agnieszka Śliwińska', 'Zoë Ørsted-Ångström', 'Nguyễn Thị Hương', 'Çağrı Gümüşdağ', 'Þórdís Ægisdóttir'],
  hangul: ['홍길동', '주식회사 한빛', '김뷁', '똠방각하'],
  'cjk ideographs': ['山田太郎', '王小明', '張偉', '李嘉誠', '鈴木一郎'],
  kana: ['やまだ たろう', 'スズキ イチロー', 'ヴァン・ダイク'],
  cyrillic: ['Дмитрий Иванов', 'Олександр Шевченко', 'Ёлкин Щукин'],
  greek: ['Γιώργος Παπαδόπουλος', 'Ελένη Οικονόμου'],
  arabic: ['محمد عبد الله', 'فاطمة الزهراء'],
  hebrew: ['שלום כהן', 'דָּוִד לֵוִי'],
  devanagari: ['अर्जुन शर्मा', 'प्रिया क्षत्रिय'],
  thai: ['สมชาย ใจดี', 'กัญญา'],
};

test('names in ten scripts resolve to real glyphs in the bundled chain, never .notdef', async () => {
  const branding = await defaultBranding();
  for (const [script, names] of Object.entries(NAMES)) {
    for (const name of names) {
      const shaped = shapeText(branding.fonts, name);
      assert.deepEqual(shaped.missing, [], `${script}: ${name} has characters no font covers`);
      const notdef = shaped.glyphs.filter((glyph) => glyph.glyphId === 0);
      assert.equal(notdef.length, 0, `${script}: ${name} draws ${notdef.length} .notdef glyph(s)`);
      assert.ok(shaped.advance > 0.5, `${script}: ${name} has no width`);
    }
  }
});

test('each script is drawn by the font made for it', async () => {
  const branding = await defaultBranding();
  const fontOf = (text: string) => {
    const { runs } = splitRuns(branding.fonts, text);
    assert.equal(runs.length, 1, text);
    return branding.fonts.fonts[runs[0]!.fontIndex]!.font.postscriptName;
  };
  assert.equal(fontOf('João'), 'NotoSans-Regular');
  assert.equal(fontOf('홍길동'), 'NotoSansCJKkr-Regular');
  assert.equal(fontOf('山田はなこ'), 'NotoSansCJKkr-Regular');
  // The CJK face ships as two files: Hangul apart from the ideographs and kana.
  const fileOf = (text: string) => branding.fonts.fonts[splitRuns(branding.fonts, text).runs[0]!.fontIndex]!.file;
  assert.match(fileOf('홍길동'), /NotoSansCJKkr-Hangul\.ttf$/);
  assert.match(fileOf('山田はなこ'), /NotoSansCJKkr-Ideographs\.ttf$/);
  assert.equal(fontOf('محمد'), 'NotoSansArabic-Regular');
  assert.equal(fontOf('अर्जुन'), 'NotoSansDevanagari-Regular');
});

test('a character no font has is left out and reported, not drawn as a box', async () => {
  const branding = await defaultBranding();
  const shaped = shapeText(branding.fonts, 'Ana \u{1D11E} Lee');
  assert.deepEqual(shaped.missing, ['\u{1D11E}']);
  assert.equal(shaped.glyphs.filter((glyph) => glyph.glyphId === 0).length, 0);
});

test('a right-to-left line comes out in visual order', async () => {
  const branding = await defaultBranding();
  const shaped = shapeText(branding.fonts, 'שלום');
  const font = branding.fonts.fonts[shaped.glyphs[0]!.fontIndex]!.font;
  // Visual order: the last letter (ם) is drawn first, at the left.
  assert.equal(shaped.glyphs[0]!.glyphId, font.glyphForCodePoint('ם'.codePointAt(0)!).id);
});

test('a cluster no one font has whole (a Greek letter with an Arabic mark) is drawn character by character, not left out', async () => {
  const branding = await defaultBranding();
  const shaped = shapeText(branding.fonts, 'ἣ\u08e1');
  assert.deepEqual(shaped.missing, []);
  assert.deepEqual(
    shaped.glyphs.map((glyph) => path.basename(branding.fonts.fonts[glyph.fontIndex]!.file)),
    ['NotoSans-Regular.ttf', 'NotoSansArabic-Regular.ttf'],
  );
  assert.ok(shaped.glyphs.every((glyph) => glyph.glyphId !== 0));
});
