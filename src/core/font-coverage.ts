// Which code points the fonts bundled with qrcard can draw, so the schema refuses what no card could print.
// Operator fonts from the config are not in the table: they come first on the card, but a record must print with the bundled ones.
import { BUNDLED_FONT_COVERAGE, TOO_WIDE_FOR_CARD } from './font-coverage-table.js';

// The table is the covered ranges as base-36 numbers, "gap.length" per range with ranges separated by ",":
// the gap from the end of the range before (+1) and the range's length less one. About 250 ranges cover
// 39,000 code points in under 2 kB, which the page and the API functions carry instead of the fonts.

/** The covered code points as a table string for `decodeCoverage` (sorted, duplicates ignored). */
export function encodeCoverage(codePoints: Iterable<number>): string {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let previousEnd = -1;
  for (let index = 0; index < sorted.length;) {
    const start = sorted[index] as number;
    let end = start;
    while (sorted[index + 1] === end + 1) {
      end += 1;
      index += 1;
    }
    index += 1;
    ranges.push(`${(start - previousEnd - 1).toString(36)}.${(end - start).toString(36)}`);
    previousEnd = end;
  }
  return ranges.join(',');
}

/** The table as flat [start, end, start, end, ...] inclusive bounds, ascending. */
export function decodeCoverage(table: string): Uint32Array {
  const entries = table === '' ? [] : table.split(',');
  const bounds = new Uint32Array(entries.length * 2);
  let previousEnd = -1;
  entries.forEach((entry, index) => {
    const [gap = '', length = ''] = entry.split('.');
    const start = previousEnd + 1 + parseInt(gap, 36);
    previousEnd = start + parseInt(length, 36);
    bounds[index * 2] = start;
    bounds[index * 2 + 1] = previousEnd;
  });
  return bounds;
}

/** Whether `codePoint` is in the decoded table `bounds`. */
export function coveredBy(bounds: Uint32Array, codePoint: number): boolean {
  let low = 0;
  let high = bounds.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < (bounds[middle * 2] as number)) high = middle - 1;
    else if (codePoint > (bounds[middle * 2 + 1] as number)) low = middle + 1;
    else return true;
  }
  return false;
}

// Decoded at the first check rather than at import, so a cold start that parses no text pays nothing.
let bundledBounds: Uint32Array | undefined;
let tooWideBounds: Uint32Array | undefined;

/** Whether a font bundled with qrcard (a regular face of BUNDLED_FONTS or the emoji face) has a glyph for `codePoint`. */
export function bundledFontsCover(codePoint: number): boolean {
  bundledBounds ??= decodeCoverage(BUNDLED_FONT_COVERAGE);
  return coveredBy(bundledBounds, codePoint);
}

/** Whether the bundled fonts draw `codePoint` wider than a card line can hold 80 of (Arabic ligature forms, long dashes). */
export function tooWideForCard(codePoint: number): boolean {
  tooWideBounds ??= decodeCoverage(TOO_WIDE_FOR_CARD);
  return coveredBy(tooWideBounds, codePoint);
}
