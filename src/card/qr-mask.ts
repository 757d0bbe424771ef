// Chooses a QR code's mask pattern (ISO/IEC 18004 section 7.8) by the standard penalty rules, fast: the
// symbol is encoded once with mask 0, the other seven are derived by XOR, and each is scored bit-parallel.

/**
 * The eight mask conditions at module (x, y) as bits 0-7 (ISO/IEC 18004 table 10): bit k is set where
 * mask k inverts the module. One call gives all eight, so the per-version tables cost one pass.
 */
function maskBits(x: number, y: number): number {
  const sum = x + y;
  const product = x * y;
  return (
    (sum % 2 === 0 ? 1 : 0) |
    (y % 2 === 0 ? 2 : 0) |
    (x % 3 === 0 ? 4 : 0) |
    (sum % 3 === 0 ? 8 : 0) |
    ((Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0 ? 16 : 0) |
    ((product % 2) + (product % 3) === 0 ? 32 : 0) |
    (((product % 2) + (product % 3)) % 2 === 0 ? 64 : 0) |
    (((sum % 2) + (product % 3)) % 2 === 0 ? 128 : 0)
  );
}

const MASK_COUNT = 8;

/** Format-information bits of each error-correction level (ISO/IEC 18004 table 12). */
const ECC_FORMAT_BITS = { L: 1, M: 0, Q: 3, H: 2 } as const;
export type EccLevel = keyof typeof ECC_FORMAT_BITS;

/** Centre coordinates of the alignment patterns of `version` (ISO/IEC 18004 annex E). */
export function alignmentPositions(version: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const size = version * 4 + 17;
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const positions = [6];
  for (let position = size - 7; positions.length < count; position -= step) positions.splice(1, 0, position);
  return positions;
}

/** 1 where a module belongs to a function pattern (finders, timing, alignment, format and version info). */
export function functionModules(version: number): Uint8Array {
  const size = version * 4 + 17;
  const map = new Uint8Array(size * size);
  const mark = (x0: number, y0: number, width: number, height: number) => {
    for (let y = y0; y < y0 + height; y++) for (let x = x0; x < x0 + width; x++) map[y * size + x] = 1;
  };
  mark(0, 0, 9, 9);
  mark(size - 8, 0, 8, 9);
  mark(0, size - 8, 9, 8);
  mark(0, 6, size, 1);
  mark(6, 0, 1, size);
  const centres = alignmentPositions(version);
  const last = centres.length - 1;
  centres.forEach((cx, i) =>
    centres.forEach((cy, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      mark(cx - 2, cy - 2, 5, 5);
    }),
  );
  if (version >= 7) {
    mark(size - 11, 0, 3, 6);
    mark(0, size - 11, 6, 3);
  }
  return map;
}

/** The 15 format bits for `ecc` and `mask`: BCH-coded and masked (ISO/IEC 18004 section 7.9). */
function formatBits(ecc: EccLevel, mask: number): number {
  const data = (ECC_FORMAT_BITS[ecc] << 3) | mask;
  let remainder = data;
  for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
  return ((data << 10) | remainder) ^ 0x5412;
}

const formatPositionsBySize = new Map<number, ReadonlyArray<readonly [number, number]>>();

/** Where format bit i goes: entries i and 15 + i (the two copies); the last entry is the dark module. */
function formatPositions(size: number): ReadonlyArray<readonly [number, number]> {
  let positions = formatPositionsBySize.get(size);
  if (positions) return positions;
  const first: [number, number][] = [];
  for (let i = 0; i <= 5; i++) first.push([8, i]);
  first.push([8, 7], [8, 8], [7, 8]);
  for (let i = 9; i < 15; i++) first.push([14 - i, 8]);
  const second: [number, number][] = [];
  for (let i = 0; i < 8; i++) second.push([size - 1 - i, 8]);
  for (let i = 8; i < 15; i++) second.push([8, size - 15 + i]);
  positions = [...first, ...second, [8, size - 8]];
  formatPositionsBySize.set(size, positions);
  return positions;
}

const formatModule = (bits: number, entry: number): number => (entry === 30 ? 1 : (bits >>> (entry % 15)) & 1);

/** Draws the 15 format bits for `ecc` and `mask` (both copies) and the dark module. */
export function drawFormatBits(modules: Uint8Array, size: number, ecc: EccLevel, mask: number): void {
  const bits = formatBits(ecc, mask);
  formatPositions(size).forEach(([x, y], entry) => {
    modules[y * size + x] = formatModule(bits, entry);
  });
}

// The penalty is computed bit-parallel: each row and each column of a candidate symbol is packed into
// 32-bit words (bit x of word x >> 5), with a zero word before and after, so "the module k places on"
// is a shift of two neighbouring words and a rule is a few ANDs per 32 modules. Zero bits outside the
// symbol are the light margin the finder-like rule counts; the other rules mask them out.

const popcount = (value: number): number => {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
};

/** Bits of valid window starts per word: x <= size - span for every module x of that word. */
function windowMask(size: number, words: number, span: number): Int32Array {
  const masks = new Int32Array(words);
  for (let x = 0; x + span <= size; x++) masks[x >> 5]! |= 1 << (x & 31);
  return masks;
}

/** A packed symbol: `size` lines of `stride` words, line i's words at i * stride + 1 .. i * stride + words. */
interface PackedLayout {
  readonly size: number;
  readonly words: number;
  readonly stride: number;
  /** Window starts where x + 1 (pairs) and x + 4 (runs of five) stay inside the symbol. */
  readonly pairs: Int32Array;
  readonly fives: Int32Array;
}

function packedLayout(size: number): PackedLayout {
  const words = (size + 31) >> 5;
  return { size, words, stride: words + 2, pairs: windowMask(size, words, 2), fives: windowMask(size, words, 5) };
}

/** Packs `modules` into rows and columns (transposed), in the layout above. */
function pack(modules: Uint8Array, layout: PackedLayout): { rows: Int32Array; columns: Int32Array } {
  const { size, words, stride } = layout;
  const rows = new Int32Array(size * stride);
  const columns = new Int32Array(size * stride);
  for (let line = 0; line < size; line++) {
    for (let j = 0; j < words; j++) {
      const end = Math.min(size, (j + 1) << 5);
      let row = 0;
      let column = 0;
      for (let k = j << 5; k < end; k++) {
        row |= modules[line * size + k]! << (k & 31);
        column |= modules[k * size + line]! << (k & 31);
      }
      rows[line * stride + 1 + j] = row;
      columns[line * stride + 1 + j] = column;
    }
  }
  return { rows, columns };
}

const bitAt = (lines: Int32Array, base: number, size: number, x: number): number =>
  x < 0 || x >= size ? 0 : (lines[base + (x >> 5)]! >>> (x & 31)) & 1;

/**
 * The light run after a side of a scaled finder-like pattern, read from `from` in direction `step`:
 * exactly n light, exactly n dark, then light (counted up to 4n; outside the symbol counts as light).
 * -1 when the side does not match.
 */
function finderSide(lines: Int32Array, base: number, size: number, from: number, step: number, n: number): number {
  for (let k = 0; k < n; k++) if (bitAt(lines, base, size, from + step * k) !== 0) return -1;
  for (let k = n; k < 2 * n; k++) if (bitAt(lines, base, size, from + step * k) !== 1) return -1;
  let light = 0;
  while (light < 4 * n && bitAt(lines, base, size, from + step * (2 * n + light)) === 0) light++;
  return light;
}

/**
 * Finder-like patterns at scale n >= 2 whose middle dark run starts at x (length 3n): rare, so they are
 * checked one by one. `base` is the line's first word. Returns how many of the two sides qualify.
 */
function scaledFinderCount(lines: Int32Array, base: number, size: number, x: number): number {
  let length = 0;
  while (bitAt(lines, base, size, x + length) === 1) length++;
  if (length % 3 !== 0) return 0;
  const n = length / 3;
  const after = finderSide(lines, base, size, x + length, 1, n);
  if (after < n) return 0;
  const before = finderSide(lines, base, size, x - 1, -1, n);
  if (before < n) return 0;
  return (after >= 4 * n ? 1 : 0) + (before >= 4 * n ? 1 : 0);
}

/** Rules 1 and 3 over every line of `lines` (rows, or columns), stopping once the total reaches `limit`. */
function linesPenalty(lines: Int32Array, layout: PackedLayout, start: number, limit: number): number {
  const { size, words, stride, fives } = layout;
  let score = start;
  for (let line = 0; line < size && score < limit; line++) {
    const base = line * stride + 1;
    let previousFives = 0;
    let finders = 0;
    for (let j = 0; j < words; j++) {
      const p = base + j;
      const w = lines[p]!;
      const next = lines[p + 1]!;
      const previous = lines[p - 1]!;
      // sK: the module K places further on; mK: K places back.
      const s1 = (w >>> 1) | (next << 31);
      const s2 = (w >>> 2) | (next << 30);
      const s3 = (w >>> 3) | (next << 29);
      const s4 = (w >>> 4) | (next << 28);
      const s5 = (w >>> 5) | (next << 27);
      const s6 = (w >>> 6) | (next << 26);
      const s7 = (w >>> 7) | (next << 25);
      const m1 = (w << 1) | (previous >>> 31);
      // Rule 1: a run of L >= 5 holds L - 4 windows of five equal modules and one first window;
      // it scores L - 2 = windows + 2 per first window.
      const runs = ~((w ^ s1) | (s1 ^ s2) | (s2 ^ s3) | (s3 ^ s4)) & fives[j]!;
      if (runs !== 0) {
        const firsts = runs & ~((runs << 1) | (previousFives >>> 31));
        score += popcount(runs) + 2 * popcount(firsts);
      }
      previousFives = runs;
      // Rule 3 at scale 1: light, dark, light, dark x3, light, dark, light, starting at m1.
      const core = w & ~s1 & s2 & s3 & s4 & ~s5 & s6 & ~m1 & ~s7;
      if (core !== 0) {
        const s8 = (w >>> 8) | (next << 24);
        const s9 = (w >>> 9) | (next << 23);
        const s10 = (w >>> 10) | (next << 22);
        const m2 = (w << 2) | (previous >>> 30);
        const m3 = (w << 3) | (previous >>> 29);
        const m4 = (w << 4) | (previous >>> 28);
        finders += popcount(core & ~(s7 | s8 | s9 | s10)) + popcount(core & ~(m1 | m2 | m3 | m4));
      }
      // Larger scales need a dark run of 3n >= 6: find where such runs start.
      const long = w & s1 & s2 & s3 & s4 & s5 & ~m1;
      if (long !== 0) {
        for (let bits = long; bits !== 0; bits &= bits - 1) {
          finders += scaledFinderCount(lines, base, size, (j << 5) + (31 - Math.clz32(bits & -bits)));
        }
      }
    }
    score += finders * 40;
  }
  return score;
}

/**
 * The penalty of a packed symbol: rules 2 and 4 and the rows' rules 1 and 3, then the columns'.
 * Stops counting once the score reaches `limit`, since such a mask can no longer win.
 */
function packedPenalty(rows: Int32Array, columns: Int32Array, layout: PackedLayout, limit: number): number {
  const { size, words, stride, pairs } = layout;
  let dark = 0;
  let blocks = 0;
  for (let y = 0; y < size; y++) {
    const base = y * stride + 1;
    for (let j = 0; j < words; j++) {
      const p = base + j;
      const w = rows[p]!;
      dark += popcount(w);
      if (y === size - 1) continue;
      // A 2x2 block is one colour when its top pair, its bottom pair and its left column are.
      const below = rows[p + stride]!;
      const top = w ^ ((w >>> 1) | (rows[p + 1]! << 31));
      const bottom = below ^ ((below >>> 1) | (rows[p + stride + 1]! << 31));
      const same = ~(top | bottom | (w ^ below)) & pairs[j]!;
      if (same !== 0) blocks += popcount(same);
    }
  }
  const total = size * size;
  const score = (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10 + blocks * 3;
  return linesPenalty(columns, layout, linesPenalty(rows, layout, score, limit), limit);
}

/** The standard penalty score of a finished symbol (`size` x `size`, 1 = dark): lower is easier to read. */
export function penaltyScore(modules: Uint8Array, size: number): number {
  const layout = packedLayout(size);
  const { rows, columns } = pack(modules, layout);
  return packedPenalty(rows, columns, layout, Infinity);
}

interface VersionTables {
  readonly layout: PackedLayout;
  /** Per mask, packed: which non-function modules flip going from mask 0 to it. */
  readonly flipRows: readonly Int32Array[];
  readonly flipColumns: readonly Int32Array[];
}

// Per version, computed once.
const versionTables = new Map<number, VersionTables>();

// Every mask condition depends on y only through y mod 2, 3 or 4 and on x through x mod 2, 3 or 6, so
// row y of a mask repeats row y mod 12, and column x repeats column x mod 12.
const MASK_PERIOD = 12;

/**
 * Per mask, the packed lines of the first MASK_PERIOD lines (rows, or columns when `transposed`), with
 * bit k of the line set where mask k differs from mask 0. A table built from these is MASK_PERIOD lines
 * of work instead of one per line, which matters on a process's first card, before the JIT has warmed up.
 */
function periodicFlips(size: number, words: number, transposed: boolean): Int32Array[] {
  const flips = Array.from({ length: MASK_COUNT }, () => new Int32Array(MASK_PERIOD * words));
  for (let line = 0; line < MASK_PERIOD; line++) {
    for (let k = 0; k < size; k++) {
      const bits = transposed ? maskBits(line, k) : maskBits(k, line);
      const changes = bits & 1 ? ~bits : bits;
      for (let mask = 1; mask < MASK_COUNT; mask++) {
        if ((changes >> mask) & 1) flips[mask]![line * words + (k >> 5)]! |= 1 << (k & 31);
      }
    }
  }
  return flips;
}

function tablesFor(version: number): VersionTables {
  let tables = versionTables.get(version);
  if (tables) return tables;
  const size = version * 4 + 17;
  const layout = packedLayout(size);
  const { stride, words } = layout;
  // Function modules never flip: clear them from the periodic patterns, a word at a time.
  const functions = pack(functionModules(version), layout);
  const rowFlips = periodicFlips(size, words, false);
  const columnFlips = periodicFlips(size, words, true);
  const flipRows = Array.from({ length: MASK_COUNT }, () => new Int32Array(size * stride));
  const flipColumns = Array.from({ length: MASK_COUNT }, () => new Int32Array(size * stride));
  for (let mask = 1; mask < MASK_COUNT; mask++) {
    const rows = flipRows[mask]!;
    const columns = flipColumns[mask]!;
    const rowPattern = rowFlips[mask]!;
    const columnPattern = columnFlips[mask]!;
    for (let line = 0; line < size; line++) {
      const period = (line % MASK_PERIOD) * words;
      for (let j = 0; j < words; j++) {
        const p = line * stride + 1 + j;
        rows[p] = rowPattern[period + j]! & ~functions.rows[p]!;
        columns[p] = columnPattern[period + j]! & ~functions.columns[p]!;
      }
    }
  }
  tables = { layout, flipRows, flipColumns };
  versionTables.set(version, tables);
  return tables;
}

/** Sets module (x, y) to `value` in packed rows and columns. */
function setPacked(rows: Int32Array, columns: Int32Array, stride: number, x: number, y: number, value: number): void {
  const rowWord = y * stride + 1 + (x >> 5);
  const columnWord = x * stride + 1 + (y >> 5);
  if (value) {
    rows[rowWord]! |= 1 << (x & 31);
    columns[columnWord]! |= 1 << (y & 31);
  } else {
    rows[rowWord]! &= ~(1 << (x & 31));
    columns[columnWord]! &= ~(1 << (y & 31));
  }
}

/**
 * Given a symbol drawn with mask 0, returns the symbol with the lowest-penalty mask and that mask.
 * Ties go to the lower mask number, as the standard's reference encoders do.
 */
export function bestMask(maskZero: Uint8Array, version: number, ecc: EccLevel): { modules: Uint8Array; mask: number } {
  const { layout, flipRows, flipColumns } = tablesFor(version);
  const { size, stride } = layout;
  const { rows: baseRows, columns: baseColumns } = pack(maskZero, layout);
  let rows = new Int32Array(baseRows.length);
  let bestRows = new Int32Array(baseRows.length);
  const columns = new Int32Array(baseColumns.length);
  const positions = formatPositions(size);
  let bestScore = Infinity;
  let best = 0;
  for (let mask = 0; mask < MASK_COUNT; mask++) {
    const flipRow = flipRows[mask]!;
    const flipColumn = flipColumns[mask]!;
    for (let i = 0; i < rows.length; i++) {
      rows[i] = baseRows[i]! ^ flipRow[i]!;
      columns[i] = baseColumns[i]! ^ flipColumn[i]!;
    }
    if (mask !== 0) {
      const bits = formatBits(ecc, mask);
      for (let entry = 0; entry < positions.length; entry++) {
        const [x, y] = positions[entry]!;
        setPacked(rows, columns, stride, x, y, formatModule(bits, entry));
      }
    }
    // Ties keep the lower mask, so a candidate only needs scoring until it reaches the best score.
    const score = packedPenalty(rows, columns, layout, bestScore);
    if (score < bestScore) {
      bestScore = score;
      best = mask;
      [bestRows, rows] = [rows, bestRows];
    }
  }
  // The winner's rows already hold its format bits: unpack them.
  const modules = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    let word = 0;
    for (let x = 0; x < size; x++) {
      if ((x & 31) === 0) word = bestRows[y * stride + 1 + (x >> 5)]!;
      modules[y * size + x] = word & 1;
      word >>>= 1;
    }
  }
  return { modules, mask: best };
}
