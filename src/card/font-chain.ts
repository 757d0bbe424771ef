// A fallback chain of parsed fonts: splits text into runs by the first font that has every glyph,
// shapes each run (OpenType shaping, right-to-left scripts) and measures it, in em units.
import bidiModule, { type Bidi } from 'bidi-js';
import type { Font } from 'fontkit';

export interface ChainFont {
  /** Where the font came from, for error messages and reports. */
  readonly file: string;
  /** The parsed font; a lazily loaded fallback is read and parsed on first access, then kept. */
  readonly font: Font;
  readonly loaded: boolean;
  readonly unitsPerEm: number;
  /** Line metrics in font units (descent negative), known without loading the font. */
  readonly ascent: number;
  readonly descent: number;
  /** An emoji face: emoji clusters try it before the text faces, and its runs are always shaped (ligatures). */
  readonly emoji: boolean;
  /** False when the font certainly has no glyph for `codePoint`; never loads the font. */
  mayHave(codePoint: number): boolean;
}

/** A chain entry for a font already parsed. */
export function parsedChainFont(file: string, font: Font): ChainFont {
  return {
    file,
    font,
    loaded: true,
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    emoji: false,
    mayHave: () => true,
  };
}

/**
 * A chain entry parsed only when a text needs a character `mayHave` admits: a Latin-only card never
 * reads the CJK face. `load` runs at most once (a failure is thrown again on the next attempt).
 */
export function lazyChainFont(
  file: string,
  metrics: { unitsPerEm: number; ascent: number; descent: number },
  mayHave: (codePoint: number) => boolean,
  load: () => Font,
  options: { emoji?: boolean } = {},
): ChainFont {
  let font: Font | undefined;
  return {
    file,
    ...metrics,
    emoji: options.emoji ?? false,
    mayHave,
    get font() {
      return (font ??= load());
    },
    get loaded() {
      return font !== undefined;
    },
  };
}

export interface FontChain {
  readonly fonts: readonly ChainFont[];
  /** Highest ascent and deepest descent over the chain, in em: the line box every line gets. */
  readonly ascent: number;
  readonly descent: number;
}

export interface ShapedGlyph {
  readonly fontIndex: number;
  readonly glyphId: number;
  /** Pen position of the glyph's origin from the line start, in em. */
  readonly x: number;
  readonly y: number;
}

export interface ShapedText {
  readonly glyphs: readonly ShapedGlyph[];
  /** Total advance, in em. */
  readonly advance: number;
  /** Highest ascent and deepest descent (positive) of the fonts the text is drawn with, in em; the chain's first font for empty text. */
  readonly ascent: number;
  readonly descent: number;
  /** Grapheme clusters no font in the chain can draw; they are left out rather than drawn as boxes. */
  readonly missing: readonly string[];
}

// Joiners, variation selectors and direction marks take the font of the cluster they sit in.
const IGNORABLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064]|[\ufe00-\ufe0f]|[\u{e0100}-\u{e01ef}]/u;
const RTL_STRONG = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
const LTR_STRONG = /[\p{L}\p{M}]/u;
const NEUTRAL = /^[\s\p{P}\p{S}\p{N}]+$/u;
// Scripts whose glyphs map one-to-one from characters with no contextual shaping: these skip
// OpenType layout, which costs milliseconds per string, for a cmap lookup per character.
const SIMPLE_SCRIPTS =
  /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Common}]*$/u;
const MARK = /\p{M}/u;
// A cluster meant to show as an emoji: emoji presentation by default, a skin tone, a flag, a keycap or
// a variation selector 16. It goes whole to an emoji face (ZWJ sequences included), which shapes it as one glyph.
const EMOJI_CLUSTER = /[\p{Emoji_Presentation}\p{Emoji_Modifier}\p{Regional_Indicator}\u{fe0f}\u{20e3}]/u;

// Code points that never join a neighbour into one grapheme cluster (Unicode's Grapheme_Cluster_Break
// Other, Control, or a precomposed Hangul syllable, with no combining marks, joiners, jamo or emoji):
// printable ASCII, Latin-1 to Latin Extended-B and IPA, Greek and Cyrillic letters, Vietnamese
// letters, punctuation, currency, kana, CJK symbols and ideographs, Hangul syllables, full-width forms.
// Text made only of these splits per code point, so the first card of a process does not pay the
// ~12 ms that ICU takes to start up for an Intl.Segmenter.
export const SINGLE_CODE_POINT_CLUSTERS =
  /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1eff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf\u3000-\u3029\u3030-\u303f\u3041-\u3096\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff9d]*$/;

let segmenter: Intl.Segmenter | undefined;

/** Splits text into grapheme clusters (what a reader sees as one character). */
export function graphemes(text: string): string[] {
  if (SINGLE_CODE_POINT_CLUSTERS.test(text)) return Array.from(text);
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (segment) => segment.segment);
}

export function createFontChain(fonts: readonly ChainFont[]): FontChain {
  let ascent = 0;
  let descent = 0;
  for (const font of fonts) {
    ascent = Math.max(ascent, font.ascent / font.unitsPerEm);
    descent = Math.max(descent, -font.descent / font.unitsPerEm);
  }
  return { fonts, ascent, descent };
}

function covers(chainFont: ChainFont, cluster: string): boolean {
  // The cheap test first for the whole cluster, so a font that cannot help is never loaded.
  for (const character of cluster) {
    if (!IGNORABLE.test(character) && !chainFont.mayHave(character.codePointAt(0)!)) return false;
  }
  const { font } = chainFont;
  for (const character of cluster) {
    if (IGNORABLE.test(character)) continue;
    if (!font.hasGlyphForCodePoint(character.codePointAt(0)!)) return false;
  }
  return true;
}

function fontFor(chain: FontChain, cluster: string, emoji: boolean): number {
  if (emoji) {
    const emojiIndex = chain.fonts.findIndex((font) => font.emoji && covers(font, cluster));
    if (emojiIndex >= 0) return emojiIndex;
  }
  return chain.fonts.findIndex((font) => covers(font, cluster));
}

interface Run {
  readonly fontIndex: number;
  text: string;
}

/** Groups clusters into runs of one font; spaces and punctuation stay with the run they are in. */
export function splitRuns(chain: FontChain, text: string): { runs: Run[]; missing: string[] } {
  const runs: Run[] = [];
  const missing: string[] = [];
  for (const cluster of graphemes(text)) {
    const last = runs[runs.length - 1];
    const emoji = EMOJI_CLUSTER.test(cluster);
    // Spaces and punctuation join the run before them, except an emoji run: the emoji face's space is wide.
    if (last && !emoji && NEUTRAL.test(cluster) && !chain.fonts[last.fontIndex]!.emoji && covers(chain.fonts[last.fontIndex]!, cluster)) {
      last.text += cluster;
      continue;
    }
    const fontIndex = fontFor(chain, cluster, emoji);
    if (fontIndex >= 0) appendToRuns(runs, fontIndex, cluster);
    // No one font has the whole cluster (a base letter with a mark from another script): each
    // character from the first font that has it, so nothing a font can draw is left out.
    else for (const piece of characterPieces(cluster)) appendToRuns(runs, fontFor(chain, piece, false), piece, missing);
  }
  return { runs, missing };
}

function appendToRuns(runs: Run[], fontIndex: number, text: string, missing?: string[]): void {
  if (fontIndex < 0) {
    if (!/^\s+$/u.test(text)) missing?.push(text);
    return;
  }
  const last = runs[runs.length - 1];
  if (last && last.fontIndex === fontIndex) last.text += text;
  else runs.push({ fontIndex, text });
}

/** A cluster's characters, each with the joiners and selectors after it. */
function characterPieces(cluster: string): string[] {
  const pieces: string[] = [];
  for (const character of cluster) {
    if (pieces.length > 0 && IGNORABLE.test(character)) pieces[pieces.length - 1] += character;
    else pieces.push(character);
  }
  return pieces;
}

/** True when the first strong character is right-to-left (Hebrew, Arabic, ...). */
export function isRightToLeft(text: string): boolean {
  for (const character of text) {
    if (RTL_STRONG.test(character)) return true;
    if (LTR_STRONG.test(character)) return false;
  }
  return false;
}

interface DirectionalPiece {
  /** In logical order, with right-to-left mirrored characters (brackets) already swapped. */
  readonly text: string;
  readonly rightToLeft: boolean;
}

// bidi-js is a CommonJS module whose export is the factory itself; its types declare that as an ES default export.
const bidiFactory = bidiModule as unknown as () => Bidi;
let bidi: Bidi | undefined;

/**
 * The text as pieces of one direction, in visual order, by the Unicode bidirectional algorithm (bidi-js):
 * in a right-to-left line, numbers and Latin words keep their own left-to-right order. Text without a
 * right-to-left character is one piece, without starting the algorithm's tables.
 */
export function directionalPieces(text: string): DirectionalPiece[] {
  if (!RTL_STRONG.test(text)) return [{ text, rightToLeft: false }];
  const algorithm = (bidi ??= bidiFactory());
  const embedding = algorithm.getEmbeddingLevels(text, isRightToLeft(text) ? 'rtl' : 'ltr');
  const mirrored = algorithm.getMirroredCharactersMap(text, embedding.levels);
  const pieces: DirectionalPiece[] = [];
  let first = -1;
  let last = -1;
  const close = () => {
    if (first < 0) return;
    const [from, to] = first <= last ? [first, last] : [last, first];
    let piece = '';
    for (let index = from; index <= to; index += 1) piece += mirrored.get(index) ?? text[index]!;
    pieces.push({ text: piece, rightToLeft: (embedding.levels[first]! & 1) === 1 });
  };
  // Visual order, code unit by code unit: a piece goes on while the level stays and the next unit is the logical neighbour.
  for (const index of algorithm.getReorderedIndices(text, embedding)) {
    const level = embedding.levels[index]!;
    const step = level & 1 ? -1 : 1;
    if (first >= 0 && level === embedding.levels[last]! && index === last + step) {
      last = index;
      continue;
    }
    close();
    first = last = index;
  }
  close();
  return pieces;
}

/** Shapes text with the chain, in visual order; the result is independent of the font size. */
export function shapeText(chain: FontChain, text: string): ShapedText {
  const glyphs: ShapedGlyph[] = [];
  const missing: string[] = [];
  let pen = 0;
  let ascent = 0;
  let descent = 0;
  let anyRun = false;
  for (const piece of directionalPieces(text)) {
    const split = splitRuns(chain, piece.text);
    missing.push(...split.missing);
    // Runs come out of fontkit in visual order; a right-to-left piece also shows its runs right to left.
    const ordered = piece.rightToLeft ? [...split.runs].reverse() : split.runs;
    for (const run of ordered) {
      anyRun = true;
      const chainFont = chain.fonts[run.fontIndex]!;
      ascent = Math.max(ascent, chainFont.ascent / chainFont.unitsPerEm);
      descent = Math.max(descent, -chainFont.descent / chainFont.unitsPerEm);
      const { font } = chainFont;
      const unit = 1 / font.unitsPerEm;
      if (!piece.rightToLeft && !chainFont.emoji && SIMPLE_SCRIPTS.test(run.text) && !MARK.test(run.text)) {
        for (const character of run.text) {
          if (IGNORABLE.test(character)) continue;
          const glyph = font.glyphForCodePoint(character.codePointAt(0)!);
          glyphs.push({ fontIndex: run.fontIndex, glyphId: glyph.id, x: pen, y: 0 });
          pen += glyph.advanceWidth * unit;
        }
        continue;
      }
      const shaped = piece.rightToLeft ? font.layout(run.text, undefined, undefined, undefined, 'rtl') : font.layout(run.text);
      shaped.glyphs.forEach((glyph, index) => {
        const position = shaped.positions[index]!;
        glyphs.push({
          fontIndex: run.fontIndex,
          glyphId: glyph.id,
          x: pen + position.xOffset * unit,
          y: position.yOffset * unit,
        });
        pen += position.xAdvance * unit;
      });
    }
  }
  const first = chain.fonts[0];
  if (!anyRun && first) {
    ascent = first.ascent / first.unitsPerEm;
    descent = -first.descent / first.unitsPerEm;
  }
  return { glyphs, advance: pen, ascent, descent, missing };
}

/** A shaper that remembers recent results: card fields repeat (labels, company names) across cards. */
export function cachedShaper(chain: FontChain, limit = 4096): (text: string) => ShapedText {
  const cache = new Map<string, ShapedText>();
  return (text) => {
    const hit = cache.get(text);
    if (hit) return hit;
    const shaped = shapeText(chain, text);
    if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    cache.set(text, shaped);
    return shaped;
  };
}
