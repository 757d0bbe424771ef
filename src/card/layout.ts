// Card layout as data: where the logo, QR code, band and each text line go, at what size, with what
// text after shrinking and ellipsis. Pure: the renderer draws exactly this, and tests inspect it.
import { formatPhoneForDisplay } from '../core/phone.js';
import type { CardBranding } from './branding.js';
import { graphemes, type ShapedText } from './font-chain.js';
import { fitText, type FittedText } from './text-fit.js';
import { encodeQr, qrPayload, QUIET_ZONE_MODULES, type CardFields, type QrMatrix } from './qr-code.js';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type TextField = 'event' | 'tagline' | 'name' | 'title' | 'company' | 'phone' | 'email' | 'label';
export type TextColor = 'text' | 'muted' | 'accent';

export interface TextLine {
  readonly field: TextField;
  /** The line box: glyphs are clipped to it, so nothing drawn can leave it. */
  readonly box: Box;
  readonly baseline: number;
  readonly fontSize: number;
  /** What is drawn: the field's text or one line of it, or a prefix ending in "…". */
  readonly text: string;
  /** The break spaces left out before this line of a wrapped field ('' for a field's first line): a field's lines, each after its joiner, give its text back. */
  readonly joiner: string;
  readonly truncated: boolean;
  /** Drawn with the bold chain (the name, the event's name, the type's label). */
  readonly bold: boolean;
  readonly color: TextColor;
  readonly shaped: ShapedText;
}

export interface QrPlacement extends QrMatrix {
  readonly payload: string;
  /** The light square: code plus quiet zone (at least QUIET_ZONE_MODULES modules wide). */
  readonly box: Box;
  readonly modulePx: number;
  /** Top-left of the first module. */
  readonly originX: number;
  readonly originY: number;
}

export interface CardLayout {
  readonly width: number;
  readonly height: number;
  /** The area reserved for the logo, and the fitted logo inside it (none when the event takes its place). */
  readonly logoArea: Box;
  readonly logo?: Box;
  /** The thin accent band along the bottom edge; the type's label is drawn in the accent colour under the QR code. */
  readonly band: Box & { readonly accent: string; readonly typeLabel: string };
  readonly qr: QrPlacement;
  readonly lines: readonly TextLine[];
}

/**
 * Size and spacing of the card's fixed regions, proportional to the card's height: a header (logo, event)
 * over the text column on the left, the QR code on the right with the card type's label under it, and a
 * thin accent band along the bottom edge. With an event (`hasEvent`) the logo keeps the header's first
 * part and the event's name takes the rest.
 */
export function cardGeometry(width: number, height: number, hasEvent = false) {
  const margin = Math.round(height * 0.06);
  const bandHeight = Math.round(height * 0.03);
  const labelSpace = Math.round(height * 0.16);
  const qrSide = Math.min(height - bandHeight - labelSpace - margin, Math.floor(width * 0.5));
  const qrBox: Box = { x: width - margin - qrSide, y: margin, width: qrSide, height: qrSide };
  const columnWidth = qrBox.x - 2 * margin;
  // An event's name may take two lines over its tagline, so its header is taller; the logo keeps its size, centred on it.
  const header: Box = { x: margin, y: margin, width: columnWidth, height: Math.round(height * (hasEvent ? 0.19 : 0.15)) };
  const logoHeight = Math.round(height * 0.15);
  const logoArea: Box = {
    x: margin,
    y: margin + Math.floor((header.height - logoHeight) / 2),
    width: hasEvent ? Math.round(columnWidth * 0.4) : columnWidth,
    height: logoHeight,
  };
  const gap = Math.round(margin * 0.67);
  const textTop = header.y + header.height + gap;
  const textArea: Box = { x: margin, y: textTop, width: columnWidth, height: height - bandHeight - margin - textTop };
  const band: Box = { x: 0, y: height - bandHeight, width, height: bandHeight };
  const labelArea: Box = { x: qrBox.x, y: qrBox.y + qrBox.height, width: qrSide, height: band.y - (qrBox.y + qrBox.height) };
  return { margin, gap, bandHeight, qrBox, header, logoArea, textArea, band, labelArea };
}

/** The largest box of the given aspect ratio inside `area`, left-aligned and vertically centred, in whole pixels. */
export function fitLogo(area: Box, imageWidth: number, imageHeight: number): Box {
  const scale = Math.min(area.width / imageWidth, area.height / imageHeight);
  const width = Math.max(1, Math.floor(imageWidth * scale));
  const height = Math.max(1, Math.floor(imageHeight * scale));
  return { x: area.x, y: area.y + Math.floor((area.height - height) / 2), width, height };
}

interface LineSpec {
  readonly field: Exclude<TextField, 'label' | 'event' | 'tagline'>;
  readonly color: TextColor;
  /** Largest and smallest font size as a fraction of the card height. */
  readonly max: number;
  readonly min: number;
  /** Space above the line, as a fraction of its largest size. */
  readonly gapAbove: number;
  /** Most lines the field wraps to; a two-line field may break between any characters below `min`, down to its floor. */
  readonly lines: 1 | 2;
  readonly bold?: boolean;
}

// Who (the name, largest, bold), what they do and where (title muted over company), then how to reach them
// (quieter, set apart). Name, title and company are up to 80 characters of free text: each may wrap to two
// lines. The phone and email stay on one line (a broken number or address is misread).
const LINE_SPECS: readonly LineSpec[] = [
  { field: 'name', color: 'text', max: 0.1, min: 0.05, gapAbove: 0, lines: 2, bold: true },
  { field: 'title', color: 'muted', max: 0.05, min: 0.035, gapAbove: 0.05, lines: 2 },
  { field: 'company', color: 'text', max: 0.05, min: 0.035, gapAbove: 0, lines: 2 },
  { field: 'phone', color: 'muted', max: 0.042, min: 0.033, gapAbove: 0.6, lines: 1 },
  { field: 'email', color: 'muted', max: 0.042, min: 0.033, gapAbove: 0, lines: 1 },
];

// The floor of a wrapping field holds its longest accepted text (80 characters, see core/record.ts) of the
// widest characters the fonts draw: emoji are 1.27 em, the widest letters (Cyrillic Komi, bold) 1.5 em.
// Wider are only dashes of two and three ems and Arabic presentation-form ligatures (U+FDFD is 7.9 em).
const FIELD_MAX_CHARACTERS = 80;
const WIDEST_CHARACTER_EM = 1.5;

const quarter = (size: number) => Math.floor(size * 4) / 4;

function fieldText(record: CardFields, field: LineSpec['field']): string | undefined {
  if (field === 'phone') return formatPhoneForDisplay(record.phone);
  const value = record[field];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Appends a field's lines, one under the other from `top.y`; returns the y below the last. */
function placeField(
  lines: TextLine[],
  spec: LineSpec,
  fitted: FittedText,
  top: { x: number; y: number; width: number },
  boxSize: number,
  heights: readonly number[],
): number {
  let y = top.y;
  fitted.lines.forEach((line, index) => {
    const box: Box = { x: top.x, y, width: top.width, height: heights[index]! };
    lines.push({
      field: spec.field,
      box,
      baseline: y + Math.round(line.shaped.ascent * boxSize),
      fontSize: fitted.fontSize,
      text: line.text,
      joiner: line.joiner,
      truncated: fitted.truncated,
      bold: spec.bold ?? false,
      color: spec.color,
      shaped: line.shaped,
    });
    y += box.height;
  });
  return y;
}

/** Lays out one card for `record`; the record's fields are drawn as given (validate them first). */
export function layoutCard(record: CardFields, branding: CardBranding): CardLayout {
  const { width, height } = branding;
  const geometry = cardGeometry(width, height, branding.event !== undefined);

  const cardType = branding.cardTypes.find((type) => type.id === record.type);
  const accent = cardType?.accent ?? branding.cardTypes[0]?.accent ?? branding.colors.text;
  const typeLabel = cardType?.label ?? record.type.toUpperCase();

  const logo = branding.logo && fitLogo(geometry.logoArea, branding.logo.width, branding.logo.height);

  const payload = qrPayload(record, branding.qr);
  const minModulePx = Math.max(1, Math.round((0.5 * height) / 50.8));
  const matrix = encodeQr(payload, geometry.qrBox.width, minModulePx);
  const codeSide = (matrix.size + 2 * QUIET_ZONE_MODULES) * matrix.modulePx;
  const qrBox: Box = {
    x: geometry.qrBox.x + Math.floor((geometry.qrBox.width - codeSide) / 2),
    y: geometry.qrBox.y + Math.floor((geometry.qrBox.height - codeSide) / 2),
    width: codeSide,
    height: codeSide,
  };
  const qr: QrPlacement = {
    ...matrix,
    payload,
    box: qrBox,
    originX: qrBox.x + QUIET_ZONE_MODULES * matrix.modulePx,
    originY: qrBox.y + QUIET_ZONE_MODULES * matrix.modulePx,
  };

  const present = LINE_SPECS.flatMap((spec) => {
    const text = fieldText(record, spec.field);
    return text === undefined ? [] : [{ spec, text }];
  });
  const area = geometry.textArea;
  const floorSize = (lines: number) => quarter((area.width * lines) / (FIELD_MAX_CHARACTERS * WIDEST_CHARACTER_EM));
  // Fonts with tall ascenders, long texts or many fields shrink every field alike so the block always fits.
  const stack = (scale: number) =>
    present.map(({ spec, text }, index) => {
      const maxSize = quarter(spec.max * height * scale);
      const minSize = Math.min(maxSize, quarter(spec.min * height * scale));
      const floor = spec.lines === 1 ? minSize : Math.min(minSize, floorSize(spec.lines));
      const shape = spec.bold ? branding.boldShape : branding.shape;
      const fitted = fitText(shape, text, area.width, { max: maxSize, min: minSize, floor }, spec.lines);
      const gap = index === 0 ? 0 : Math.ceil(spec.gapAbove * maxSize);
      // A one-line field keeps the slot of its largest size; the lines of a wrapped field are set at their size.
      const boxSize = fitted.lines.length === 1 ? maxSize : fitted.fontSize;
      const heights = fitted.lines.map((line) => Math.ceil((line.shaped.ascent + line.shaped.descent) * boxSize));
      return { spec, fitted, gap, boxSize, heights };
    });
  const total = (rows: ReturnType<typeof stack>) => rows.reduce((sum, row) => sum + row.gap + row.heights.reduce((a, b) => a + b, 0), 0);
  let scale = 1;
  let rows = stack(scale);
  while (total(rows) > area.height && scale > 0.05) {
    scale *= Math.min(0.99, area.height / total(rows));
    rows = stack(scale);
  }
  let y = area.y + Math.floor((area.height - total(rows)) / 2);
  const lines: TextLine[] = [];
  for (const { spec, fitted, gap, boxSize, heights } of rows) {
    y += gap;
    y = placeField(lines, spec, fitted, { x: area.x, y, width: area.width }, boxSize, heights);
  }

  lines.push(...cachedEventLines(branding, geometry.header, logo), typeLabelLine(branding, geometry.labelArea, typeLabel));
  return {
    width,
    height,
    logoArea: geometry.logoArea,
    ...(logo ? { logo } : {}),
    band: { ...geometry.band, accent, typeLabel },
    qr,
    lines,
  };
}

/** A single line fitted to `box` (shrunk, then cut only as a last resort), its baseline placed by the fonts it uses. */
function headerLine(
  branding: CardBranding,
  style: { field: TextField; color: TextColor; bold: boolean },
  text: string,
  box: Box,
  maxSize: number,
  minSize: number,
): PlacedLine {
  const shape = style.bold ? branding.boldShape : branding.shape;
  const fitted = fitText(shape, text, box.width, { max: maxSize, min: minSize, floor: minSize });
  const line = fitted.lines[0]!;
  const ascentPx = Math.ceil(line.shaped.ascent * fitted.fontSize);
  const descentPx = Math.ceil(line.shaped.descent * fitted.fontSize);
  return {
    ...style,
    box: { ...box, height: ascentPx + descentPx },
    baseline: box.y + ascentPx,
    ascentPx,
    descentPx,
    fontSize: fitted.fontSize,
    truncated: fitted.truncated,
    ...line,
  };
}

/** `text` cut in two at the break nearest its middle: a space, or in text without spaces (CJK) any character boundary. */
function splitInTwo(text: string): [string, string] | undefined {
  const clusters = graphemes(text);
  const spaced = clusters.includes(' ');
  let best: number | undefined;
  let offset = 0;
  clusters.forEach((cluster, index) => {
    if (
      index > 0 &&
      (spaced ? cluster === ' ' : true) &&
      (best === undefined || Math.abs(offset - text.length / 2) < Math.abs(best - text.length / 2))
    )
      best = offset;
    offset += cluster.length;
  });
  if (best === undefined) return undefined;
  return [text.slice(0, best).trimEnd(), text.slice(best).trimStart()];
}

type PlacedLine = TextLine & { ascentPx: number; descentPx: number };

// The event's lines depend only on the branding (its event, size, fonts and logo), so every card of a branding shares them.
const eventLinesByBranding = new WeakMap<CardBranding, readonly TextLine[]>();

function cachedEventLines(branding: CardBranding, header: Box, logo: Box | undefined): readonly TextLine[] {
  let lines = eventLinesByBranding.get(branding);
  if (!lines) eventLinesByBranding.set(branding, (lines = eventLines(branding, header, logo)));
  return lines;
}

/**
 * The event's name in the header, right of the logo when there is one, with its tagline under it: the name
 * on one line when it fits at a comfortable size, else on two; then both shrink alike until they fit the header.
 */
function eventLines(branding: CardBranding, header: Box, logo: Box | undefined): TextLine[] {
  const event = branding.event;
  if (!event) return [];
  const height = branding.height;
  const left = logo ? logo.x + logo.width + Math.round(height * 0.04) : header.x;
  const column: Box = { x: left, y: header.y, width: header.x + header.width - left, height: header.height };
  const size = (fraction: number, scale: number) => Math.floor(height * fraction * scale * 4) / 4;
  const oneLine = branding.boldShape(event.name).advance * size(0.045, 1) <= column.width;
  const nameParts = (oneLine ? undefined : splitInTwo(event.name)) ?? [event.name];
  const [nameMax, nameMin] = nameParts.length === 1 ? [0.065, 0.04] : [0.05, 0.035];
  const stack = (scale: number) => {
    const rows: PlacedLine[] = nameParts.map((part) =>
      headerLine(branding, { field: 'event', color: 'text', bold: true }, part, column, size(nameMax, scale), size(nameMin, scale)),
    );
    if (event.tagline !== undefined)
      rows.push(
        headerLine(
          branding,
          { field: 'tagline', color: 'muted', bold: false },
          event.tagline,
          column,
          size(0.042, scale),
          size(0.033, scale),
        ),
      );
    const between = Math.round(height * 0.01 * scale);
    return { rows, between, total: rows.reduce((sum, row) => sum + row.box.height, 0) + between * (rows.length - 1) };
  };
  // Fonts with tall ascenders (Arabic, Thai) can make the block taller than the header: then every line shrinks alike.
  let block = stack(1);
  for (let scale = 1; block.total > column.height && scale > 0.3; block = stack(scale))
    scale *= Math.min(0.98, column.height / block.total);
  let top = column.y + Math.floor((column.height - block.total) / 2);
  return block.rows.map((row) => {
    const placed = moveLine(row, top);
    top += row.box.height + block.between;
    return placed;
  });
}

function moveLine(line: PlacedLine, top: number): TextLine {
  const { ascentPx, descentPx: _descentPx, ...rest } = line;
  return { ...rest, box: { ...line.box, y: top }, baseline: top + ascentPx };
}

/** The card type's label, centred under the QR code in the accent colour. */
function typeLabelLine(branding: CardBranding, area: Box, typeLabel: string): TextLine {
  const height = branding.height;
  const line = headerLine(
    branding,
    { field: 'label', color: 'accent', bold: true },
    typeLabel,
    area,
    Math.floor(height * 0.06),
    Math.floor(height * 0.035),
  );
  const drawn = Math.ceil(line.shaped.advance * line.fontSize);
  const placed = moveLine(line, area.y + Math.floor((area.height - line.box.height) / 2));
  return { ...placed, box: { ...placed.box, x: area.x + Math.floor((area.width - drawn) / 2), width: drawn } };
}
