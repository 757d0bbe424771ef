import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutCard, type Box, type CardLayout } from '../../src/card/layout.js';
import { fitText } from '../../src/card/text-fit.js';
import { drawCard } from '../../src/card/render-card.js';
import type { CardFields } from '../../src/card/qr-code.js';
import * as fc from 'fast-check';
import { registrationParser } from '../../src/core/record.js';
import { characterCount } from '../../src/core/text.js';
import { RULES, acceptedRecords } from './accepted-text.js';
import { loadBranding } from '../../src/card/load-branding.js';
import type { CardBranding } from '../../src/card/branding.js';
import { HONG, configWith, defaultBranding } from './card-fixtures.js';

// A small deterministic generator (mulberry32) so every run checks the same 1,000 records.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABETS = [
  'W',
  'Mm',
  'il.',
  'João Śliwińska ',
  '홍길동한빛 ',
  '山田太郎鈴木 ',
  'محمد عبد ',
  'שלום ',
  'अर्जुन ',
  'Дмитрий ',
  'WWW@',
  'a\u0301e\u0308 ',
];
const PHONES = ['+821012345678', '+5511912345678', '+14155552671', '+442079460958', '+819012345678'];

function generate(next: () => number, index: number): CardFields {
  const text = (max: number) => {
    const alphabet = ALPHABETS[Math.floor(next() * ALPHABETS.length)]!;
    const length = 1 + Math.floor(next() ** 0.5 * max);
    let value = '';
    for (const character of alphabet.repeat(Math.ceil(length / alphabet.length) + 1)) {
      if (value.length >= length) break;
      value += character;
    }
    return value.trim() || 'X';
  };
  const maybe = (max: number) => (next() < 0.8 ? text(max) : undefined);
  const email =
    next() < 0.7 ? `${'x'.repeat(1 + Math.floor(next() * 60))}@${'d'.repeat(1 + Math.floor(next() * 60))}.example.com` : undefined;
  return {
    user_id: `u${index}`,
    type: ['attendee', 'speaker', 'staff', 'unknown-type-with-a-long-name'][Math.floor(next() * 4)]!,
    name: text(80),
    phone: PHONES[Math.floor(next() * PHONES.length)]!,
    ...(maybe(80) ? { company: text(80) } : {}),
    ...(maybe(80) ? { title: text(80) } : {}),
    ...(email ? { email } : {}),
  };
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

function assertSound(layout: CardLayout, label: string): void {
  const card: Box = { x: 0, y: 0, width: layout.width, height: layout.height };
  const fixed = [...(layout.logo ? [layout.logo] : []), layout.qr.box, layout.band];
  assert.ok(inside(layout.qr.box, card), `${label}: QR outside the card`);
  if (layout.logo) assert.ok(inside(layout.logo, layout.logoArea), `${label}: logo outside its area`);
  assert.ok(!overlaps(layout.qr.box, layout.logoArea) && !overlaps(layout.qr.box, layout.band), `${label}: QR overlaps`);
  layout.lines.forEach((line, index) => {
    const where = `${label}: ${line.field} "${line.text}"`;
    assert.ok(inside(line.box, card), `${where} leaves the card`);
    assert.ok(line.shaped.advance * line.fontSize <= line.box.width + 1e-9, `${where} is wider than its box`);
    assert.ok(line.fontSize > 0, `${where} has no size`);
    if (line.truncated) assert.ok(line.text === '' || line.text.endsWith('…'), `${where} is cut without an ellipsis`);
    for (const box of fixed) assert.ok(!overlaps(line.box, box), `${where} overlaps the logo, QR code or band`);
    layout.lines.slice(index + 1).forEach((other) => assert.ok(!overlaps(line.box, other.box), `${where} overlaps ${other.field}`));
  });
}

// Event names at their longest (48 characters) in Latin, Hangul, Japanese and Arabic, with and without a tagline.
const EVENTS = [
  { name: 'Lisbon Tech Summit 2027', tagline: '12–14 May 2027 · Lisbon' },
  { name: 'International Conference on Software Engineering', tagline: '12–14 May 2027 · Altice Arena · Lisbon, Portugal' },
  { name: '한국 소프트웨어 개발자 컨퍼런스 이천이십칠년 서울 코엑스 그랜드볼룸 특별 행사장 본관', tagline: '2027년 5월 12일 – 14일' },
  { name: 'المؤتمر الدولي لهندسة البرمجيات والنظم الذكية', tagline: '١٢–١٤ مايو ٢٠٢٧ · دبي' },
  { name: '国際ソフトウェア工学会議二〇二七東京ビッグサイト西展示棟', tagline: '二〇二七年五月十二日から十四日まで' },
  { name: 'Summit' },
];
/**
 * The default branding under `event`, without a logo as loadBranding gives it (checked below); its fonts and
 * glyph cache are shared, so the events do not parse the CJK and Arabic faces once each.
 */
async function eventBranding(event: (typeof EVENTS)[number]): Promise<CardBranding> {
  const { logo: _defaultMark, ...base } = await defaultBranding();
  return { ...base, event };
}

test('1,000 generated records with extreme lengths and scripts: nothing overflows or overlaps', async () => {
  const branding = await defaultBranding();
  const next = random(20261121);
  for (let index = 0; index < 1000; index++) {
    const record = generate(next, index);
    assertSound(layoutCard(record, branding), `record ${index}`);
  }
});

test('drawn pixels stay inside the boxes of the layout', async () => {
  const brandings = [await defaultBranding(), await eventBranding(EVENTS[0]!)];
  const next = random(7);
  for (let index = 0; index < 24; index++) {
    const branding = brandings[index % 2]!;
    const layout = layoutCard(generate(next, index), branding);
    const image = drawCard(layout, branding);
    const boxes = [...(layout.logo ? [layout.logo] : []), layout.qr.box, layout.band, ...layout.lines.map((line) => line.box)];
    for (let y = 0; y < image.height; y += 1) {
      for (let x = 0; x < image.width; x += 1) {
        if (image.pixels[y * image.width + x] === 0) continue;
        assert.ok(
          boxes.some((box) => x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height),
          `record ${index}: pixel drawn at ${x},${y} outside every box`,
        );
      }
    }
  }
});

test('one line shrinks to fit before it is cut, and is cut at the floor size with an ellipsis', async () => {
  const branding = await defaultBranding();
  const width = 400;
  const sizes = { max: 60, min: 30, floor: 30 };
  const short = fitText(branding.shape, 'Ana', width, sizes);
  assert.deepEqual([short.fontSize, short.truncated, short.lines.map((line) => line.text)], [60, false, ['Ana']]);
  const longer = fitText(branding.shape, 'Maximiliana Wolkenstein', width, sizes);
  assert.ok(longer.fontSize < 60 && longer.fontSize >= 30 && !longer.truncated, `size ${longer.fontSize}`);
  assert.ok(branding.shape(longer.lines[0]!.text).advance * longer.fontSize <= width);
  const source = 'Maximiliana Wolkenstein-Trostburg von Habsburg-Lothringen';
  const longest = fitText(branding.shape, source, width, sizes);
  const [cut] = longest.lines.map((line) => line.text);
  assert.equal(longest.fontSize, 30);
  assert.ok(longest.truncated && cut!.endsWith('…') && cut!.startsWith('Maximiliana'));
  assert.ok(branding.shape(cut!).advance * 30 <= width);
  // One more grapheme would not have fitted: the cut is as late as possible.
  const kept = cut!.slice(0, -1);
  const oneMore = source.slice(0, kept.length + 1).trimEnd() + '…';
  assert.ok(branding.shape(oneMore).advance * 30 > width);
});

test('absent optional fields leave no empty lines', async () => {
  const layout = layoutCard(HONG, await defaultBranding());
  assert.deepEqual(
    layout.lines.map((line) => line.field),
    ['name', 'company', 'phone', 'label'],
  );
  assert.equal(layout.lines.find((line) => line.field === 'phone')?.text, '+82 10 1234 5678');
  assert.equal(layout.lines.find((line) => line.field === 'label')?.text, 'ATTENDEE');
});

// Exactly 80 characters (code points, as the schema counts them) of `pattern` repeated, never ending in a space.
const eighty = (pattern: string) => {
  const characters = Array.from(pattern.repeat(80)).slice(0, 80);
  if (characters[79] === ' ') characters[79] = characters[0]!;
  return characters.join('');
};

const WORST_CASES: Record<string, string> = {
  'Latin W': eighty('W'),
  'Latin M in words': eighty('MMMMMMMMM '),
  'Komi Ԫ (widest letter)': eighty('Ԫ'),
  Hangul: eighty('똠'),
  'Hangul in words': eighty('김수한무 거북이와 '),
  CJK: eighty('鬱'),
  'full-width': eighty('＠'),
  Arabic: eighty('ﷺ'),
  'Arabic in words': eighty('محمد بن عبد الله '),
  emoji: eighty('🎉'),
  'emoji sequences': eighty('👩🏽‍💻'),
  flags: eighty('🇧🇷'),
  mixed: eighty('W똠鬱ﷺ🎉M '),
};

test('80-character worst cases in name, title and company together print whole, on at most two lines each', async () => {
  const branding = await defaultBranding();
  const parse = registrationParser(RULES);
  for (const [label, text] of Object.entries(WORST_CASES)) {
    const parsed = parse({
      user_id: 'w',
      type: 'speaker',
      phone: '+5511912345678',
      email: 'a@b.example',
      name: text,
      title: text,
      company: text,
    });
    assert.ok(parsed.ok, `${label}: ${JSON.stringify(parsed)}`);
    assert.equal(characterCount(parsed.value.name), 80, label);
    const layout = layoutCard(parsed.value, branding);
    assertSound(layout, label);
    for (const field of ['name', 'title', 'company'] as const) {
      const lines = layout.lines.filter((line) => line.field === field);
      assert.ok(lines.length >= 1 && lines.length <= 2, `${label}: ${field} on ${lines.length} lines`);
      for (const line of lines) assert.equal(line.truncated, false, `${label}: ${field} cut to "${line.text}" at ${line.fontSize}px`);
      assert.equal(lines.map((line) => line.joiner + line.text).join(''), parsed.value[field], `${label}: ${field}`);
    }
  }
});

test('property: every accepted record prints name, title and company whole, with no box overlapping another or the QR code', async () => {
  const branding = await defaultBranding();
  fc.assert(
    fc.property(acceptedRecords(branding), (record) => {
      const layout = layoutCard(record, branding);
      assertSound(layout, JSON.stringify(record));
      for (const line of layout.lines) {
        if (line.field === 'name' || line.field === 'title' || line.field === 'company')
          assert.equal(line.truncated, false, `${line.field}: ${line.text}`);
      }
    }),
    { numRuns: 150, seed: 18 },
  );
});

test('with an event and no logo of its own, the event heads the card in the logo’s place; its name and tagline are drawn whole', async () => {
  assert.equal((await loadBranding({ config: configWith({ event: EVENTS[0]! }) })).logo, undefined, 'no default mark loaded');
  for (const event of EVENTS) {
    const branding = await eventBranding(event);
    const layout = layoutCard(HONG, branding);

    assert.equal(layout.logo, undefined, 'no default mark beside an event');
    const header = layout.lines.filter((line) => line.field === 'event' || line.field === 'tagline');
    const nameLines = header.filter((line) => line.field === 'event');
    assert.ok(nameLines.length <= 2, `${event.name}: ${nameLines.length} lines`);
    assert.equal(nameLines.map((line) => line.text).join(event.name.includes(' ') ? ' ' : ''), event.name);
    assert.deepEqual(
      header.filter((line) => line.field === 'tagline').map((line) => line.text),
      event.tagline ? [event.tagline] : [],
    );
    assert.ok(
      header.every((line) => !line.truncated),
      `cut: ${header
        .filter((line) => line.truncated)
        .map((line) => line.text)
        .join(', ')}`,
    );
    const name = layout.lines.find((line) => line.field === 'name')!;
    for (const line of header) assert.ok(line.box.y + line.box.height <= name.box.y, `${line.field} "${line.text}" is not above the name`);
    assertSound(layout, event.name);
  }
});

test('with an event and an operator logo, the event name stands right of the logo', async () => {
  const config = configWith({ event: EVENTS[0]! });
  const layout = layoutCard(HONG, await loadBranding({ config: { ...config, branding: { ...config.branding, logo: 'assets/logo.png' } } }));

  const event = layout.lines.find((line) => line.field === 'event')!;
  assert.ok(layout.logo, 'the operator logo is drawn');
  assert.ok(
    event.box.x >= layout.logo.x + layout.logo.width,
    `event at x ${event.box.x}, logo ends at ${layout.logo.x + layout.logo.width}`,
  );
  assertSound(layout, 'operator logo');
});

test('generated records under the longest event names: nothing overflows or overlaps', async () => {
  const next = random(20261205);
  for (let index = 0; index < 100; index++) {
    const event = EVENTS[index % EVENTS.length]!;
    assertSound(layoutCard(generate(next, index), await eventBranding(event)), `record ${index} under "${event.name}"`);
  }
});

test('the card type is named under the QR code in its accent colour, and the accent band is a thin strip at the bottom edge', async () => {
  const layout = layoutCard({ ...HONG, type: 'speaker' }, await defaultBranding());

  const label = layout.lines.find((line) => line.field === 'label')!;
  assert.deepEqual([label.text, label.color, layout.band.accent], ['SPEAKER', 'accent', '#d93025']);
  assert.ok(label.box.y >= layout.qr.box.y + layout.qr.box.height && label.box.y + label.box.height <= layout.band.y);
  const centre = (box: Box) => box.x + box.width / 2;
  assert.ok(Math.abs(centre(label.box) - centre(layout.qr.box)) <= 1, 'label centred under the QR code');
  assert.deepEqual([layout.band.y + layout.band.height, layout.band.width], [layout.height, layout.width]);
  assert.ok(layout.band.height <= layout.height * 0.03, `band ${layout.band.height} px tall`);
});
