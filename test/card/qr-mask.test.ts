import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestMask, drawFormatBits, functionModules, penaltyScore, type EccLevel } from '../../src/card/qr-mask.js';

// The ISO/IEC 18004 penalty written the plain way, one rule at a time over arrays of runs, as the
// reference the bit-parallel scoring must match exactly. Rule 3 follows the common reading the
// reference encoders use: a 1:1:3:1:1 dark-light-dark-light-dark core at any scale n, with at least
// 4n light on one side and n on the other, the area outside the symbol counting as light.
function referencePenalty(modules: Uint8Array, size: number): number {
  const at = (x: number, y: number) => modules[y * size + x]!;
  const lines: number[][] = [];
  for (let y = 0; y < size; y++) lines.push(Array.from({ length: size }, (_, x) => at(x, y)));
  for (let x = 0; x < size; x++) lines.push(Array.from({ length: size }, (_, y) => at(x, y)));
  let score = 0;
  for (const line of lines) {
    // Rule 1: each run of five or more modules of one colour scores 3 + (length - 5).
    const runs: { color: number; length: number }[] = [];
    for (const value of line) {
      const last = runs[runs.length - 1];
      if (last && last.color === value) last.length++;
      else runs.push({ color: value, length: 1 });
    }
    for (const run of runs) if (run.length >= 5) score += run.length - 2;
    // Rule 3: the same runs with `size` light modules of margin on each side.
    const padded = [{ color: 0, length: size }, ...runs.map((run) => ({ ...run })), { color: 0, length: size }];
    const merged: { color: number; length: number }[] = [];
    for (const run of padded) {
      const last = merged[merged.length - 1];
      if (last && last.color === run.color) last.length += run.length;
      else merged.push(run);
    }
    for (let i = 1; i + 5 < merged.length; i++) {
      const n = merged[i]!.length;
      const ratios = [1, 1, 3, 1, 1];
      if (merged[i]!.color !== 1 || ratios.some((ratio, k) => merged[i + k]!.length !== ratio * n)) continue;
      const before = merged[i - 1]!.length;
      const after = merged[i + 5]!.length;
      if (after >= 4 * n && before >= n) score += 40;
      if (before >= 4 * n && after >= n) score += 40;
    }
  }
  // Rule 2: each 2x2 block of one colour scores 3.
  for (let y = 0; y + 1 < size; y++) {
    for (let x = 0; x + 1 < size; x++) {
      const sum = at(x, y) + at(x + 1, y) + at(x, y + 1) + at(x + 1, y + 1);
      if (sum === 0 || sum === 4) score += 3;
    }
  }
  // Rule 4: 10 per full 5% the dark share strays from 50%.
  const dark = modules.reduce((sum, value) => sum + value, 0);
  score += (Math.ceil(Math.abs(dark * 20 - size * size * 10) / (size * size)) - 1) * 10;
  return score;
}

// A small deterministic generator (mulberry32), so a failure names a seed that reproduces it.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random matrix, with finder-like patterns at random scales planted in some rows and columns. */
function randomMatrix(size: number, next: () => number): Uint8Array {
  const density = 0.2 + next() * 0.6;
  const modules = Uint8Array.from({ length: size * size }, () => (next() < density ? 1 : 0));
  const plants = Math.floor(next() * 6);
  for (let p = 0; p < plants; p++) {
    const n = 1 + Math.floor(next() * Math.min(4, Math.floor(size / 7)));
    const pattern = [1, 0, 1, 1, 1, 0, 1].flatMap((value) => Array<number>(n).fill(value));
    const lightBefore = Math.floor(next() * 5 * n);
    const lightAfter = Math.floor(next() * 5 * n);
    const run = [...Array<number>(lightBefore).fill(0), ...pattern, ...Array<number>(lightAfter).fill(0)];
    if (run.length > size) continue;
    const start = Math.floor(next() * (size - run.length + 1));
    const line = Math.floor(next() * size);
    const vertical = next() < 0.5;
    run.forEach((value, k) => {
      modules[vertical ? (start + k) * size + line : line * size + start + k] = value;
    });
  }
  return modules;
}

test('the fast penalty equals the plain reference on random matrices of every symbol size', () => {
  let checked = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const next = random(seed);
    const size = 21 + 4 * Math.floor(next() * 40);
    const modules = randomMatrix(size, next);
    assert.equal(penaltyScore(modules, size), referencePenalty(modules, size), `seed ${seed}, size ${size}`);
    checked++;
  }
  // Edge cases: all light, all dark, stripes, and a symbol whose every line is one finder-like pattern.
  for (const size of [21, 25, 31, 33, 63, 65, 177]) {
    const cases = [
      new Uint8Array(size * size),
      new Uint8Array(size * size).fill(1),
      Uint8Array.from({ length: size * size }, (_, i) => (i % size) % 2),
      Uint8Array.from({ length: size * size }, (_, i) => [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0][(i % size) % 11]!),
    ];
    for (const modules of cases) assert.equal(penaltyScore(modules, size), referencePenalty(modules, size), `size ${size}`);
    checked += cases.length;
  }
  assert.equal(checked, 428);
});

test('the chosen mask is the lowest-penalty one by the reference, ties to the lower number', () => {
  const eccLevels: EccLevel[] = ['L', 'M', 'Q', 'H'];
  const chosen = new Set<number>();
  for (let seed = 1; seed <= 40; seed++) {
    const next = random(1000 + seed);
    const version = 1 + Math.floor(next() * 40);
    const size = version * 4 + 17;
    const ecc = eccLevels[seed % 4]!;
    // Random modules with the mask-0 format bits drawn: the scoring does not care what the data means.
    const functions = functionModules(version);
    const maskZero = Uint8Array.from({ length: size * size }, () => (next() < 0.5 ? 1 : 0));
    drawFormatBits(maskZero, size, ecc, 0);
    const { modules, mask } = bestMask(maskZero, version, ecc);
    const scores = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => {
      const candidate = new Uint8Array(maskZero);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          if (functions[y * size + x]) continue;
          const flip = [
            (x + y) % 2 === 0,
            y % 2 === 0,
            x % 3 === 0,
            (x + y) % 3 === 0,
            (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
            ((x * y) % 2) + ((x * y) % 3) === 0,
            (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
            (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
          ][k]!;
          // Relative to mask 0, which maskZero already carries.
          if (flip !== ((x + y) % 2 === 0)) candidate[y * size + x]! ^= 1;
        }
      }
      drawFormatBits(candidate, size, ecc, k);
      return { candidate, score: referencePenalty(candidate, size) };
    });
    const lowest = scores.reduce((best, entry, k) => (entry.score < scores[best]!.score ? k : best), 0);
    assert.equal(mask, lowest, `seed ${seed}, version ${version}`);
    assert.deepEqual(modules, scores[lowest]!.candidate, `seed ${seed}, version ${version}`);
    chosen.add(mask);
  }
  assert.ok(chosen.size >= 5, `only masks ${[...chosen].join(', ')} were chosen`);
});
