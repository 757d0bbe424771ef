import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { layoutCard, type CardLayout } from '../../src/card/layout.js';
import { defaultBranding } from './card-fixtures.js';
import { acceptedRecords } from './accepted-text.js';

const FIELDS = ['name', 'title', 'company'] as const;

/** A field's drawn lines joined at their breaks, and every glyph id they draw. */
function readBack(layout: CardLayout, field: (typeof FIELDS)[number]) {
  const lines = layout.lines.filter((line) => line.field === field);
  return {
    text: lines.map((line) => line.joiner + line.text).join(''),
    glyphIds: lines.flatMap((line) => line.shaped.glyphs.map((glyph) => glyph.glyphId)),
    missing: lines.flatMap((line) => line.shaped.missing),
  };
}

test('property: the drawn lines of name, title and company give back the accepted text, drawn without .notdef glyphs', async () => {
  const branding = await defaultBranding();
  fc.assert(
    fc.property(acceptedRecords(branding), (record) => {
      const layout = layoutCard(record, branding);
      for (const field of FIELDS) {
        const value = record[field];
        const drawn = readBack(layout, field);
        if (value === undefined) {
          assert.equal(drawn.text, '', field);
          continue;
        }
        assert.equal(drawn.text, value, `${field} read back`);
        assert.deepEqual(drawn.missing, [], `${field}: clusters no font drew`);
        assert.ok(!drawn.glyphIds.includes(0), `${field}: a .notdef glyph in ${JSON.stringify(value)}`);
        assert.ok(drawn.glyphIds.length > 0, `${field}: nothing drawn`);
      }
    }),
    { numRuns: 150, seed: 1805 },
  );
});
