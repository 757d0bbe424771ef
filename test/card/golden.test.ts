// Golden image: layout or drawing changes must be deliberate. This test only compares; to accept a change, run
//   node --import tsx scripts/update-golden.ts
// and commit the new test/golden/*.png after looking at it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { GOLDEN_CARDS, goldenFile, renderGoldenCard, UPDATE_GOLDEN_COMMAND } from './golden-cards.js';

// Differences allowed: anti-aliasing may move by a level or two; anything visible is far beyond.
const MAX_DIFFERENT_PIXEL_SHARE = 0.002;
const DIFFERENCE_THRESHOLD = 48;

async function rgb(png: Buffer | string) {
  return sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

for (const [name, record] of Object.entries(GOLDEN_CARDS)) {
  test(`${name} matches its golden image`, async () => {
    const png = await renderGoldenCard(record);
    const file = goldenFile(name);
    assert.ok(existsSync(file), `${file} is missing: run ${UPDATE_GOLDEN_COMMAND} to create it`);
    const [actual, expected] = await Promise.all([rgb(png), rgb(file)]);
    assert.deepEqual([actual.info.width, actual.info.height], [expected.info.width, expected.info.height]);
    let different = 0;
    for (let i = 0; i < actual.data.length; i += 3) {
      const delta = Math.max(
        Math.abs(actual.data[i]! - expected.data[i]!),
        Math.abs(actual.data[i + 1]! - expected.data[i + 1]!),
        Math.abs(actual.data[i + 2]! - expected.data[i + 2]!),
      );
      if (delta > DIFFERENCE_THRESHOLD) different++;
    }
    const share = different / (actual.info.width * actual.info.height);
    assert.ok(
      share <= MAX_DIFFERENT_PIXEL_SHARE,
      `${(share * 100).toFixed(2)}% of pixels differ from ${file}; if that is deliberate, run ${UPDATE_GOLDEN_COMMAND}`,
    );
  });
}
