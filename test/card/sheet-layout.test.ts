// The sheet's geometry, checked directly: page sizes, the grid on both papers, one card per page, crop marks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CARD_HEIGHT_PT,
  CARD_WIDTH_PT,
  MARK_GAP_PT,
  cropMarks,
  pageCount,
  sheetLayout,
  type Paper,
  type Rect,
  type Segment,
} from '../../src/card/sheet/sheet-layout.js';

const PAPERS: readonly Paper[] = ['a4', 'letter'];
const HALF_INCH = 36;

/** True when the segment passes through `rect` widened by `by` on every side. */
function touches(mark: Segment, rect: Rect, by: number): boolean {
  const [left, right] = [Math.min(mark.x1, mark.x2), Math.max(mark.x1, mark.x2)];
  const [bottom, top] = [Math.min(mark.y1, mark.y2), Math.max(mark.y1, mark.y2)];
  return right > rect.x - by && left < rect.x + rect.width + by && top > rect.y - by && bottom < rect.y + rect.height + by;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('sheetLayout', () => {
  it('makes A4 pages of 2 x 5 cards and Letter pages of 2 x 4, in points', () => {
    const a4 = sheetLayout('a4', 'grid');
    const letter = sheetLayout('letter', 'grid');

    assert.deepEqual([a4.pageWidth, a4.pageHeight, a4.columns, a4.rows, a4.slots.length], [595.28, 841.89, 2, 5, 10]);
    assert.deepEqual([letter.pageWidth, letter.pageHeight, letter.columns, letter.rows, letter.slots.length], [612, 792, 2, 4, 8]);
  });

  for (const paper of PAPERS) {
    it(`places every ${paper} card at true size, inside margins of at least 0.5 in, without overlaps`, () => {
      const layout = sheetLayout(paper, 'grid');

      for (const slot of layout.slots) {
        assert.deepEqual([slot.width, slot.height], [CARD_WIDTH_PT, CARD_HEIGHT_PT]);
        assert.ok(slot.x >= HALF_INCH && slot.x + slot.width <= layout.pageWidth - HALF_INCH, `x ${slot.x}`);
        assert.ok(slot.y >= HALF_INCH && slot.y + slot.height <= layout.pageHeight - HALF_INCH, `y ${slot.y}`);
      }
      layout.slots.forEach((slot, index) =>
        layout.slots
          .slice(index + 1)
          .forEach((other) => assert.ok(!overlaps(slot, other), `${JSON.stringify(slot)} overlaps ${JSON.stringify(other)}`)),
      );
    });

    it(`orders ${paper} slots left to right, then top to bottom, and centres the grid`, () => {
      const layout = sheetLayout(paper, 'grid');
      const [first, second, third] = layout.slots as [Rect, Rect, Rect];
      const last = layout.slots.at(-1)!;

      assert.ok(second.x > first.x && second.y === first.y);
      assert.ok(third.x === first.x && third.y < first.y);
      assert.ok(Math.abs(first.x - (layout.pageWidth - (last.x + last.width))) < 1e-9);
      assert.ok(Math.abs(last.y - (layout.pageHeight - (first.y + first.height))) < 1e-9);
    });

    it(`draws 8 crop marks per ${paper} card, outside every card and inside the printable area`, () => {
      const layout = sheetLayout(paper, 'grid');

      const marks = cropMarks(layout, layout.slots.length);

      assert.equal(marks.length, 8 * layout.slots.length);
      for (const mark of marks) {
        for (const slot of layout.slots) assert.ok(!touches(mark, slot, MARK_GAP_PT - 1e-9), `${JSON.stringify(mark)} is on a card`);
        for (const value of [mark.x1, mark.x2]) assert.ok(value >= 18 && value <= layout.pageWidth - 18, `x ${value}`);
        for (const value of [mark.y1, mark.y2]) assert.ok(value >= 18 && value <= layout.pageHeight - 18, `y ${value}`);
        assert.ok(mark.x1 === mark.x2 || mark.y1 === mark.y2, 'a mark is horizontal or vertical');
      }
    });
  }

  it('continues each card edge: every mark lies on the line of a card edge', () => {
    const layout = sheetLayout('a4', 'grid');
    const xs = new Set(layout.slots.flatMap((slot) => [slot.x, slot.x + slot.width]));
    const ys = new Set(layout.slots.flatMap((slot) => [slot.y, slot.y + slot.height]));

    for (const mark of cropMarks(layout, 10)) {
      assert.ok(mark.x1 === mark.x2 ? xs.has(mark.x1) : ys.has(mark.y1), JSON.stringify(mark));
    }
  });

  it('marks only the cards a part-filled page holds', () => {
    const layout = sheetLayout('letter', 'grid');

    const marks = cropMarks(layout, 3);

    assert.equal(marks.length, 24);
    assert.ok(marks.every((mark) => !touches(mark, layout.slots[4]!, MARK_GAP_PT + 2)));
  });

  it('makes single pages the size of one card, filled by it, with no marks', () => {
    for (const paper of PAPERS) {
      const layout = sheetLayout(paper, 'single');

      assert.deepEqual([layout.pageWidth, layout.pageHeight], [252, 144]);
      assert.deepEqual(layout.slots, [{ x: 0, y: 0, width: 252, height: 144 }]);
      assert.deepEqual(cropMarks(layout, 1), []);
    }
  });

  it('counts pages for a number of cards', () => {
    assert.equal(pageCount(sheetLayout('a4', 'grid'), 40), 4);
    assert.equal(pageCount(sheetLayout('a4', 'grid'), 41), 5);
    assert.equal(pageCount(sheetLayout('letter', 'grid'), 40), 5);
    assert.equal(pageCount(sheetLayout('a4', 'single'), 40), 40);
  });
});
