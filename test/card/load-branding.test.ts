import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { MAX_LOGO_COLORS } from '../../src/card/branding.js';
import { loadBranding, defaultAssetsDir } from '../../src/card/load-branding.js';
import { renderCard } from '../../src/card/render-card.js';
import { QrcardError } from '../../src/core/errors.js';
import { configWith, decodeQr, HONG, readVCard } from './card-fixtures.js';
import { withTempDir } from '../support/temp-dir.js';

function brandingWith(dir: string, branding: { logo?: string; fonts?: string[] }) {
  const base = configWith({});
  return loadBranding({ config: { ...base, branding: { ...base.branding, fonts: [], ...branding } }, baseDir: dir });
}

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof QrcardError, String(error));
    assert.equal(error.source, 'user');
    assert.match(error.message, pattern);
    return true;
  });
}

test('a missing logo or font is named with its path', async () => {
  await withTempDir('branding', async (dir) => {
    await rejects(brandingWith(dir, { logo: 'nope.png' }), new RegExp(`logo ${path.join(dir, 'nope.png')}: file not found`));
    await rejects(brandingWith(dir, { fonts: ['fonts/missing.ttf'] }), /font .*fonts\/missing\.ttf: file not found/);
    await mkdir(path.join(dir, 'folder.png'));
    await rejects(brandingWith(dir, { logo: 'folder.png' }), /folder\.png: is a directory/);
  });
});

test('a logo that is not an image, too large, or too big in pixels is refused with the reason', async () => {
  await withTempDir('branding', async (dir) => {
    await writeFile(path.join(dir, 'text.png'), 'this is not a picture');
    await rejects(brandingWith(dir, { logo: 'text.png' }), /text\.png: not an image/);
    await writeFile(path.join(dir, 'huge.png'), Buffer.alloc(5 * 1024 * 1024 + 1));
    await rejects(brandingWith(dir, { logo: 'huge.png' }), /huge\.png: 5\.0 MB is over the 5 MB limit/);
    await sharp({ create: { width: 4097, height: 10, channels: 3, background: '#123456' } })
      .png()
      .toFile(path.join(dir, 'wide.png'));
    await rejects(brandingWith(dir, { logo: 'wide.png' }), /wide\.png: 4097x10 px is over the 4096 px limit/);
  });
});

test('an SVG logo with scripts, handlers or external references is rejected, listing each problem', async () => {
  await withTempDir('branding', async (dir) => {
    const svg = (body: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="40">${body}</svg>`;
    await writeFile(path.join(dir, 'script.svg'), svg('<script>alert(1)</script><rect width="10" height="10" onclick="x()"/>'));
    await rejects(
      brandingWith(dir, { logo: 'script.svg' }),
      /script\.svg: SVG rejected: contains a <script> element; has an event handler attribute \(onclick\)/,
    );
    await writeFile(
      path.join(dir, 'external.svg'),
      svg(
        '<image xlink:href="file:///etc/passwd" width="10" height="10"/><rect fill="url(https://x.example/p.svg#a)" width="5" height="5"/>',
      ),
    );
    await rejects(
      brandingWith(dir, { logo: 'external.svg' }),
      /external\.svg: SVG rejected: references an external file \(file:\/\/\/etc\/passwd\); references an external file \(https:\/\/x\.example/,
    );
  });
});

test('a font file that cannot be parsed is named', async () => {
  await withTempDir('branding', async (dir) => {
    await writeFile(path.join(dir, 'broken.ttf'), Buffer.from('OTTO not really a font at all, just bytes'));
    await rejects(brandingWith(dir, { fonts: ['broken.ttf'] }), /font .*broken\.ttf: cannot be parsed/);
  });
});

test('an operator PNG logo and font load, and the card still scans', async () => {
  await withTempDir('branding', async (dir) => {
    await sharp({ create: { width: 600, height: 200, channels: 4, background: { r: 200, g: 30, b: 60, alpha: 0.8 } } })
      .png()
      .toFile(path.join(dir, 'logo.png'));
    await copyFile(path.join(defaultAssetsDir(), 'fonts', 'NotoSansHebrew-Regular.ttf'), path.join(dir, 'own.ttf'));
    const branding = await brandingWith(dir, { logo: 'logo.png', fonts: ['own.ttf'] });
    assert.equal(branding.fonts.fonts[0]!.file, path.join(dir, 'own.ttf'));
    assert.deepEqual([branding.logo?.width, branding.logo?.height], [Math.floor(90 * 3), 90]);
    assert.equal(readVCard((await decodeQr(await renderCard(HONG, branding)))!).fn, '홍길동');
  });
});

test('a palette PNG logo at card size keeps its own palette when it is small enough, and is reduced when not', async () => {
  await withTempDir('branding', async (dir) => {
    const [width, height] = [270, 90];
    // Column bands of `count` colours, some half transparent, drawn onto a non-white card background.
    const paletteLogo = (count: number) => {
      const rgba = new Uint8Array(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        const band = Math.floor(((i % width) * count) / width);
        rgba.set([(band * 37) & 0xff, (band * 91) & 0xff, (band * 13 + 40) & 0xff, band % 3 === 0 ? 128 : 255], i * 4);
      }
      return sharp(rgba, { raw: { width, height, channels: 4 } })
        .png({ palette: true, dither: 0, quality: 100 })
        .toBuffer();
    };
    const base = configWith({});
    const config = { ...base, branding: { ...base.branding, fonts: [], colors: { ...base.branding.colors, background: '#203040' } } };
    for (const count of [12, 150]) {
      await writeFile(path.join(dir, 'logo.png'), await paletteLogo(count));
      const { logo } = await loadBranding({ config: { ...config, branding: { ...config.branding, logo: 'logo.png' } }, baseDir: dir });
      assert.ok(logo);
      const expected = await sharp(path.join(dir, 'logo.png')).flatten({ background: '#203040' }).raw().toBuffer();
      let worst = 0;
      for (let pixel = 0; pixel < width * height; pixel++) {
        for (let c = 0; c < 3; c++)
          worst = Math.max(worst, Math.abs(logo.palette[logo.indices[pixel]! * 3 + c]! - expected[pixel * 3 + c]!));
      }
      if (count === 12) {
        assert.equal(logo.palette.length / 3, 12, 'the palette as it is');
        assert.ok(worst <= 1, `flattened as sharp flattens, off by ${worst}`);
      } else {
        assert.ok(logo.palette.length / 3 <= MAX_LOGO_COLORS, `${logo.palette.length / 3} colours`);
        assert.ok(worst <= 40, `reduced, off by at most ${worst}`);
      }
    }
  });
});
