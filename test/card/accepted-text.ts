// Generated card records the schema accepts, of characters the bundled fonts draw, for property tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as fc from 'fast-check';
import * as fontkit from 'fontkit';
import { BUNDLED_FONTS, defaultAssetsDir } from '../../src/card/load-branding.js';
import { registrationParser, type Registration } from '../../src/core/record.js';
import type { CardBranding } from '../../src/card/branding.js';

export const RULES = { cardTypes: ['attendee', 'speaker', 'staff'], defaultCountry: 'BR' };
const parse = registrationParser(RULES);

// What the edge refuses or what no font draws as text (see core/text.ts and the coverage table):
// controls, line separators, bidi controls and other invisible formatting except ZWNJ and ZWJ.
const REFUSED = /[\p{Cc}\p{Cs}\p{Co}\u2028\u2029]|(?![\u200c\u200d])\p{Cf}/u;
// Wider than the 1.5 em the layout's floor allows for: two- and three-em dashes, Arabic ligature forms.
const WIDEST_EM = 1.5;

export const EMOJI_SEQUENCES = ['👩🏽‍💻', '🎉', '🚀', '👨‍👩‍👧‍👦', '👍🏿', '🇧🇷', '🇰🇷', '1️⃣', '#️⃣', '❤️', '🏳️‍🌈', '🧑🏾‍🚀', '😀'];
/** The widest characters the layout must hold 80 of: emoji, W and M (bold), full-width CJK and Hangul, Komi Ԫ. */
export const WIDE_CHARACTERS = ['W', 'M', 'Ԫ', '똠', '鬱', '＠', 'ﷺ', '🎉', 'ฒ', 'ש'];

let covered: string[][] | undefined;

/**
 * Every character some bundled font maps and the layout can draw within 1.5 em in both weights, grouped
 * by the first font that has it (so Latin or Thai is drawn as often as the 30,000 ideographs).
 */
export function coveredCharacters(branding: CardBranding): string[][] {
  if (covered) return covered;
  const seen = new Set<number>();
  covered = BUNDLED_FONTS.map((name) => {
    const font = fontkit.create(readFileSync(path.join(defaultAssetsDir(), 'fonts', name))) as fontkit.Font;
    const characters: string[] = [];
    for (const codePoint of font.characterSet) {
      if (seen.has(codePoint) || !font.hasGlyphForCodePoint(codePoint)) continue;
      seen.add(codePoint);
      const character = String.fromCodePoint(codePoint);
      if (REFUSED.test(character)) continue;
      if (Math.max(branding.shape(character).advance, branding.boldShape(character).advance) <= WIDEST_EM) characters.push(character);
    }
    return characters;
  }).filter((characters) => characters.length > 0);
  return covered;
}

/** Free text of 1-80 characters the schema accepts (NFC, trimmed), built from covered characters, emoji sequences and spaces. */
export function acceptedText(branding: CardBranding): fc.Arbitrary<string> {
  const groups = coveredCharacters(branding);
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...groups).chain((characters) => fc.constantFrom(...characters)) },
    { weight: 2, arbitrary: fc.constantFrom(...EMOJI_SEQUENCES) },
    { weight: 2, arbitrary: fc.constantFrom(...WIDE_CHARACTERS) },
    { weight: 2, arbitrary: fc.constant(' ') },
  );
  return fc
    .oneof(fc.array(piece, { minLength: 1, maxLength: 80 }), fc.array(piece, { minLength: 60, maxLength: 80 }))
    .map((pieces) => Array.from(pieces.join('').normalize('NFC').trim()).slice(0, 80).join('').trim())
    .filter((text) => text.length > 0);
}

/** Records with name, title and company drawn from `acceptedText`, as `parseRegistration` returns them. */
export function acceptedRecords(branding: CardBranding): fc.Arbitrary<Registration> {
  const text = acceptedText(branding);
  return fc
    .record({ name: text, title: fc.option(text, { nil: undefined }), company: fc.option(text, { nil: undefined }) })
    .map((fields) => parse({ user_id: 'u1', type: 'attendee', phone: '+5511912345678', email: 'ana@example.com', ...fields }))
    .filter((result) => result.ok)
    .map((result) => (result.ok ? result.value : (undefined as never)));
}
