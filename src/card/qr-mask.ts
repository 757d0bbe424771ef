// Chooses a QR code's mask pattern (ISO/IEC 18004 section 7.8) by the standard penalty rules, fast:
// the symbol is encoded once with mask 0, and the other seven are derived from it by XOR.

const MASKS: ReadonlyArray<(x: number, y: number) => boolean> = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

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

/** Draws the 15 format bits for `ecc` and `mask` (both copies) and the dark module. */
export function drawFormatBits(modules: Uint8Array, size: number, ecc: EccLevel, mask: number): void {
  const data = (ECC_FORMAT_BITS[ecc] << 3) | mask;
  let remainder = data;
  for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
  const bits = ((data << 10) | remainder) ^ 0x5412;
  const bit = (i: number) => (bits >>> i) & 1;
  const set = (x: number, y: number, value: number) => {
    modules[y * size + x] = value;
  };
  for (let i = 0; i <= 5; i++) set(8, i, bit(i));
  set(8, 7, bit(6));
  set(8, 8, bit(7));
  set(7, 8, bit(8));
  for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i));
  set(8, size - 8, 1);
}

// Rules 1 and 3 along one line of `size` modules starting at `start` (rows of `modules`, or rows
// of its transpose for the columns). Rule 3 looks at the last seven runs: h0 is the light run just
// ended, h1..h5 the 1:1:3:1:1 candidate, h6 the light run before; the margin counts as light.
function linePenalty(modules: Uint8Array, size: number, start: number): number {
  let score = 0;
  let h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0;
  let color = 0;
  let run = 0; // the current run inside the symbol
  let margin = size; // light margin still attached to the current run
  const end = start + size;
  for (let index = start; index <= end; index++) {
    const atEnd = index === end;
    const value = atEnd ? -1 : modules[index]!;
    if (value === color) {
      run++;
      continue;
    }
    if (run >= 5) score += run - 2;
    if (atEnd) {
      if (color === 1) {
        h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = h0; h0 = run;
        run = 0;
        margin = 0;
      }
      h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = h0; h0 = run + margin + size;
    } else {
      h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = h0; h0 = run + margin;
    }
    if (color === 0 || atEnd) {
      const n = h1;
      if (n > 0 && h2 === n && h3 === n * 3 && h4 === n && h5 === n) {
        if (h0 >= n * 4 && h6 >= n) score += 40;
        if (h6 >= n * 4 && h0 >= n) score += 40;
      }
    }
    color = value;
    run = 1;
    margin = 0;
  }
  return score;
}

/**
 * The standard penalty score of a finished symbol: lower is easier to read. Stops counting once the
 * score reaches `limit` (the best score so far), since such a mask can no longer win.
 */
export function penaltyScore(modules: Uint8Array, size: number, scratch = new Uint8Array(size * size), limit = Infinity): number {
  let score = 0;
  let dark = 0;
  // One pass: dark count (rule 4), the transpose for the column lines, and rule 2 (each 2x2 block of one
  // colour) with the right-hand pair of one block carried over as the left-hand pair of the next.
  let blocks = 0;
  for (let y = 0; y < size; y++) {
    const row = y * size;
    const below = row + size;
    const last = y === size - 1;
    let topLeft = modules[row]!;
    let bottomLeft = last ? 0 : modules[below]!;
    scratch[y] = topLeft;
    dark += topLeft;
    for (let x = 1; x < size; x++) {
      const topRight = modules[row + x]!;
      scratch[x * size + y] = topRight;
      dark += topRight;
      if (!last) {
        const bottomRight = modules[below + x]!;
        const sum = topLeft + topRight + bottomLeft + bottomRight;
        if (sum === 0 || sum === 4) blocks++;
        bottomLeft = bottomRight;
      }
      topLeft = topRight;
    }
  }
  const total = size * size;
  score += (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
  score += blocks * 3;
  for (let line = 0; line < size && score < limit; line++) {
    score += linePenalty(modules, size, line * size) + linePenalty(scratch, size, line * size);
  }
  return score;
}

// Which non-function modules flip when going from mask 0 to mask k, per version (computed once).
const maskDifferences = new Map<number, Uint8Array[]>();

function differencesFor(version: number): Uint8Array[] {
  let differences = maskDifferences.get(version);
  if (differences) return differences;
  const size = version * 4 + 17;
  const functions = functionModules(version);
  differences = MASKS.map((apply) => {
    const flip = new Uint8Array(size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        if (!functions[y * size + x] && MASKS[0]!(x, y) !== apply(x, y)) flip[y * size + x] = 1;
      }
    }
    return flip;
  });
  maskDifferences.set(version, differences);
  return differences;
}

/**
 * Given a symbol drawn with mask 0, returns the symbol with the lowest-penalty mask and that mask.
 * Ties go to the lower mask number, as the standard's reference encoders do.
 */
export function bestMask(maskZero: Uint8Array, version: number, ecc: EccLevel): { modules: Uint8Array; mask: number } {
  const size = version * 4 + 17;
  const differences = differencesFor(version);
  const scratch = new Uint8Array(size * size);
  let best: { modules: Uint8Array; mask: number; score: number } | undefined;
  for (let mask = 0; mask < MASKS.length; mask++) {
    const candidate = new Uint8Array(maskZero);
    if (mask !== 0) {
      const flip = differences[mask]!;
      for (let index = 0; index < candidate.length; index++) candidate[index] = candidate[index]! ^ flip[index]!;
      drawFormatBits(candidate, size, ecc, mask);
    }
    // Ties keep the lower mask, so a candidate only needs scoring until it reaches the best score.
    const score = penaltyScore(candidate, size, scratch, best?.score ?? Infinity);
    if (!best || score < best.score) best = { modules: candidate, mask, score };
  }
  return { modules: best!.modules, mask: best!.mask };
}
