import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { renderCard } from '../../src/card/render-card.js';
import { layoutCard } from '../../src/card/layout.js';
import { loadBranding } from '../../src/card/load-branding.js';
import { QUIET_ZONE_MODULES } from '../../src/card/qr-code.js';
import type { CardFields } from '../../src/card/qr-code.js';
import { HONG, JOAO, configWith, decodeQr, defaultBranding, expectedVCard, readVCard } from './card-fixtures.js';

const PEOPLE: CardFields[] = [
  HONG,
  JOAO,
  {
    user_id: 'u3',
    type: 'staff',
    name: 'Agnieszka Śliwińska',
    title: 'Główna Księgowa',
    company: 'Łódź Żegluga',
    phone: '+48601234567',
    email: 'a.sliwinska@example.pl',
  },
  { user_id: 'u4', type: 'attendee', name: '山田 太郎', company: 'さくらシステム株式会社', title: '部長', phone: '+819012345678' },
  { user_id: 'u5', type: 'speaker', name: 'محمد عبد الله', company: 'شركة النيل', phone: '+201001234567', email: 'm@example.eg' },
  { user_id: 'u6', type: 'attendee', name: 'Дмитрий Иванов', company: 'ООО «Ромашка»; Север, Юг', phone: '+79161234567' },
];

test('every card decodes with jsQR to a vCard carrying exactly the record fields', async () => {
  const branding = await defaultBranding();
  for (const person of PEOPLE) {
    const png = await renderCard(person, branding);
    const text = await decodeQr(png);
    assert.ok(text, `no QR code found on the card of ${person.name}`);
    assert.deepEqual(readVCard(text), expectedVCard(person), person.name);
  }
});

test('a card is a print-size palette PNG at 300 dpi', async () => {
  const png = await renderCard(HONG, await defaultBranding());
  const metadata = await sharp(png).metadata();
  assert.equal(metadata.format, 'png');
  assert.equal(metadata.width, 1050);
  assert.equal(metadata.height, 600);
  assert.equal(metadata.isPalette, true);
  assert.equal(metadata.density, 300);
});

test('QR modules are whole pixels, sharp-edged, with at least four modules of quiet zone', async () => {
  const branding = await defaultBranding();
  const layout = layoutCard(JOAO, branding);
  const { qr } = layout;
  assert.ok(Number.isInteger(qr.modulePx) && qr.modulePx >= 6, `module ${qr.modulePx} px`);
  assert.ok(qr.originX - qr.box.x >= QUIET_ZONE_MODULES * qr.modulePx);
  assert.ok(qr.box.x + qr.box.width - (qr.originX + qr.size * qr.modulePx) >= QUIET_ZONE_MODULES * qr.modulePx);
  const { data, info } = await sharp(await renderCard(JOAO, branding))
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (let y = qr.box.y; y < qr.box.y + qr.box.height; y++) {
    for (let x = qr.box.x; x < qr.box.x + qr.box.width; x++) {
      const value = data[(y * info.width + x) * info.channels]!;
      assert.ok(value === 0 || value === 255, `grey pixel ${value} at ${x},${y} inside the QR code`);
    }
  }
});

test('the tel and url payloads follow the config', async () => {
  const tel = await loadBranding({ config: configWith({ qr: { payload: 'tel' } }) });
  assert.equal(await decodeQr(await renderCard(HONG, tel)), 'tel:+821012345678');
  const url = await loadBranding({ config: configWith({ qr: { payload: 'url', url: 'https://cards.example.com/u/{user_id}/{type}' } }) });
  assert.equal(await decodeQr(await renderCard({ ...JOAO, user_id: 'a b' }, url)), 'https://cards.example.com/u/a%20b/speaker');
});

test('the same record renders to the same bytes', async () => {
  const branding = await defaultBranding();
  assert.deepEqual(await renderCard(JOAO, branding), await renderCard(JOAO, branding));
});

test('a card under an event shows its name and tagline in the header in their colours, the type label in the accent, and still scans', async () => {
  const event = { name: 'Cimeira Tech Lisboa 2027', tagline: '12–14 de maio · Lisboa' };
  const branding = await loadBranding({ config: configWith({ event }) });
  const layout = layoutCard(JOAO, branding);

  const png = await renderCard(JOAO, branding);

  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // The darkest pixel in a line's box: its text colour where the glyphs are fully covered.
  const darkest = (field: string) => {
    const { box } = layout.lines.find((line) => line.field === field)!;
    let best = [255, 255, 255];
    for (let y = box.y; y < box.y + box.height; y++) {
      for (let x = box.x; x < box.x + box.width; x++) {
        const at = (y * info.width + x) * 3;
        const pixel = [data[at]!, data[at + 1]!, data[at + 2]!];
        if (pixel[0]! + pixel[1]! + pixel[2]! < best[0]! + best[1]! + best[2]!) best = pixel;
      }
    }
    return `#${best.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
  };
  assert.deepEqual([darkest('event'), darkest('tagline'), darkest('label')], [branding.colors.text, branding.colors.muted, '#d93025']);
  assert.deepEqual(readVCard((await decodeQr(png))!), expectedVCard(JOAO));
});
