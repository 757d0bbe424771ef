// Shared by the card tests: branding loaded once per file, QR decoding with jsQR, vCard reading with ical.js.
import sharp from 'sharp';
import * as jsqrModule from 'jsqr';
import ICAL from 'ical.js';
import { defaultConfig, type Config } from '../../src/core/config.js';
import { loadBranding } from '../../src/card/load-branding.js';
import type { CardBranding } from '../../src/card/branding.js';
import type { CardFields } from '../../src/card/qr-code.js';

// jsqr is CommonJS with an ES-style default in its typings: the function sits one `default` deeper for tsc.
type JsQr = (typeof jsqrModule)['default']['default'];
const jsQRExport = jsqrModule.default as unknown as JsQr & { default?: JsQr };
const jsQR: JsQr = jsQRExport.default ?? jsQRExport;

let branding: Promise<CardBranding> | undefined;

/** The default branding (bundled fonts and logo), loaded once per test file. */
export function defaultBranding(): Promise<CardBranding> {
  return (branding ??= loadBranding({ config: defaultConfig() }));
}

export function configWith(overrides: Partial<Config>): Config {
  return { ...defaultConfig(), ...overrides };
}

/** Decodes the card's QR code with jsQR (an independent decoder) and returns its bytes as UTF-8 text. */
export async function decodeQr(png: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
  return code ? Buffer.from(code.binaryData).toString('utf8') : undefined;
}

export interface VCardValues {
  readonly fn: unknown;
  readonly org: unknown;
  readonly title: unknown;
  readonly tel: unknown;
  readonly email: unknown;
}

/** Reads a vCard with ical.js, a parser written independently of qrcard. */
export function readVCard(text: string): VCardValues {
  const card = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const value = (name: string) => card.getFirstPropertyValue(name) ?? undefined;
  return { fn: value('fn'), org: value('org'), title: value('title'), tel: value('tel'), email: value('email') };
}

/** The vCard fields a record should produce. */
export function expectedVCard(record: CardFields): VCardValues {
  return { fn: record.name, org: record.company, title: record.title, tel: record.phone, email: record.email };
}

export const HONG: CardFields = { user_id: 'hong', type: 'attendee', name: '홍길동', company: '주식회사 한빛', phone: '+821012345678' };
export const JOAO: CardFields = { user_id: 'joao', type: 'speaker', name: 'João Conceição', company: 'Ação Ltda', phone: '+5511912345678' };
export const AMAL: CardFields = {
  user_id: 'amal',
  type: 'staff',
  name: 'أمل الحسيني',
  company: 'شركة النخيل للتقنية',
  title: 'مديرة المشاريع',
  phone: '+971501234567',
  email: 'amal@nakheel.example',
};
export const HANAKO: CardFields = {
  user_id: 'hanako',
  type: 'attendee',
  name: '山田 花子',
  company: '株式会社サクラ製作所',
  title: 'エンジニアリングマネージャー',
  phone: '+819012345678',
  email: 'hanako@sakura.example.jp',
};
/** Emoji in the name (a ZWJ sequence with a skin tone) and the company, as issue #18 reported them dropped. */
export const ANA: CardFields = {
  user_id: 'ana',
  type: 'speaker',
  name: 'Ana 👩🏽‍💻🎉 Souza',
  company: '🚀 Rocket Co',
  title: 'Engenheira de Software',
  phone: '+5521987654321',
  email: 'ana@rocket.example',
};
