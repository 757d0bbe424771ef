// The cards kept as golden images in test/golden/: golden.test.ts only compares renders with them, and
// scripts/update-golden.ts is the one place that rewrites them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCard } from '../../src/card/render-card.js';
import type { CardFields } from '../../src/card/qr-code.js';
import { loadBranding } from '../../src/card/load-branding.js';
import type { CardBranding } from '../../src/card/branding.js';
import type { CardEvent } from '../../src/core/config.js';
import { AMAL, ANA, HANAKO, HONG, JOAO, configWith, defaultBranding } from './card-fixtures.js';

export const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

/** How to accept a deliberate visual change, for messages that find a golden image missing or different. */
export const UPDATE_GOLDEN_COMMAND = 'node --import tsx scripts/update-golden.ts';

export interface GoldenCard {
  readonly record: CardFields;
  /** The event in the config, when the card is drawn under one. */
  readonly event?: CardEvent;
}

const HANGUL: CardFields = { ...HONG, title: '수석 연구원', email: 'gildong@hanbit.example' };
const PORTUGUESE: CardFields = { ...JOAO, title: 'Diretora de Tecnologia', email: 'joao@acao.example.com.br' };
const SEOUL = { name: '데브서밋 서울 2027', tagline: '2027년 5월 12–14일 · 코엑스' };
const LISBON = { name: 'Cimeira Tech Lisboa 2027', tagline: '12–14 de maio · FIL, Lisboa' };
const DUBAI = { name: 'ملتقى دبي للتقنية', tagline: 'مايو 2027 · دبي' };
const TOKYO = { name: '東京テックサミット2027', tagline: '2027年5月12日〜14日 · 東京ビッグサイト' };

// Each script alone and under an event of its own language (the event heads the card in the logo's place).
export const GOLDEN_CARDS: Readonly<Record<string, GoldenCard>> = {
  'card-hangul': { record: HANGUL },
  'card-hangul-event': { record: HANGUL, event: SEOUL },
  'card-portuguese': { record: PORTUGUESE },
  'card-portuguese-event': { record: PORTUGUESE, event: LISBON },
  'card-arabic': { record: AMAL },
  'card-arabic-event': { record: AMAL, event: DUBAI },
  'card-japanese': { record: HANAKO },
  'card-japanese-event': { record: HANAKO, event: TOKYO },
  'card-emoji': { record: ANA },
  'card-emoji-event': { record: ANA, event: LISBON },
  'card-mixed': {
    record: {
      user_id: 'mix',
      type: 'speaker',
      name: 'João Conceição-Śliwińska',
      company: 'Ação Ltda · 山田商事 · ООО «Север»',
      title: 'محمد · שלום · अर्जुन · สมชาย',
      phone: '+5511912345678',
      email: 'joao@acao.example.com.br',
    },
  },
};

export function goldenFile(name: string): string {
  return path.join(GOLDEN_DIR, `${name}.png`);
}

const eventBrandings = new Map<string, Promise<CardBranding>>();

/** The card as the renderer draws it now, with the default branding (and the card's event). */
export async function renderGoldenCard(card: GoldenCard): Promise<Buffer> {
  const { record, event } = card;
  if (!event) return renderCard(record, await defaultBranding());
  let branding = eventBrandings.get(event.name);
  if (!branding) eventBrandings.set(event.name, (branding = loadBranding({ config: configWith({ event }) })));
  return renderCard(record, await branding);
}
