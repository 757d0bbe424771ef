// The cards kept as golden images in test/golden/: golden.test.ts only compares renders with them, and
// scripts/update-golden.ts is the one place that rewrites them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCard } from '../../src/card/render-card.js';
import type { CardFields } from '../../src/card/qr-code.js';
import { defaultBranding } from './card-fixtures.js';

export const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

/** How to accept a deliberate visual change, for messages that find a golden image missing or different. */
export const UPDATE_GOLDEN_COMMAND = 'node --import tsx scripts/update-golden.ts';

export const GOLDEN_CARDS: Readonly<Record<string, CardFields>> = {
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

export function goldenFile(name: string): string {
  return path.join(GOLDEN_DIR, `${name}.png`);
}

/** The card as the renderer draws it now, with the default branding. */
export async function renderGoldenCard(fields: CardFields): Promise<Buffer> {
  return renderCard(fields, await defaultBranding());
}
