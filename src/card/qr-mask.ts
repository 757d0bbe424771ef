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

// Rule 3 (finder-like 1:1:3:1:1 runs with four light modules on a side) over the last seven runs:
// history[0] is the light run just ended, history[1..5] the candidate, history[6] the light run before.
function finderLike(history: Int32Array): number {
  const n = history[1]!;
  if (n === 0 || history[2] !== n || history[3] !== n * 3 || history[4] !== n || history[5] !== n) return 0;
  return (history[0]! >= n * 4 && history[6]! >= n ? 40 : 0) + (history[6]! >= n * 4 && history[0]! >= n ? 40 : 0);
}

function pushRun(history: Int32Array, length: number): void {
  for (let i = 6; i > 0; i--) history[i] = history[i - 1]!;
  history[0] = length;
}

// Rules 1 and 3 along one row (step 1) or column (step size), starting at `start`.
function linePenalty(modules: Uint8Array, size: number, start: number, step: number, history: Int32Array): number {
  let score = 0;
  history.fill(0);
  let color = 0;
  let length = size; // the light margin before the symbol
  let index = start;
  for (let i = 0; i < size; i++, index += step) {
    const value = modules[index]!;
    if (value === color) {
      length++;
      continue;
    }
    pushRun(history, length);
    if (color === 0) score += finderLike(history);
    color = value;
    length = 1;
  }
  if (color === 1) {
    pushRun(history, length);
    length = 0;
  }
  pushRun(history, length + size);
  score += finderLike(history);
  return score;
}

// Rule 1: five or more modules of one colour in a row score 3, plus 1 for each further module.
function runPenalty(modules: Uint8Array, size: number, start: number, step: number): number {
  let score = 0;
  let previous = -1;
  let run = 0;
  let index = start;
  for (let i = 0; i < size; i++, index += step) {
    const value = modules[index]!;
    if (value === previous) {
      run++;
      if (run === 5) score += 3;
      else if (run > 5) score += 1;
    } else {
      previous = value;
      run = 1;
    }
  }
  return score;
}

/** The standard penalty score of a finished symbol: lower is easier to read. */
export function penaltyScore(modules: Uint8Array, size: number): number {
  let score = 0;
  const history = new Int32Array(7);
  for (let line = 0; line < size; line++) {
    score += runPenalty(modules, size, line * size, 1) + runPenalty(modules, size, line, size);
    score += linePenalty(modules, size, line * size, 1, history) + linePenalty(modules, size, line, size, history);
  }
  let dark = 0;
  for (let y = 0; y < size; y++) {
    const row = y * size;
    for (let x = 0; x < size; x++) {
      const value = modules[row + x]!;
      dark += value;
      if (x < size - 1 && y < size - 1 && value === modules[row + x + 1] && value === modules[row + size + x] && value === modules[row + size + x + 1]) score += 3;
    }
  }
  const total = size * size;
  score += (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
  return score;
}

/**
 * Given a symbol drawn with mask 0, returns the symbol with the lowest-penalty mask and that mask.
 * Ties go to the lower mask number, as the standard's reference encoders do.
 */
export function bestMask(maskZero: Uint8Array, version: number, ecc: EccLevel): { modules: Uint8Array; mask: number } {
  const size = version * 4 + 17;
  const functions = functionModules(version);
  let best: { modules: Uint8Array; mask: number; score: number } | undefined;
  for (let mask = 0; mask < MASKS.length; mask++) {
    const candidate = new Uint8Array(maskZero);
    const apply = MASKS[mask]!;
    if (mask !== 0) {
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const index = y * size + x;
          if (functions[index] || MASKS[0]!(x, y) === apply(x, y)) continue;
          candidate[index] = candidate[index]! ^ 1;
        }
      }
      drawFormatBits(candidate, size, ecc, mask);
    }
    const score = penaltyScore(candidate, size);
    if (!best || score < best.score) best = { modules: candidate, mask, score };
  }
  return { modules: best!.modules, mask: best!.mask };
}
