// Card layout as data: where the logo, QR code, band and each text line go, at what size, with what
// text after shrinking and ellipsis. Pure: the renderer draws exactly this, and tests inspect it.
import { formatPhoneForDisplay } from '../core/phone.js';
import type { CardBranding } from './branding.js';
import type { ShapedText } from './font-chain.js';
import { fitText, type FittedText } from './text-fit.js';
import { encodeQr, qrPayload, QUIET_ZONE_MODULES, type CardFields, type QrMatrix } from './qr-code.js';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type TextField = 'name' | 'title' | 'company' | 'phone' | 'email' | 'label';
export type TextColor = 'text' | 'muted' | 'on-accent';

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
  /** Drawn with the bold chain (the name). */
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
  /** The area reserved for the logo, and the fitted logo inside it. */
  readonly logoArea: Box;
  readonly logo: Box;
  readonly band: Box & { readonly accent: string; readonly typeLabel: string };
  readonly qr: QrPlacement;
  readonly lines: readonly TextLine[];
}

/** Size and spacing of the card's fixed regions, proportional to the card's height. */
export function cardGeometry(width: number, height: number) {
  const margin = Math.round(height * 0.06);
  const bandHeight = Math.round(height * 0.13);
  const qrSide = Math.min(height - bandHeight - 2 * margin, Math.floor(width * 0.5));
  const qrBox: Box = { x: width - margin - qrSide, y: margin, width: qrSide, height: qrSide };
  const columnWidth = qrBox.x - 2 * margin;
  const logoArea: Box = { x: margin, y: margin, width: columnWidth, height: Math.round(height * 0.15) };
  const gap = Math.round(margin * 0.67);
  const textArea: Box = {
    x: margin,
    y: logoArea.y + logoArea.height + gap,
    width: columnWidth,
    height: height - bandHeight - gap - (logoArea.y + logoArea.height + gap),
  };
  const band: Box = { x: 0, y: height - bandHeight, width, height: bandHeight };
  return { margin, bandHeight, qrBox, logoArea, textArea, band };
}

/** The largest box of the given aspect ratio inside `area`, left-aligned and vertically centred, in whole pixels. */
export function fitLogo(area: Box, imageWidth: number, imageHeight: number): Box {
  const scale = Math.min(area.width / imageWidth, area.height / imageHeight);
  const width = Math.max(1, Math.floor(imageWidth * scale));
  const height = Math.max(1, Math.floor(imageHeight * scale));
  return { x: area.x, y: area.y + Math.floor((area.height - height) / 2), width, height };
}

interface LineSpec {
  readonly field: Exclude<TextField, 'label'>;
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

// Name, title and company are up to 80 characters of free text: each may wrap to two lines. The phone
// and email stay on one line (a broken number or address is misread).
const LINE_SPECS: readonly LineSpec[] = [
  { field: 'name', color: 'text', max: 0.1, min: 0.05, gapAbove: 0, lines: 2, bold: true },
  { field: 'title', color: 'muted', max: 0.055, min: 0.035, gapAbove: 0.1, lines: 2 },
  { field: 'company', color: 'text', max: 0.055, min: 0.035, gapAbove: 0.1, lines: 2 },
  { field: 'phone', color: 'text', max: 0.05, min: 0.035, gapAbove: 0.3, lines: 1 },
  { field: 'email', color: 'muted', max: 0.05, min: 0.035, gapAbove: 0.1, lines: 1 },
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
  const geometry = cardGeometry(width, height);
  const lineHeightEm = branding.fonts.ascent + branding.fonts.descent;

  const cardType = branding.cardTypes.find((type) => type.id === record.type);
  const accent = cardType?.accent ?? branding.cardTypes[0]?.accent ?? branding.colors.text;
  const typeLabel = cardType?.label ?? record.type.toUpperCase();

  const logo = fitLogo(geometry.logoArea, branding.logo.width, branding.logo.height);

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

  const band = geometry.band;
  const labelMax = Math.floor(Math.min(band.height * 0.5, (band.height * 0.8) / lineHeightEm) * 4) / 4;
  const labelHeight = Math.ceil(lineHeightEm * labelMax);
  const labelBox: Box = {
    x: geometry.margin,
    y: band.y + Math.floor((band.height - labelHeight) / 2),
    width: width - 2 * geometry.margin,
    height: labelHeight,
  };
  const labelMin = Math.min(labelMax, Math.floor(band.height * 0.3));
  const label = fitText(branding.shape, typeLabel, labelBox.width, { max: labelMax, min: labelMin, floor: labelMin });
  lines.push({
    field: 'label',
    box: labelBox,
    baseline: labelBox.y + Math.round(branding.fonts.ascent * labelMax),
    color: 'on-accent',
    fontSize: label.fontSize,
    truncated: label.truncated,
    bold: false,
    ...label.lines[0]!,
  });

  return { width, height, logoArea: geometry.logoArea, logo, band: { ...band, accent, typeLabel }, qr, lines };
}
