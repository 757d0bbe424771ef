// Reads what the font chain needs to know about a fallback font without loading it: line metrics and
// which code points its cmap may map, from a few small reads of the file (the CJK face is 15 MB).
import { open } from 'node:fs/promises';

export interface FontSummary {
  readonly unitsPerEm: number;
  /** hhea ascent and descent in font units (descent is negative), as fontkit reports them. */
  readonly ascent: number;
  readonly descent: number;
  /** Sorted, merged [first, last] code point pairs the cmap lists; a superset of what has a glyph. */
  readonly coverage: Uint32Array;
}

// Unicode cmap subtables: platform 0 (any encoding) and Windows BMP / full repertoire.
const isUnicodeSubtable = (platform: number, encoding: number) => platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));

/** Merges overlapping or touching [first, last] pairs into sorted, disjoint ones. */
export function mergeRanges(pairs: Array<[number, number]>): Uint32Array {
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [first, last] of pairs) {
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

/** Code point ranges of one cmap subtable (formats 4 and 12); undefined for other formats. */
function subtableRanges(table: Buffer, offset: number): Array<[number, number]> | undefined {
  const format = table.readUInt16BE(offset);
  const pairs: Array<[number, number]> = [];
  if (format === 4) {
    const segments = table.readUInt16BE(offset + 6) / 2;
    const ends = offset + 14;
    const starts = ends + segments * 2 + 2;
    for (let i = 0; i < segments; i++) {
      const first = table.readUInt16BE(starts + i * 2);
      const last = table.readUInt16BE(ends + i * 2);
      if (first === 0xffff) continue;
      pairs.push([first, last]);
    }
    return pairs;
  }
  if (format === 12) {
    const groups = table.readUInt32BE(offset + 12);
    for (let i = 0; i < groups; i++) pairs.push([table.readUInt32BE(offset + 16 + i * 12), table.readUInt32BE(offset + 20 + i * 12)]);
    return pairs;
  }
  return undefined;
}

/** Reads the summary of a TrueType/OpenType file; throws when the file is not one. */
export async function readFontSummary(file: string): Promise<FontSummary> {
  const handle = await open(file, 'r');
  try {
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead !== length) throw new Error('the file ends inside a table');
      return buffer;
    };
    const header = await read(0, 12);
    const version = header.readUInt32BE(0);
    if (version !== 0x00010000 && version !== 0x4f54544f && version !== 0x74727565) throw new Error('not a TrueType/OpenType font');
    const count = header.readUInt16BE(4);
    const directory = await read(12, count * 16);
    const tables = new Map<string, { offset: number; length: number }>();
    for (let i = 0; i < count; i++) {
      tables.set(directory.toString('latin1', i * 16, i * 16 + 4), { offset: directory.readUInt32BE(i * 16 + 8), length: directory.readUInt32BE(i * 16 + 12) });
    }
    const table = (tag: string) => {
      const entry = tables.get(tag);
      if (!entry) throw new Error(`no ${tag} table`);
      return read(entry.offset, entry.length);
    };
    const [head, hhea, cmap] = await Promise.all([table('head'), table('hhea'), table('cmap')]);
    const unitsPerEm = head.readUInt16BE(18);
    if (!(unitsPerEm > 0)) throw new Error('no valid unitsPerEm');
    const pairs: Array<[number, number]> = [];
    let known = false;
    const subtables = cmap.readUInt16BE(2);
    for (let i = 0; i < subtables; i++) {
      const record = 4 + i * 8;
      if (!isUnicodeSubtable(cmap.readUInt16BE(record), cmap.readUInt16BE(record + 2))) continue;
      const ranges = subtableRanges(cmap, cmap.readUInt32BE(record + 4));
      if (!ranges) continue;
      known = true;
      for (const range of ranges) pairs.push(range);
    }
    // A cmap in a format not read here: claim everything, so the font is loaded and asked exactly.
    if (!known) pairs.push([0, 0x10ffff]);
    return { unitsPerEm, ascent: hhea.readInt16BE(4), descent: hhea.readInt16BE(6), coverage: mergeRanges(pairs) };
  } finally {
    await handle.close();
  }
}
