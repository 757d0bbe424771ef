// Draws a card layout into palette pixels and encodes it as PNG. Pure: no file or network access;
// glyph masks are cached in the branding object so repeated characters are rasterised once.
import { parseHexColor, type CardBranding } from './branding.js';
import { rasteriseOutline, type GlyphMask } from './glyph-raster.js';
import { layoutCard, type CardLayout, type TextLine } from './layout.js';
import { encodePalettePng, type PaletteImage, type PngSettings } from './png-encode.js';
import type { CardFields } from './qr-code.js';

// Anti-aliasing levels per text colour: 31 steps are indistinguishable from 255 at 300 dpi and
// keep the whole card inside one 256-colour palette.
const LEVELS = 31;
const BACKGROUND = 0;
const QR_DARK = 1;
const QR_LIGHT = 2;
const ACCENT = 3;
const LOGO_BASE = 4;

type Rgb = readonly [number, number, number];

interface CardPalette {
  readonly rgb: Uint8Array;
  /** First index of each text colour's ramp; ramp + level (1..LEVELS) is that colour at level/LEVELS. */
  readonly ramps: Readonly<Record<TextLine['color'], number>>;
}

function blend(under: Rgb, over: Rgb, alpha: number): Rgb {
  return [0, 1, 2].map((channel) => Math.round(under[channel]! * (1 - alpha) + over[channel]! * alpha)) as unknown as Rgb;
}

/** White labels on dark accents, the text colour on light ones (WCAG relative luminance). */
function labelColor(accent: Rgb, text: Rgb): Rgb {
  const linear = accent.map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * linear[0]! + 0.7152 * linear[1]! + 0.0722 * linear[2]!;
  return luminance > 0.45 ? text : [255, 255, 255];
}

function buildPalette(branding: CardBranding, accentHex: string): CardPalette {
  const background = parseHexColor(branding.colors.background);
  const text = parseHexColor(branding.colors.text);
  const muted = parseHexColor(branding.colors.muted);
  const accent = parseHexColor(accentHex);
  const logoColors = branding.logo.palette.length / 3;
  const entries: Rgb[] = [background, [0, 0, 0], [255, 255, 255], accent];
  for (let i = 0; i < logoColors; i++) {
    entries.push([branding.logo.palette[i * 3]!, branding.logo.palette[i * 3 + 1]!, branding.logo.palette[i * 3 + 2]!]);
  }
  const ramp = (under: Rgb, over: Rgb) => {
    const start = entries.length - 1;
    for (let level = 1; level <= LEVELS; level++) entries.push(blend(under, over, level / LEVELS));
    return start;
  };
  const ramps = {
    text: ramp(background, text),
    muted: ramp(background, muted),
    'on-accent': ramp(accent, labelColor(accent, text)),
  };
  const rgb = new Uint8Array(entries.length * 3);
  entries.forEach((entry, index) => rgb.set(entry, index * 3));
  return { rgb, ramps };
}

function glyphMask(branding: CardBranding, fontIndex: number, glyphId: number, size: number): GlyphMask {
  const key = `${fontIndex}:${glyphId}:${size}`;
  let mask = branding.glyphCache.get(key);
  if (!mask) {
    const { font } = branding.fonts.fonts[fontIndex]!;
    mask = rasteriseOutline(font.getGlyph(glyphId).path.commands, size / font.unitsPerEm);
    branding.glyphCache.set(key, mask);
  }
  return mask;
}

function drawLine(pixels: Uint8Array, width: number, line: TextLine, branding: CardBranding, rampStart: number): void {
  const { box, fontSize, shaped } = line;
  const rightToLeft = shaped.glyphs.length > 0 && /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u.test(line.text);
  const startX = rightToLeft ? box.x + box.width - shaped.advance * fontSize : box.x;
  const clipRight = box.x + box.width;
  const clipBottom = box.y + box.height;
  for (const glyph of shaped.glyphs) {
    const mask = glyphMask(branding, glyph.fontIndex, glyph.glyphId, fontSize);
    if (mask.width === 0) continue;
    const originX = Math.round(startX + glyph.x * fontSize) + mask.left;
    const originY = Math.round(line.baseline - glyph.y * fontSize) + mask.top;
    const fromRow = Math.max(0, box.y - originY);
    const toRow = Math.min(mask.height, clipBottom - originY);
    const fromColumn = Math.max(0, box.x - originX);
    const toColumn = Math.min(mask.width, clipRight - originX);
    for (let row = fromRow; row < toRow; row++) {
      const maskRow = row * mask.width;
      const pixelRow = (originY + row) * width + originX;
      for (let column = fromColumn; column < toColumn; column++) {
        const coverage = mask.coverage[maskRow + column]!;
        if (coverage === 0) continue;
        const level = ((coverage * LEVELS + 127) / 255) | 0;
        if (level === 0) continue;
        const index = pixelRow + column;
        const current = pixels[index]!;
        // Overlapping glyphs (kerning, marks) keep the darker of the two coverages.
        if (current > rampStart && current <= rampStart + LEVELS && current - rampStart >= level) continue;
        pixels[index] = rampStart + level;
      }
    }
  }
}

function fillRect(pixels: Uint8Array, width: number, x: number, y: number, w: number, h: number, value: number): void {
  for (let row = y; row < y + h; row++) pixels.fill(value, row * width + x, row * width + x + w);
}

/** Draws `layout` into palette pixels (into `target` when given, which must hold width x height bytes). */
export function drawCard(layout: CardLayout, branding: CardBranding, target?: Uint8Array): PaletteImage {
  const { width, height } = layout;
  const palette = buildPalette(branding, layout.band.accent);
  const pixels = target ?? new Uint8Array(width * height);
  pixels.fill(BACKGROUND);

  const { band, qr, logo } = layout;
  fillRect(pixels, width, band.x, band.y, band.width, band.height, ACCENT);

  fillRect(pixels, width, qr.box.x, qr.box.y, qr.box.width, qr.box.height, QR_LIGHT);
  // Each module row is drawn once as one pixel row, then copied down modulePx - 1 times.
  for (let row = 0; row < qr.size; row++) {
    const top = (qr.originY + row * qr.modulePx) * width;
    for (let column = 0; column < qr.size; column++) {
      if (!qr.modules[row * qr.size + column]) continue;
      const left = top + qr.originX + column * qr.modulePx;
      for (let i = 0; i < qr.modulePx; i++) pixels[left + i] = QR_DARK;
    }
    const start = top + qr.originX;
    const end = start + qr.size * qr.modulePx;
    for (let copy = 1; copy < qr.modulePx; copy++) pixels.copyWithin(start + copy * width, start, end);
  }

  const image = branding.logo;
  const logoWidth = Math.min(image.width, logo.width);
  const logoHeight = Math.min(image.height, logo.height);
  for (let row = 0; row < logoHeight; row++) {
    const target = (logo.y + row) * width + logo.x;
    const source = row * image.width;
    for (let column = 0; column < logoWidth; column++) pixels[target + column] = LOGO_BASE + image.indices[source + column]!;
  }

  for (const line of layout.lines) drawLine(pixels, width, line, branding, palette.ramps[line.color]);
  return { width, height, pixels, palette: palette.rgb };
}

export const DEFAULT_PNG_SETTINGS: Required<PngSettings> = { compressionLevel: 3, dpi: 300 };

/** Renders one card: layout, draw, encode. `settings` default to DEFAULT_PNG_SETTINGS. */
export async function renderCard(record: CardFields, branding: CardBranding, settings: PngSettings = DEFAULT_PNG_SETTINGS): Promise<Buffer> {
  const layout = layoutCard(record, branding);
  let canvas = canvases.get(branding);
  if (canvas?.length !== layout.width * layout.height) {
    canvas = new Uint8Array(layout.width * layout.height);
    canvases.set(branding, canvas);
  }
  return encodePalettePng(drawCard(layout, branding, canvas), settings);
}

// One reusable canvas per branding: the pixels are encoded before renderCard returns, so reuse is safe.
const canvases = new WeakMap<CardBranding, Uint8Array>();
