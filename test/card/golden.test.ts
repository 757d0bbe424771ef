// Golden image: layout or drawing changes must be deliberate. To accept a change, regenerate with
//   QRCARD_UPDATE_GOLDEN=1 node --import tsx --test test/card/golden.test.ts
// and commit the new test/golden/*.png after looking at it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { renderCard } from '../../src/card/render-card.js';
import type { CardFields } from '../../src/card/qr-code.js';
import { defaultBranding } from './card-fixtures.js';

const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));
// Differences allowed: anti-aliasing may move by a level or two; anything visible is far beyond.
const MAX_DIFFERENT_PIXEL_SHARE = 0.002;
const DIFFERENCE_THRESHOLD = 48;

const CARDS: Record<string, CardFields> = {
  'card-hangul': {
    user_id: 'hong',
    type: 'attendee',
    name: '홍길동',
    company: '주식회사 한빛',
    title: '수석 연구원',
    phone: '+821012345678',
    email: 'gildong@hanbit.example',
  },
  'card-mixed': {
    user_id: 'mix',
    type: 'speaker',
    name: 'João Conceição-Śliwińska',
    company: 'Ação Ltda · 山田商事 · ООО «Север»',
    title: 'محمد · שלום · अर्जुन · สมชาย',
    phone: '+5511912345678',
    email: 'joao@acao.example.com.br',
  },
};

async function rgb(png: Buffer | string) {
  return sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

for (const [name, record] of Object.entries(CARDS)) {
  test(`${name} matches its golden image`, async () => {
    const png = await renderCard(record, await defaultBranding());
    const file = path.join(GOLDEN_DIR, `${name}.png`);
    if (process.env.QRCARD_UPDATE_GOLDEN === '1') {
      await mkdir(GOLDEN_DIR, { recursive: true });
      await writeFile(file, png);
    }
    assert.ok(existsSync(file), `${file} is missing: run with QRCARD_UPDATE_GOLDEN=1 to create it`);
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
    assert.ok(share <= MAX_DIFFERENT_PIXEL_SHARE, `${(share * 100).toFixed(2)}% of pixels differ from ${file}`);
  });
}
