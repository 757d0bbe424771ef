import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import * as fontkit from 'fontkit';
import { fontkitWithoutWoff2, nativeInflate } from '../../src/card/bundle-plugins.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FONTS = path.join(ROOT, 'assets', 'fonts');

// What a card needs of fontkit: cmap lookups, advances and outlines, and OpenType shaping for the
// scripts that need it (Arabic joining, Indic reordering, Thai), whose tables come from the Unicode tries.
const SAMPLES: readonly [string, string][] = [
  ['NotoSans-Regular.ttf', 'João Conceição, Śliwińska ÅΩЖ'],
  ['NotoSansCJKkr-Hangul.ttf', '홍길동 주식회사 한빛'],
  ['NotoSansArabic-Regular.ttf', 'محمد عبد الله'],
  ['NotoSansDevanagari-Regular.ttf', 'नमस्ते क्षत्रिय'],
  ['NotoSansThai-Regular.ttf', 'สวัสดีครับ'],
  ['NotoSansHebrew-Regular.ttf', 'שָׁלוֹם'],
];

const PROBE = `
import * as fontkit from 'fontkit';
export function probe(fontsDir, samples) {
  return samples.map(([file, text]) => {
    const font = fontkit.openSync(fontsDir + '/' + file);
    const run = font.layout(text);
    const simple = [...text].map((c) => font.glyphForCodePoint(c.codePointAt(0)));
    return {
      shaped: run.glyphs.map((glyph, i) => [glyph.id, run.positions[i].xAdvance, run.positions[i].xOffset, run.positions[i].yOffset]),
      simple: simple.map((glyph) => [glyph.id, glyph.advanceWidth, glyph.isMark, glyph.path.commands.length]),
    };
  });
}
`;

type Probe = (fontsDir: string, samples: readonly [string, string][]) => unknown;

test('fontkit bundled with the card plugins shapes and measures exactly as fontkit itself', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qrcard-bundle-plugins-'));
  try {
    const outfile = path.join(dir, 'probe.mjs');
    await build({
      stdin: { contents: PROBE, resolveDir: ROOT, loader: 'js' },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      plugins: [fontkitWithoutWoff2, nativeInflate],
      metafile: true,
      logLevel: 'silent',
    }).then((result) => {
      const inputs = Object.keys(result.metafile.inputs);
      assert.ok(!inputs.some((input) => input.includes('brotli/dec/dictionary')), 'the Brotli dictionary was bundled');
      assert.ok(!inputs.some((input) => input.includes('node_modules/tiny-inflate')), 'tiny-inflate was bundled');
    });
    const { probe } = (await import(pathToFileURL(outfile).href)) as { probe: Probe };
    const expected = SAMPLES.map(([file, text]) => {
      const font = fontkit.openSync(path.join(FONTS, file)) as fontkit.Font;
      const run = font.layout(text);
      const simple = [...text].map((c) => font.glyphForCodePoint(c.codePointAt(0)!));
      return {
        shaped: run.glyphs.map((glyph, i) => [glyph.id, run.positions[i]!.xAdvance, run.positions[i]!.xOffset, run.positions[i]!.yOffset]),
        simple: simple.map((glyph) => [glyph.id, glyph.advanceWidth, glyph.isMark, glyph.path.commands.length]),
      };
    });
    assert.deepEqual(probe(FONTS, SAMPLES), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
