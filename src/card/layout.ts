// Card layout as data: where the logo, QR code, band and each text line go, at what size, with what
// text after shrinking and ellipsis. Pure: the renderer draws exactly this, and tests inspect it.
import { formatPhoneForDisplay } from '../core/phone.js';
import type { CardBranding } from './branding.js';
import { graphemes, type ShapedText } from './font-chain.js';
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
  /** What is drawn: the field's text, or a prefix ending in "…". */
  readonly text: string;
  readonly truncated: boolean;
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
}

const LINE_SPECS: readonly LineSpec[] = [
  { field: 'name', color: 'text', max: 0.1, min: 0.05, gapAbove: 0 },
  { field: 'title', color: 'muted', max: 0.055, min: 0.035, gapAbove: 0.1 },
  { field: 'company', color: 'text', max: 0.055, min: 0.035, gapAbove: 0.1 },
  { field: 'phone', color: 'text', max: 0.05, min: 0.035, gapAbove: 0.3 },
  { field: 'email', color: 'muted', max: 0.05, min: 0.035, gapAbove: 0.1 },
];

const ELLIPSIS = '…';

/**
 * The largest size from `maxSize` down to `minSize` at which `text` fits `width`; below that the text
 * is cut at a grapheme boundary and ends in an ellipsis, at `minSize`.
 */
export function fitText(
  shape: (text: string) => ShapedText,
  text: string,
  width: number,
  maxSize: number,
  minSize: number,
): { text: string; fontSize: number; truncated: boolean; shaped: ShapedText } {
  const shaped = shape(text);
  if (shaped.advance * maxSize <= width) return { text, fontSize: maxSize, truncated: false, shaped };
  const fitting = Math.floor((width / shaped.advance) * 4) / 4;
  if (fitting >= minSize) return { text, fontSize: fitting, truncated: false, shaped };
  const clusters = graphemes(text);
  let low = 0;
  let high = clusters.length - 1;
  let best = { text: ELLIPSIS, shaped: shape(ELLIPSIS) };
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = clusters.slice(0, middle).join('').trimEnd() + ELLIPSIS;
    const candidateShaped = shape(candidate);
    if (candidateShaped.advance * minSize <= width) {
      best = { text: candidate, shaped: candidateShaped };
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (best.shaped.advance * minSize > width) best = { text: '', shaped: shape('') };
  return { ...best, fontSize: minSize, truncated: true };
}

function fieldText(record: CardFields, field: LineSpec['field']): string | undefined {
  if (field === 'phone') return formatPhoneForDisplay(record.phone);
  const value = record[field];
  return value === undefined || value.trim() === '' ? undefined : value;
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
  // Fonts with tall ascenders (or many lines) shrink every line alike so the block always fits.
  const stack = (scale: number) =>
    present.map(({ spec }, index) => {
      const maxSize = Math.floor(spec.max * height * scale * 4) / 4;
      const minSize = Math.min(maxSize, Math.floor(spec.min * height * scale * 4) / 4);
      const gap = index === 0 ? 0 : Math.ceil(spec.gapAbove * maxSize);
      return { maxSize, minSize, gap, boxHeight: Math.ceil(lineHeightEm * maxSize) };
    });
  const total = (rows: ReturnType<typeof stack>) => rows.reduce((sum, row) => sum + row.gap + row.boxHeight, 0);
  let scale = 1;
  let rows = stack(scale);
  while (total(rows) > area.height && scale > 0.05) {
    scale *= Math.min(0.99, area.height / total(rows));
    rows = stack(scale);
  }
  let y = area.y + Math.floor((area.height - total(rows)) / 2);
  const lines: TextLine[] = [];
  present.forEach(({ spec, text }, index) => {
    const { maxSize, minSize, gap, boxHeight } = rows[index]!;
    y += gap;
    const box: Box = { x: area.x, y, width: area.width, height: boxHeight };
    const fitted = fitText(branding.shape, text, area.width, maxSize, minSize);
    lines.push({
      field: spec.field,
      box,
      baseline: y + Math.round(branding.fonts.ascent * maxSize),
      color: spec.color,
      ...fitted,
    });
    y += boxHeight;
  });

  const band = geometry.band;
  const labelMax = Math.floor(Math.min(band.height * 0.5, (band.height * 0.8) / lineHeightEm) * 4) / 4;
  const labelHeight = Math.ceil(lineHeightEm * labelMax);
  const labelBox: Box = {
    x: geometry.margin,
    y: band.y + Math.floor((band.height - labelHeight) / 2),
    width: width - 2 * geometry.margin,
    height: labelHeight,
  };
  const label = fitText(branding.shape, typeLabel, labelBox.width, labelMax, Math.min(labelMax, Math.floor(band.height * 0.3)));
  lines.push({
    field: 'label',
    box: labelBox,
    baseline: labelBox.y + Math.round(branding.fonts.ascent * labelMax),
    color: 'on-accent',
    ...label,
  });

  return { width, height, logoArea: geometry.logoArea, logo, band: { ...band, accent, typeLabel }, qr, lines };
}
