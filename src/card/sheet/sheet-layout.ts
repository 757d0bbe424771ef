// Where cards go on printed pages: page size, the grid of card slots, and the crop marks, in PDF points
// (1/72 in, origin at the page's bottom-left corner). Pure: the PDF writer only draws what this says.

/** A business card, 3.5 x 2 in, at true size. */
export const CARD_WIDTH_PT = 252;
export const CARD_HEIGHT_PT = 144;

export const PAPERS = { a4: { width: 595.28, height: 841.89 }, letter: { width: 612, height: 792 } } as const;
export type Paper = keyof typeof PAPERS;
export type SheetKind = 'grid' | 'single';

/**
 * The smallest distance from a card to the paper's edge on a grid page: 0.5 in. Home and office laser and
 * inkjet printers leave at most 0.25 in unprinted; the other 0.25 in holds the crop marks.
 */
export const MIN_MARGIN_PT = 36;
/** White space between neighbouring cards, so a cut a little off the line shows white, not the next card. */
export const GUTTER_PT = 12;
/** Crop marks start this far outside the card, so none is printed on it, and are this long at most. */
export const MARK_GAP_PT = 3;
export const MARK_LENGTH_PT = 12;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface SheetLayout {
  readonly kind: SheetKind;
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** Card positions on one page, in reading order: left to right, then top to bottom. */
  readonly slots: readonly Rect[];
  readonly columns: number;
  readonly rows: number;
}

/** How many cards of `size` fit along `length` with a gutter between them and MIN_MARGIN_PT at each end. */
function fitting(length: number, size: number): number {
  return Math.floor((length - 2 * MIN_MARGIN_PT + GUTTER_PT) / (size + GUTTER_PT));
}

/** A grid of cards centred on `paper`, or one card filling a card-sized page for badge printers. */
export function sheetLayout(paper: Paper, kind: SheetKind): SheetLayout {
  if (kind === 'single') {
    return {
      kind,
      pageWidth: CARD_WIDTH_PT,
      pageHeight: CARD_HEIGHT_PT,
      slots: [{ x: 0, y: 0, width: CARD_WIDTH_PT, height: CARD_HEIGHT_PT }],
      columns: 1,
      rows: 1,
    };
  }
  const { width: pageWidth, height: pageHeight } = PAPERS[paper];
  const columns = fitting(pageWidth, CARD_WIDTH_PT);
  const rows = fitting(pageHeight, CARD_HEIGHT_PT);
  const left = (pageWidth - (columns * CARD_WIDTH_PT + (columns - 1) * GUTTER_PT)) / 2;
  const top = pageHeight - (pageHeight - (rows * CARD_HEIGHT_PT + (rows - 1) * GUTTER_PT)) / 2;
  const slots: Rect[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const x = left + column * (CARD_WIDTH_PT + GUTTER_PT);
      const y = top - (row + 1) * CARD_HEIGHT_PT - row * GUTTER_PT;
      slots.push({ x, y, width: CARD_WIDTH_PT, height: CARD_HEIGHT_PT });
    }
  }
  return { kind, pageWidth, pageHeight, slots, columns, rows };
}

export function pageCount(layout: SheetLayout, cards: number): number {
  return Math.ceil(cards / layout.slots.length);
}

/**
 * Crop marks for the first `filled` slots of a grid page: at each card corner, two short lines that continue
 * the card's edges outward. Toward the page edge they are MARK_LENGTH_PT long; into a gutter they reach its
 * middle, where the neighbour's mark on the same cut line meets them. A single-card page has none: the page is the card.
 */
export function cropMarks(layout: SheetLayout, filled: number): Segment[] {
  if (layout.kind === 'single') return [];
  const inner = GUTTER_PT / 2 - MARK_GAP_PT;
  const marks: Segment[] = [];
  layout.slots.slice(0, filled).forEach((slot, index) => {
    const column = index % layout.columns;
    const row = Math.floor(index / layout.columns);
    const reach = {
      left: column === 0 ? MARK_LENGTH_PT : inner,
      right: column === layout.columns - 1 ? MARK_LENGTH_PT : inner,
      top: row === 0 ? MARK_LENGTH_PT : inner,
      bottom: row === layout.rows - 1 ? MARK_LENGTH_PT : inner,
    };
    const [left, right] = [slot.x, slot.x + slot.width];
    const [bottom, top] = [slot.y, slot.y + slot.height];
    for (const y of [bottom, top]) {
      marks.push({ x1: left - MARK_GAP_PT, y1: y, x2: left - MARK_GAP_PT - reach.left, y2: y });
      marks.push({ x1: right + MARK_GAP_PT, y1: y, x2: right + MARK_GAP_PT + reach.right, y2: y });
    }
    for (const x of [left, right]) {
      marks.push({ x1: x, y1: top + MARK_GAP_PT, x2: x, y2: top + MARK_GAP_PT + reach.top });
      marks.push({ x1: x, y1: bottom - MARK_GAP_PT, x2: x, y2: bottom - MARK_GAP_PT - reach.bottom });
    }
  });
  return marks;
}
