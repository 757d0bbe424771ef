// Which characters a line of a record (name, title, company) may hold: each refusal names the code point and why.
// The text arrives NFC-normalised and trimmed; the rules look at each code point with its neighbours.
import { bundledFontsCover, tooWideForCard } from './font-coverage.js';

// Names of the characters refused or allowed by name below; any other is described by its kind.
const NAMES: Readonly<Record<number, string>> = {
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3164: 'HANGUL FILLER',
  0xfe0e: 'VARIATION SELECTOR-15',
  0xfe0f: 'VARIATION SELECTOR-16',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
  0xfffc: 'OBJECT REPLACEMENT CHARACTER',
  0xfffd: 'REPLACEMENT CHARACTER',
};

const KINDS: readonly (readonly [RegExp, string])[] = [
  [/\p{Cs}/u, 'a lone surrogate'],
  [/\p{Cc}/u, 'a control character'],
  [/\p{Cf}/u, 'an invisible formatting character'],
  [/\p{Variation_Selector}/u, 'a variation selector'],
  [/\p{Noncharacter_Code_Point}/u, 'a noncharacter'],
  [/\p{Co}/u, 'a private-use character'],
  [/\p{Cn}/u, 'an unassigned code point'],
  [/\p{L}/u, 'a letter'],
  [/\p{M}/u, 'a combining mark'],
  [/\p{N}/u, 'a digit or number'],
  [/\p{P}/u, 'a punctuation mark'],
  [/\p{S}/u, 'a symbol'],
];

/** `U+202E RIGHT-TO-LEFT OVERRIDE`, or `U+0F00 (a letter)` for a character without a name here. */
export function describeCodePoint(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[codePoint];
  if (name !== undefined) return `${hex} ${name}`;
  const character = String.fromCodePoint(codePoint);
  const kind = KINDS.find(([pattern]) => pattern.test(character))?.[1] ?? 'a space';
  return `${hex} (${kind})`;
}

const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
const BIDI_MARK = /[\u061c\u200e\u200f]/u;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
// Formatting characters (Cf) other than the joiners allowed below, and characters as invisible as they are.
const INVISIBLE = /[\p{Cf}\u034f\u115f\u1160\u3164\uffa0]/u;
// What a decoder writes for bytes it could not read: a name holding one has already lost a character.
const REPLACEMENT = /[\ufffc\ufffd]/u;
const TAG = /[\u{e0020}-\u{e007f}]/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
// What may stand before a joiner in an emoji sequence: a pictograph, a skin tone, or VS16 after one.
const EMOJI_BEFORE_JOINER = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f]/u;
// Scripts whose spelling needs ZWNJ or ZWJ between letters: Persian and Arabic, Syriac, N'Ko, Mongolian,
// and the Brahmic scripts of India and Sri Lanka (half forms, conjuncts). A joiner elsewhere only hides.
const JOINING_SCRIPT_LETTER =
  /(?=[\p{L}\p{M}])[\p{scx=Arab}\p{scx=Syrc}\p{scx=Nkoo}\p{scx=Mong}\p{scx=Deva}\p{scx=Beng}\p{scx=Guru}\p{scx=Gujr}\p{scx=Orya}\p{scx=Taml}\p{scx=Telu}\p{scx=Knda}\p{scx=Mlym}\p{scx=Sinh}]/u;

type Neighbour = string | undefined;

function test(pattern: RegExp, character: Neighbour): boolean {
  return character !== undefined && pattern.test(character);
}

const betweenJoiningLetters = (before: Neighbour, after: Neighbour) =>
  test(JOINING_SCRIPT_LETTER, before) && test(JOINING_SCRIPT_LETTER, after);

/** Why `character` may not stand between `before` and `after`, or undefined when it may. */
function refusal(character: string, before: Neighbour, after: Neighbour): string | undefined {
  if (/\p{Cs}/u.test(character)) return 'is not allowed: it is half of a UTF-16 surrogate pair, not a character';
  if (CONTROL.test(character)) return 'is not allowed: the card and the contact hold one line of visible text';
  if (BIDI_CONTROL.test(character)) return 'is not allowed: it reorders how the text is shown';
  if (BIDI_MARK.test(character)) return 'is not allowed: it invisibly changes the direction of the text around it';
  if (character === '\u200d') {
    if ((test(EMOJI_BEFORE_JOINER, before) && test(PICTOGRAPHIC, after)) || betweenJoiningLetters(before, after)) return undefined;
    return 'is not allowed here: it belongs only inside an emoji sequence or between letters of a script that joins them (Arabic, Indic and similar)';
  }
  if (character === '\u200c') {
    if (betweenJoiningLetters(before, after)) return undefined;
    return 'is not allowed here: it belongs only between letters of a script that joins them (Arabic, Indic and similar)';
  }
  // Flags of England, Scotland and Wales: U+1F3F4, tag letters, then the cancel tag U+E007F.
  if (TAG.test(character)) {
    if (before === '\u{1f3f4}' || (test(TAG, before) && before !== '\u{e007f}')) return undefined;
    return 'is not allowed here: it belongs only inside an emoji flag sequence';
  }
  if (/\p{Variation_Selector}/u.test(character)) {
    // VS15 and VS16 choose text or emoji style, so they follow an emoji; the others follow a letter or symbol.
    const base = character === '\ufe0e' || character === '\ufe0f' ? /\p{Emoji}/u : /[\p{L}\p{N}\p{S}]/u;
    return test(base, before) ? undefined : 'is not allowed here: it must follow a character it can vary';
  }
  if (INVISIBLE.test(character)) return 'is not allowed: it is invisible, so the text would not read as it is stored';
  if (REPLACEMENT.test(character)) return 'is not allowed: it stands for a character that was lost or could not be read';
  if (/\p{Noncharacter_Code_Point}/u.test(character)) return 'is not allowed: it is a noncharacter, never part of text';
  return undefined;
}

/**
 * Why `text` cannot go on a card, for its first character that cannot (`U+202E RIGHT-TO-LEFT OVERRIDE is not
 * allowed: ...`), or undefined when every character can: visible, in place, and drawn by a bundled font.
 */
export function unprintableCharacter(text: string): string | undefined {
  const characters = Array.from(text);
  for (let index = 0; index < characters.length; index += 1) {
    const character = characters[index] as string;
    const codePoint = character.codePointAt(0) as number;
    const reason = refusal(character, characters[index - 1], characters[index + 1]);
    if (reason !== undefined) return `${describeCodePoint(codePoint)} ${reason}`;
    if (tooWideForCard(codePoint))
      return `${describeCodePoint(codePoint)} cannot be printed: it is wider than a card line allows (type the letters or dash it stands for)`;
    if (!bundledFontsCover(codePoint)) return `${describeCodePoint(codePoint)} cannot be printed: no font bundled with qrcard covers it`;
  }
  return undefined;
}
