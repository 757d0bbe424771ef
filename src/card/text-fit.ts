// Fits a field's text into a width: on one line, or wrapped into two at the most balanced break, at the
// largest size that fits; cut with an ellipsis only when even the floor size cannot hold it. Pure.
import { graphemes, type ShapedText } from './font-chain.js';

export interface FittedLine {
  /** What the line draws: a piece of the field's text, or a prefix ending in "…" when cut. */
  readonly text: string;
  /** The break spaces left out before this line ('' for the first line and for breaks between characters). */
  readonly joiner: string;
  readonly shaped: ShapedText;
}

export interface FittedText {
  readonly lines: readonly FittedLine[];
  readonly fontSize: number;
  readonly truncated: boolean;
}

export interface FitSizes {
  readonly max: number;
  /** Down to this size, lines break only between words (and around CJK, kana, Thai and emoji characters). */
  readonly min: number;
  /** Below `min` a line may break between any two characters; text that does not fit at this size is cut. */
  readonly floor: number;
}

const ELLIPSIS = '…';
// One line that fits at this share of the largest size stays on one line rather than wrapping.
const ONE_LINE_SHARE = 0.85;
// Below the smallest size for breaks between words, a break inside a word is taken only for this much larger a size.
const WORD_BREAK_GAIN = 1.25;
// Spaces a line may break at; they are left out at the break (no-break spaces are not among them).
const BREAK_SPACE = /^[\u0020\u1680\u2000-\u2006\u2008-\u200b\u205f\u3000]+$/u;
const HYPHEN = /^[-\u2010\u2012\u2013/]$/u;
// Scripts written without spaces between words, and emoji: a line may break between any two of their characters.
const CHARACTER_BREAK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Extended_Pictographic}\p{Regional_Indicator}]/u;
const HANGUL = /\p{Script=Hangul}/u;
// Closing punctuation and the prolonged sound mark never start a line; opening punctuation never ends one.
const NO_BREAK_BEFORE = /^[\p{Pe}\p{Pf}\p{Po}\u3005\u30fc\u309d\u309e\u30fd\u30fe]/u;
const NO_BREAK_AFTER = /[\p{Ps}\p{Pi}]$/u;

type Shape = (text: string) => ShapedText;

interface Candidate extends FittedText {
  readonly widest: number;
}

/** The largest size, in quarter pixels, from `max` down at which `advance` em fits `width`. */
function sizeFor(advance: number, width: number, max: number): number {
  return advance <= 0 ? max : Math.min(max, Math.floor((width / advance) * 4) / 4);
}

function oneLine(shape: Shape, text: string, width: number, max: number): Candidate {
  const shaped = shape(text);
  return { lines: [{ text, joiner: '', shaped }], widest: shaped.advance, fontSize: sizeFor(shaped.advance, width, max), truncated: false };
}

/** Indices of clusters a second line may start at: after break spaces, after a hyphen, around characters of scripts without spaces. */
export function wordBreaks(clusters: readonly string[]): number[] {
  const spaced = clusters.some((cluster) => BREAK_SPACE.test(cluster));
  const breaksAround = (cluster: string) => CHARACTER_BREAK.test(cluster) || (!spaced && HANGUL.test(cluster));
  const breaks: number[] = [];
  for (let index = 1; index < clusters.length; index++) {
    const before = clusters[index - 1]!;
    const after = clusters[index]!;
    if (BREAK_SPACE.test(after)) continue;
    if (BREAK_SPACE.test(before)) breaks.push(index);
    else if (HYPHEN.test(before) && index > 1 && !BREAK_SPACE.test(clusters[index - 2]!)) breaks.push(index);
    else if ((breaksAround(before) || breaksAround(after)) && !NO_BREAK_BEFORE.test(after) && !NO_BREAK_AFTER.test(before))
      breaks.push(index);
  }
  return breaks;
}

/** Every cluster boundary that does not fall inside a run of spaces. */
export function anyBreaks(clusters: readonly string[]): number[] {
  const breaks: number[] = [];
  for (let index = 1; index < clusters.length; index++) if (!BREAK_SPACE.test(clusters[index]!)) breaks.push(index);
  return breaks;
}

function splitAt(shape: Shape, clusters: readonly string[], index: number, width: number, max: number): Candidate {
  const head = clusters.slice(0, index);
  let end = head.length;
  while (end > 0 && BREAK_SPACE.test(head[end - 1]!)) end--;
  const first = head.slice(0, end).join('');
  const second = clusters.slice(index).join('');
  const lines = [
    { text: first, joiner: '', shaped: shape(first) },
    { text: second, joiner: head.slice(end).join(''), shaped: shape(second) },
  ];
  const widest = Math.max(lines[0]!.shaped.advance, lines[1]!.shaped.advance);
  return { lines, widest, fontSize: sizeFor(widest, width, max), truncated: false };
}

/**
 * The two-line split among `breaks` whose wider line is narrowest. The first line widens and the second
 * narrows as the break moves right, so a binary search finds where they cross: a few shapings, not one per break.
 */
function balancedSplit(shape: Shape, clusters: readonly string[], breaks: readonly number[], width: number, max: number) {
  if (breaks.length === 0) return undefined;
  let low = 0;
  let high = breaks.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    const split = splitAt(shape, clusters, breaks[middle]!, width, max);
    if (split.lines[0]!.shaped.advance >= split.lines[1]!.shaped.advance) high = middle;
    else low = middle + 1;
  }
  const at = splitAt(shape, clusters, breaks[low]!, width, max);
  if (low === 0) return at;
  const before = splitAt(shape, clusters, breaks[low - 1]!, width, max);
  return before.widest <= at.widest ? before : at;
}

const larger = (a: Candidate, b: Candidate | undefined) => (b && b.fontSize > a.fontSize ? b : a);

/** The longest prefix of `clusters` ending in an ellipsis that fits `width` at `size` (binary search). */
function cutWithEllipsis(shape: Shape, clusters: readonly string[], width: number, size: number): FittedLine {
  let low = 0;
  let high = clusters.length - 1;
  let best = { text: ELLIPSIS, joiner: '', shaped: shape(ELLIPSIS) };
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = clusters.slice(0, middle).join('').trimEnd() + ELLIPSIS;
    const shaped = shape(candidate);
    if (shaped.advance * size <= width) {
      best = { text: candidate, joiner: '', shaped };
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best.shaped.advance * size > width ? { text: '', joiner: '', shaped: shape('') } : best;
}

/** The last resort, at the floor size: full lines while they last, then the rest cut with an ellipsis. */
function truncate(shape: Shape, clusters: readonly string[], width: number, size: number, maxLines: number): FittedText {
  const lines: FittedLine[] = [];
  let rest = clusters;
  while (lines.length < maxLines - 1) {
    const fits = anyBreaks(rest).filter((index) => shape(rest.slice(0, index).join('').trimEnd()).advance * size <= width);
    const index = fits[fits.length - 1];
    if (index === undefined) break;
    const split = splitAt(shape, rest, index, width, size);
    lines.push(split.lines[0]!);
    rest = rest.slice(index);
  }
  lines.push(cutWithEllipsis(shape, rest, width, size));
  return { lines, fontSize: size, truncated: true };
}

/**
 * Fits `text` into `width` on at most `maxLines` (1 or 2) lines: one line if it fits at nearly the largest
 * size, else the better of one line and the most balanced break between words; below `sizes.min`, a break
 * between any two characters (never inside a grapheme cluster) when it gains a quarter in size or is needed
 * to reach the floor. Lines joined with their `joiner`s give `text` back.
 */
export function fitText(shape: Shape, text: string, width: number, sizes: FitSizes, maxLines = 1): FittedText {
  const { max, min, floor } = sizes;
  const single = oneLine(shape, text, width, max);
  if (single.fontSize >= max * ONE_LINE_SHARE || (maxLines === 1 && single.fontSize >= floor)) return single;
  const clusters = graphemes(text);
  if (maxLines >= 2) {
    const byWords = larger(single, balancedSplit(shape, clusters, wordBreaks(clusters), width, max));
    if (byWords.fontSize >= min) return byWords;
    const anywhere = balancedSplit(shape, clusters, anyBreaks(clusters), width, max);
    const best = anywhere && anywhere.fontSize >= byWords.fontSize * WORD_BREAK_GAIN ? anywhere : byWords;
    if (best.fontSize >= floor) return best;
    if (anywhere && anywhere.fontSize >= floor) return anywhere;
  }
  return truncate(shape, clusters, width, floor, maxLines);
}
