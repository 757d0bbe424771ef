// Reads what the font chain needs to know about a fallback font without loading it: line metrics and
// which code points its cmap may map, from a few small reads of the file (the CJK ideographs are 13 MB).
import { closeSync, openSync, readSync } from 'node:fs';

export interface FontSummary {
  readonly unitsPerEm: number;
  /** hhea ascent and descent in font units (descent is negative), as fontkit reports them. */
  readonly ascent: number;
  readonly descent: number;
  /** Sorted, merged [first, last] code point pairs the cmap lists; a superset of what has a glyph. */
  readonly coverage: Uint32Array;
}

/** Merges flat [first, last, first, last, ...] pairs, in any order, into sorted disjoint ones. */
export function mergeRanges(flat: readonly number[]): Uint32Array {
  let ordered = flat;
  for (let i = 2; i < flat.length; i += 2) {
    if (flat[i]! < flat[i - 2]!) {
      const pairs: Array<[number, number]> = [];
      for (let j = 0; j < flat.length; j += 2) pairs.push([flat[j]!, flat[j + 1]!]);
      ordered = pairs.sort((a, b) => a[0] - b[0]).flat();
      break;
    }
  }
  const merged: number[] = [];
  for (let i = 0; i < ordered.length; i += 2) {
    const first = ordered[i]!;
    const last = ordered[i + 1]!;
    const end = merged.length - 1;
    if (end > 0 && first <= merged[end]! + 1) merged[end] = Math.max(merged[end]!, last);
    else merged.push(first, last);
  }
  return Uint32Array.from(merged);
}

/** True when `codePoint` lies in one of the summary's ranges (binary search). */
export function mayCover(coverage: Uint32Array, codePoint: number): boolean {
  let low = 0;
  let high = coverage.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < coverage[middle * 2]!) high = middle - 1;
    else if (codePoint > coverage[middle * 2 + 1]!) low = middle + 1;
    else return true;
  }
  return false;
}

/** Appends the [first, last] code point pairs of one cmap subtable (formats 4 and 12); false for other formats. */
function appendSubtableRanges(table: Buffer, offset: number, pairs: number[]): boolean {
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const format = view.getUint16(offset);
  if (format === 4) {
    const segments = view.getUint16(offset + 6) / 2;
    const ends = offset + 14;
    const starts = ends + segments * 2 + 2;
    for (let i = 0; i < segments; i++) {
      const first = view.getUint16(starts + i * 2);
      if (first !== 0xffff) pairs.push(first, view.getUint16(ends + i * 2));
    }
    return true;
  }
  if (format === 12) {
    const groups = view.getUint32(offset + 12);
    for (let i = 0, at = offset + 16; i < groups; i++, at += 12) pairs.push(view.getUint32(at), view.getUint32(at + 4));
    return true;
  }
  return false;
}

// Format 12 (full repertoire) first: where a font has it, its format 4 table only repeats the BMP part.
const SUBTABLE_PREFERENCE = [
  [3, 10],
  [0, 6],
  [0, 4],
  [3, 1],
  [0, 3],
  [0, 2],
  [0, 1],
  [0, 0],
] as const;

/**
 * Reads the summary of a TrueType/OpenType file; throws when the file is not one. The reads are
 * synchronous: a handful of small ones per font, which at a cold start cost less than promises do.
 */
export function readFontSummary(file: string): FontSummary {
  const fd = openSync(file, 'r');
  try {
    const read = (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      if (readSync(fd, buffer, 0, length, position) !== length) throw new Error('the file ends inside a table');
      return buffer;
    };
    const header = read(0, 12);
    const version = header.readUInt32BE(0);
    if (version !== 0x00010000 && version !== 0x4f54544f && version !== 0x74727565) throw new Error('not a TrueType/OpenType font');
    const count = header.readUInt16BE(4);
    const directory = read(12, count * 16);
    const tables = new Map<string, { offset: number; length: number }>();
    for (let i = 0; i < count; i++) {
      tables.set(directory.toString('latin1', i * 16, i * 16 + 4), {
        offset: directory.readUInt32BE(i * 16 + 8),
        length: directory.readUInt32BE(i * 16 + 12),
      });
    }
    const table = (tag: string) => {
      const entry = tables.get(tag);
      if (!entry) throw new Error(`no ${tag} table`);
      return read(entry.offset, entry.length);
    };
    const [head, hhea, cmap] = [table('head'), table('hhea'), table('cmap')];
    const unitsPerEm = head.readUInt16BE(18);
    if (!(unitsPerEm > 0)) throw new Error('no valid unitsPerEm');
    const subtables = new Map<string, number>();
    for (let i = 0, count = cmap.readUInt16BE(2); i < count; i++) {
      const record = 4 + i * 8;
      subtables.set(`${cmap.readUInt16BE(record)}.${cmap.readUInt16BE(record + 2)}`, cmap.readUInt32BE(record + 4));
    }
    const flat: number[] = [];
    const parsed = SUBTABLE_PREFERENCE.some(([platform, encoding]) => {
      const offset = subtables.get(`${platform}.${encoding}`);
      return offset !== undefined && appendSubtableRanges(cmap, offset, flat);
    });
    // A cmap in a format not read here: claim everything, so the font is loaded and asked exactly.
    if (!parsed) flat.push(0, 0x10ffff);
    return { unitsPerEm, ascent: hhea.readInt16BE(4), descent: hhea.readInt16BE(6), coverage: mergeRanges(flat) };
  } finally {
    closeSync(fd);
  }
}
