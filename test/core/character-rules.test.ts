import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCodePoint, unprintableCharacter } from '../../src/core/character-rules.js';

function assertRefused(text: string, expected: RegExp): void {
  const reason = unprintableCharacter(text);
  assert.ok(reason !== undefined, `${JSON.stringify(text)} should be refused`);
  assert.match(reason, expected, JSON.stringify(text));
}

function assertAccepted(text: string): void {
  assert.equal(unprintableCharacter(text), undefined, JSON.stringify(text));
}

test('code points are written U+XXXX with their name, or their kind when unnamed', () => {
  assert.equal(describeCodePoint(0x202e), 'U+202E RIGHT-TO-LEFT OVERRIDE');
  assert.equal(describeCodePoint(0xd800), 'U+D800 (a lone surrogate)');
  assert.equal(describeCodePoint(0x0f00), 'U+0F00 (a letter)');
  assert.equal(describeCodePoint(0x20000), 'U+20000 (a letter)');
  assert.equal(describeCodePoint(0xe000), 'U+E000 (a private-use character)');
});

test('refuses every bidi embedding, override and isolate control, saying it reorders the text', () => {
  const controls = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
  for (const control of controls) {
    const hex = control.toString(16).toUpperCase();
    assertRefused(
      `abc${String.fromCodePoint(control)}gnp.exe`,
      new RegExp(`^U\\+${hex} [A-Z -]+ is not allowed: it reorders how the text is shown$`),
    );
  }
});

test('refuses lone surrogates, high or low, and control characters, by code point', () => {
  assertRefused('\ud800x', /^U\+D800 \(a lone surrogate\) is not allowed/);
  assertRefused('x\udfff', /^U\+DFFF \(a lone surrogate\) is not allowed/);
  assertRefused('Ada\nLovelace', /^U\+000A \(a control character\) is not allowed: .*one line/);
  assertRefused('Ada\u0085', /^U\+0085 \(a control character\)/);
  assertRefused('Ada\u2028L', /^U\+2028 LINE SEPARATOR is not allowed/);
});

test('refuses invisible characters: direction marks, zero-width spaces, soft hyphens, fillers, replacement characters', () => {
  const cases: [string, RegExp][] = [
    ['\u200fשרה', /^U\+200F RIGHT-TO-LEFT MARK is not allowed: it invisibly changes the direction/],
    ['ab\u200ec', /^U\+200E LEFT-TO-RIGHT MARK/],
    ['م\u061cن', /^U\+061C ARABIC LETTER MARK/],
    ['Ada\u200bLovelace', /^U\+200B ZERO WIDTH SPACE is not allowed: it is invisible/],
    ['Ada\u2060L', /^U\+2060 WORD JOINER is not allowed: it is invisible/],
    ['Ada\ufeffL', /^U\+FEFF ZERO WIDTH NO-BREAK SPACE is not allowed: it is invisible/],
    ['Ada\u00adL', /^U\+00AD SOFT HYPHEN is not allowed: it is invisible/],
    ['a\u034fb', /^U\+034F COMBINING GRAPHEME JOINER is not allowed: it is invisible/],
    ['\u3164', /^U\+3164 HANGUL FILLER is not allowed: it is invisible/],
    ['김\u115f', /^U\+115F HANGUL CHOSEONG FILLER/],
    ['Ada \ufffd', /^U\+FFFD REPLACEMENT CHARACTER is not allowed: it stands for a character that was lost/],
    ['Ada\uffff', /^U\+FFFF \(a noncharacter\) is not allowed/],
    ['a\u2062b', /^U\+2062 \(an invisible formatting character\) is not allowed: it is invisible/],
  ];
  for (const [text, expected] of cases) assertRefused(text, expected);
});

test('keeps ZWJ inside emoji sequences: professions, skin tones, families, flags with VS16', () => {
  for (const text of ['Ana 👩🏽‍💻🎉 Souza', 'Ada 👩‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🏴‍☠️', '🧑🏿‍🤝‍🧑🏻', '❤️‍🔥']) assertAccepted(text);
});

test('refuses ZWJ outside emoji and joining scripts, at either end, and doubled', () => {
  for (const text of ['a\u200db', 'Ada\u200d', '\u200d😀', '😀\u200d', '👩\u200d\u200d💻', '한\u200d국']) {
    assertRefused(text, /^U\+200D ZERO WIDTH JOINER is not allowed here: it belongs only inside an emoji sequence or between letters/);
  }
});

test('keeps ZWNJ and ZWJ between letters of Persian, Arabic and Devanagari', () => {
  for (const text of ['می\u200cخواهم', 'خانه\u200cها', 'क्\u200dष', 'क्\u200cष', 'بِ\u200dس']) assertAccepted(text);
});

test('refuses ZWNJ between Latin letters, beside spaces and at either end', () => {
  for (const text of ['Auf\u200claage', 'می \u200cخواهم', '\u200cمی', 'می\u200c', '😀\u200c😀']) {
    assertRefused(text, /^U\+200C ZERO WIDTH NON-JOINER is not allowed here: it belongs only between letters of a script/);
  }
});

test('keeps variation selectors after a base they vary, refuses them anywhere else', () => {
  for (const text of ['❤️', '☺︎', '1️⃣', '#️⃣', '©️']) assertAccepted(text);
  for (const text of ['\ufe0fAda', 'a\ufe0f', ' \ufe0f', '❤\ufe0f\ufe0f']) {
    assertRefused(text, /^U\+FE0F VARIATION SELECTOR-16 is not allowed here: it must follow a character it can vary$/);
  }
});

test('keeps the tag sequences of subdivision flags, refuses tag characters outside them', () => {
  const england = '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}';
  assertAccepted(`Team ${england}`);
  assertRefused(
    'a\u{e0067}',
    /^U\+E0067 \(an invisible formatting character\) is not allowed here: it belongs only inside an emoji flag sequence$/,
  );
  assertRefused(`🏴\u{e007f}\u{e0067}`, /^U\+E0067 .* flag sequence$/);
});

test('refuses, by code point, a character no bundled font covers', () => {
  assertRefused('ཀ་', /^U\+0F40 \(a letter\) cannot be printed: no font bundled with qrcard covers it$/);
  assertRefused('Ada 𠀀', /^U\+20000 \(a letter\) cannot be printed: no font bundled with qrcard covers it$/);
  assertRefused('Ada \ue000', /^U\+E000 \(a private-use character\) cannot be printed/);
  assertRefused('渡邊\u{e0100}', /^U\+E0100 \(a variation selector\) cannot be printed/);
});

test('refuses, by code point, a character the fonts draw wider than 80 of fit on a card: Arabic ligature forms, long dashes', () => {
  assertRefused('\ufdfd', /^U\+FDFD \(a symbol\) cannot be printed: it is wider than a card line allows/);
  assertRefused('Ana \u2e3b Souza', /^U\+2E3B \(a punctuation mark\) cannot be printed: it is wider than a card line allows/);
});

test('accepts names in the scripts the bundled fonts cover', () => {
  for (const text of [
    '홍길동',
    'João Conceição',
    '山田 太郎',
    'やまだ',
    'Иван Петров',
    'محمد علي',
    'שרה כהן',
    'देवनागरी',
    'สมชาย',
    'Ω Ltd.',
  ]) {
    assertAccepted(text);
  }
});
