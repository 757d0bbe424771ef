import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { decodeSimplePng, flattenRgbaKeys } from '../../src/card/png-decode.js';
import { encodePalettePng } from '../../src/card/png-encode.js';
import { rasteriseOutline } from '../../src/card/glyph-raster.js';

test('a palette PNG reads back with sharp pixel for pixel, at 300 dpi', async () => {
  const width = 37;
  const height = 23;
  const pixels = Uint8Array.from({ length: width * height }, (_, i) => (i * 7 + (i % width)) % 3);
  const palette = Uint8Array.from([255, 255, 255, 10, 20, 30, 200, 0, 100]);
  const png = encodePalettePng({ width, height, pixels, palette });
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.equal((await sharp(png).metadata()).density, 300);
  for (let i = 0; i < width * height; i++) {
    assert.deepEqual(
      [...data.subarray(i * info.channels, i * info.channels + 3)],
      [...palette.subarray(pixels[i]! * 3, pixels[i]! * 3 + 3)],
      `pixel ${i}`,
    );
  }
});

test('simple RGB and RGBA PNGs decode exactly as sharp decodes them, whatever the row filters', async () => {
  const width = 64;
  const height = 40;
  const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 31 + Math.floor(i / 256) * 17) & 0xff);
  for (const channels of [3, 4] as const) {
    const input = channels === 4 ? rgba : Uint8Array.from(rgba.filter((_, i) => i % 4 !== 3));
    for (const adaptiveFiltering of [false, true]) {
      const png = await sharp(input, { raw: { width, height, channels } }).png({ adaptiveFiltering, compressionLevel: 6 }).toBuffer();
      const decoded = decodeSimplePng(png);
      assert.ok(decoded?.kind === 'rgba', `${channels} channels`);
      const expected = await sharp(png).ensureAlpha().raw().toBuffer();
      assert.deepEqual(Buffer.from(decoded.rgba), expected, `${channels} channels, adaptive ${adaptiveFiltering}`);
    }
  }
  const sixteenBit = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .toColourspace('rgb16')
    .png()
    .toBuffer();
  assert.equal(sixteenBit[24], 16);
  assert.equal(decodeSimplePng(sixteenBit), undefined, '16-bit PNGs are left to sharp');
  const interlaced = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .png({ progressive: true })
    .toBuffer();
  assert.equal(interlaced[28], 1);
  assert.equal(decodeSimplePng(interlaced), undefined, 'interlaced PNGs are left to sharp');
  assert.deepEqual(
    [...flattenRgbaKeys(Uint8Array.from([255, 0, 0, 128, 1, 2, 3, 255, 9, 9, 9, 0]), [0, 0, 255])],
    [(128 << 16) | 127, (1 << 16) | (2 << 8) | 3, 255],
  );
});

test('a palette PNG decodes to its indices and RGBA palette, transparency included, as sharp reads it', async () => {
  const width = 45;
  const height = 30;
  const colors = [
    [255, 0, 0, 255],
    [0, 128, 255, 128],
    [10, 20, 30, 0],
    [250, 250, 0, 255],
    [90, 60, 30, 200],
  ];
  const rgba = Uint8Array.from(
    Array.from({ length: width * height }, (_, i) => colors[(i * 7 + Math.floor(i / width)) % colors.length]!).flat(),
  );
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .png({ palette: true, dither: 0, quality: 100 })
    .toBuffer();
  assert.equal(png[25], 3, 'sharp wrote a palette PNG');
  const decoded = decodeSimplePng(png);
  assert.ok(decoded?.kind === 'indexed');
  assert.ok(decoded.paletteRgba.length / 4 >= colors.length);
  const expanded = Buffer.from(Array.from(decoded.indices, (index) => [...decoded.paletteRgba.subarray(index * 4, index * 4 + 4)]).flat());
  assert.deepEqual(expanded, await sharp(png).ensureAlpha().raw().toBuffer());
});

test('the rasteriser covers a square exactly and anti-aliases its half-covered edges', () => {
  // A 4x4 unit square from (0.5, 0.5) in font units at scale 1, y up as fonts have it.
  const square = [
    { command: 'moveTo', args: [0.5, -0.5] },
    { command: 'lineTo', args: [4.5, -0.5] },
    { command: 'lineTo', args: [4.5, -4.5] },
    { command: 'lineTo', args: [0.5, -4.5] },
    { command: 'closePath', args: [] },
  ];
  const mask = rasteriseOutline(square, 1);
  let total = 0;
  for (const value of mask.coverage) total += value;
  assert.ok(Math.abs(total / 255 - 16) < 0.05, `area ${total / 255}`);
  const at = (x: number, y: number) => mask.coverage[(y - mask.top) * mask.width + (x - mask.left)]!;
  assert.equal(at(2, 2), 255);
  assert.ok(Math.abs(at(0, 2) - 128) <= 1, `left edge ${at(0, 2)}`);
  assert.ok(Math.abs(at(0, 0) - 64) <= 1, `corner ${at(0, 0)}`);
});
