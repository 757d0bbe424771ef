// Any string from any Unicode plane, in name, title or company: the schema refuses it with a reason naming a
// code point of it, or keeps it exactly as typed (NFC-normalised, trimmed), and the QR's vCard carries it unchanged.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { characterCount } from '../../src/core/text.js';
import { parseRegistration, type RegistrationRules } from '../../src/core/record.js';
import { buildVCard } from '../../src/core/vcard.js';

const rules: RegistrationRules = { cardTypes: ['attendee'], defaultCountry: 'US' };
const valid = { user_id: 'u-1', type: 'attendee', name: 'Ada Lovelace', phone: '+1 415 555 2671' };
const FIELDS = ['name', 'title', 'company'] as const;
const VCARD_PROPERTY = { name: 'FN', title: 'TITLE', company: 'ORG' } as const;

// Pieces that meet the rules' edges: controls, Cf and bidi, joiners and selectors, emoji parts, Hangul jamo
// and syllables, Arabic with a vowel mark, Devanagari with a virama, decomposed accents, vCard specials.
const edgePiece = fc.constantFrom(
  ...['\n', '\t', '\u0085', '\u00ad', '\u061c', '\u200b', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\u2060', '\ufeff'],
  ...['\u200c', '\u200d', '\ufe0e', '\ufe0f', '\u{e0067}', '\u{e007f}', '\ufffd', '\ud800', '\udc00'],
  ...['👩', '💻', '🏽', '🏳', '🌈', '🏴', '❤', '1', '\u20e3', '🎉'],
  ...['한', '국', '\u1100', '\u1161', '\u11a8', '\u3164'],
  ...['م', 'ی', 'خ', '\u064e', 'क', '\u094d', 'ष', 'ก', 'א'],
  ...['a', 'Z', 'e\u0301', ' ', '  ', ',', ';', '\\', '\\n', '\u00a0', '\u3000', '漢', '\u0f40', '\ue000'],
);
const anyCodePoint = fc.string({ unit: 'binary', maxLength: 24 });
const edgeMix = fc.string({
  unit: fc.oneof({ weight: 5, arbitrary: edgePiece }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
  maxLength: 16,
});
const loneSurrogates = fc
  .array(fc.oneof(fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0x20, max: 0x7e })), { maxLength: 8 })
  .map((units) => String.fromCharCode(...units));
const text = fc.oneof(anyCodePoint, edgeMix, loneSurrogates);

/** The value of a vCard property, unfolded and unescaped as a phone reads it. */
function vCardValue(vCard: string, property: string): string | undefined {
  const line = vCard
    .replace(/\r\n /g, '')
    .split('\r\n')
    .find((candidate) => candidate.startsWith(`${property}:`));
  return line
    ?.slice(property.length + 1)
    .replace(/\\([\\,;nN])/g, (_, escaped: string) => (escaped.toLowerCase() === 'n' ? '\n' : escaped));
}

describe('the text rules on strings from every Unicode plane', { timeout: 120_000 }, () => {
  it('refuse naming a code point of the text, or keep the text exactly and put it in the vCard unchanged', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), text, (field, typed) => {
        const expected = typed.normalize('NFC').trim();

        const result = parseRegistration({ ...valid, [field]: typed }, rules);

        if (result.ok) {
          assert.equal(result.value[field] ?? '', expected);
          if (expected === '') return;
          const vCard = buildVCard({ name: result.value.name, title: result.value.title, company: result.value.company });
          assert.equal(vCardValue(vCard, VCARD_PROPERTY[field]), expected);
          return;
        }
        const issues = result.issues.filter((issue) => issue.field === field);
        assert.deepEqual(result.issues, issues, 'only the generated field may be refused');
        if (expected === '' || characterCount(expected) > 80) return;
        const named = /^\w+: U\+([0-9A-F]{4,6}) /.exec(issues[0]?.message ?? '');
        assert.ok(named, `a refusal names a code point: ${issues[0]?.message}`);
        assert.ok(Array.from(expected).includes(String.fromCodePoint(parseInt(named[1] ?? '', 16))), 'the code point named is in the text');
      }),
      { numRuns: 3000 },
    );
  });

  it('accept the text of every covered script and emoji sequence the rules are meant to keep', () => {
    const kept = fc.constantFrom(
      'Ana',
      '홍길동',
      'محمد',
      'می\u200cخواهم',
      'क्\u200dष',
      '👩🏽\u200d💻',
      '🏳️\u200d🌈',
      '❤️',
      'João',
      '渡邊',
      'สมชาย',
      'שרה',
    );
    fc.assert(
      fc.property(fc.array(kept, { minLength: 1, maxLength: 5 }), (words) => {
        const typed = words.join(' ');

        const result = parseRegistration({ ...valid, name: typed }, rules);

        assert.ok(result.ok, JSON.stringify(result.ok ? '' : result.issues));
        assert.equal(result.value.name, typed.normalize('NFC'));
      }),
    );
  });
});
