import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { bundledFontsCover, coveredBy, decodeCoverage, encodeCoverage } from '../../src/core/font-coverage.js';
import { COVERAGE_MODULE, fontCoverageModuleSource } from '../../scripts/font-coverage.js';

test('the committed coverage table is the one the bundled fonts give (else run npm run fonts:coverage)', () => {
  const committed = readFileSync(COVERAGE_MODULE, 'utf8');

  const generated = fontCoverageModuleSource();

  assert.ok(generated === committed, 'src/core/font-coverage-table.ts is stale: run npm run fonts:coverage');
});

test('the table holds exactly the code points it was made from', () => {
  const codePoint = fc.integer({ min: 0, max: 0x10ffff });
  fc.assert(
    fc.property(fc.array(codePoint, { maxLength: 60 }), fc.array(codePoint, { maxLength: 60 }), (covered, probes) => {
      const bounds = decodeCoverage(encodeCoverage(covered));

      for (const probe of [...covered, ...probes])
        assert.equal(coveredBy(bounds, probe), covered.includes(probe), `U+${probe.toString(16)}`);
    }),
  );
});

test('the bundled fonts cover Latin, Hangul, Han, Arabic, Devanagari, Thai and emoji, and not Tibetan or CJK Extension B', () => {
  const covered = ['A', 'ç', '한', '漢', 'ن', 'क', 'ก', 'א', '😀', '\u200d', '\ufe0f', '\u{1f3fd}'];
  const uncovered = ['\u0f00', '\u{20000}', '\ue000', '\u1680'];

  for (const character of covered) assert.ok(bundledFontsCover(character.codePointAt(0) ?? -1), character);
  for (const character of uncovered) assert.ok(!bundledFontsCover(character.codePointAt(0) ?? -1), character);
});
