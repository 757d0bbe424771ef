// Draws a card layout into palette pixels and encodes it as PNG. Pure: no file or network access;
// glyph masks are cached in the branding object so repeated characters are rasterised once.
import { BOLD_KEY_OFFSET, parseHexColor, type CardBranding, type GlyphLevels, type LogoImage } from './branding.js';
import { rasteriseOutline, type GlyphMask } from './glyph-raster.js';
import { layoutCard, type Box, type CardLayout, type TextLine } from './layout.js';
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

function relativeLuminance(color: Rgb): number {
  const linear = color.map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * linear[0]! + 0.7152 * linear[1]! + 0.0722 * linear[2]!;
}

/** The accent for the type label, or the text colour when the accent is too faint on the background to read (WCAG contrast under 3:1). */
function labelColor(accent: Rgb, background: Rgb, text: Rgb): Rgb {
  const [lighter, darker] = [relativeLuminance(accent), relativeLuminance(background)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05) >= 3 ? accent : text;
}

// One palette per branding and accent (a card type's colour): blending the ramps anew for every card cost more than drawing its QR code.
const palettes = new WeakMap<CardBranding, Map<string, CardPalette>>();

function paletteFor(branding: CardBranding, accentHex: string): CardPalette {
  let byAccent = palettes.get(branding);
  if (!byAccent) palettes.set(branding, (byAccent = new Map<string, CardPalette>()));
  let palette = byAccent.get(accentHex);
  if (!palette) byAccent.set(accentHex, (palette = buildPalette(branding, accentHex)));
  return palette;
}

function buildPalette(branding: CardBranding, accentHex: string): CardPalette {
  const background = parseHexColor(branding.colors.background);
  const text = parseHexColor(branding.colors.text);
  const muted = parseHexColor(branding.colors.muted);
  const accent = parseHexColor(accentHex);
  const logoPalette = branding.logo?.palette ?? new Uint8Array(0);
  const entries: Rgb[] = [background, [0, 0, 0], [255, 255, 255], accent];
  for (let i = 0; i < logoPalette.length / 3; i++) entries.push([logoPalette[i * 3]!, logoPalette[i * 3 + 1]!, logoPalette[i * 3 + 2]!]);
  const ramp = (under: Rgb, over: Rgb) => {
    const start = entries.length - 1;
    for (let level = 1; level <= LEVELS; level++) entries.push(blend(under, over, level / LEVELS));
    return start;
  };
  const ramps = {
    text: ramp(background, text),
    muted: ramp(background, muted),
    accent: ramp(background, labelColor(accent, background, text)),
  };
  const rgb = new Uint8Array(entries.length * 3);
  entries.forEach((entry, index) => rgb.set(entry, index * 3));
  return { rgb, ramps };
}

function toLevels(mask: GlyphMask): GlyphLevels {
  return { width: mask.width, height: mask.height, left: mask.left, top: mask.top, levels: mask.coverage };
}

function glyphLevels(branding: CardBranding, bold: boolean, fontIndex: number, glyphId: number, size: number): GlyphLevels {
  let atSize = branding.glyphCache.get(size);
  if (!atSize) branding.glyphCache.set(size, (atSize = new Map<number, GlyphLevels>()));
  // Glyph ids are 16-bit, so chain, font and glyph make one number key (no string built per glyph drawn).
  const key = (bold ? fontIndex + BOLD_KEY_OFFSET : fontIndex) * 65536 + glyphId;
  let glyph = atSize.get(key);
  if (!glyph) {
    const { font } = (bold ? branding.boldFonts : branding.fonts).fonts[fontIndex]!;
    glyph = toLevels(rasteriseOutline(font.getGlyph(glyphId).path.commands, size / font.unitsPerEm, LEVELS));
    atSize.set(key, glyph);
  }
  return glyph;
}

function drawLine(pixels: Uint8Array, width: number, line: TextLine, branding: CardBranding, rampStart: number): void {
  const { box, fontSize, shaped } = line;
  const rightToLeft = shaped.glyphs.length > 0 && /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u.test(line.text);
  const startX = rightToLeft ? box.x + box.width - shaped.advance * fontSize : box.x;
  const clipRight = box.x + box.width;
  const clipBottom = box.y + box.height;
  const rampEnd = rampStart + LEVELS;
  for (const glyph of shaped.glyphs) {
    const mask = glyphLevels(branding, line.bold, glyph.fontIndex, glyph.glyphId, fontSize);
    if (mask.width === 0) continue;
    const originX = Math.round(startX + glyph.x * fontSize) + mask.left;
    const originY = Math.round(line.baseline - glyph.y * fontSize) + mask.top;
    const fromRow = Math.max(0, box.y - originY);
    const toRow = Math.min(mask.height, clipBottom - originY);
    const fromColumn = Math.max(0, box.x - originX);
    const toColumn = Math.min(mask.width, clipRight - originX);
    const levels = mask.levels;
    for (let row = fromRow; row < toRow; row++) {
      const maskRow = row * mask.width;
      const pixelRow = (originY + row) * width + originX;
      for (let column = fromColumn; column < toColumn; column++) {
        const level = levels[maskRow + column]!;
        if (level === 0) continue;
        const index = pixelRow + column;
        const current = pixels[index]!;
        // Overlapping glyphs (kerning, marks) keep the darker of the two coverages.
        if (current > rampStart && current <= rampEnd && current - rampStart >= level) continue;
        pixels[index] = rampStart + level;
      }
    }
  }
}

function fillRect(pixels: Uint8Array, width: number, x: number, y: number, w: number, h: number, value: number): void {
  if (x === 0 && w === width) pixels.fill(value, y * width, (y + h) * width);
  else for (let row = y; row < y + h; row++) pixels.fill(value, row * width + x, row * width + x + w);
}

// The logo's rows as canvas bytes (palette offset applied, clipped to its box), made once per logo and box.
const logoRows = new WeakMap<LogoImage, { width: number; height: number; bytes: Uint8Array }>();

function logoBytes(image: LogoImage, width: number, height: number): Uint8Array {
  const cached = logoRows.get(image);
  if (cached?.width === width && cached.height === height) return cached.bytes;
  const bytes = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) bytes[row * width + column] = LOGO_BASE + image.indices[row * image.width + column]!;
  }
  logoRows.set(image, { width, height, bytes });
  return bytes;
}

function drawLogo(pixels: Uint8Array, width: number, image: LogoImage, box: NonNullable<CardLayout['logo']>): void {
  const logoWidth = Math.min(image.width, box.width);
  const logoHeight = Math.min(image.height, box.height);
  const bytes = logoBytes(image, logoWidth, logoHeight);
  for (let row = 0; row < logoHeight; row++)
    pixels.set(bytes.subarray(row * logoWidth, (row + 1) * logoWidth), (box.y + row) * width + box.x);
}

/** The QR code with its quiet zone: each module row is drawn once as one pixel row and copied down. */
function drawQr(pixels: Uint8Array, width: number, qr: CardLayout['qr']): void {
  const { box, modulePx, size, modules } = qr;
  const left = box.y * width + box.x;
  pixels.fill(QR_LIGHT, left, left + box.width);
  const quietRows = qr.originY - box.y;
  for (let copy = 1; copy < quietRows; copy++) pixels.copyWithin(left + copy * width, left, left + box.width);
  for (let row = 0; row < size; row++) {
    const start = (qr.originY + row * modulePx) * width + box.x;
    pixels.copyWithin(start, left, left + box.width);
    let x = start + (qr.originX - box.x);
    for (let column = 0; column < size; column++, x += modulePx) {
      if (modules[row * size + column]) for (let i = 0; i < modulePx; i++) pixels[x + i] = QR_DARK;
    }
    for (let copy = 1; copy < modulePx; copy++) pixels.copyWithin(start + copy * width, start, start + box.width);
  }
  const below = qr.originY + size * modulePx;
  for (let y = below; y < box.y + box.height; y++) pixels.copyWithin(y * width + box.x, left, left + box.width);
}

const isEventLine = (line: TextLine) => line.field === 'event' || line.field === 'tagline';

// The event's lines are the same on every card of a branding: drawn once into their own rows, then copied.
// Their ramps (text, muted) sit at the same palette indices whatever the card type's accent.
const eventHeaders = new WeakMap<CardBranding, { box: Box; bytes: Uint8Array }>();

function drawEventHeader(
  pixels: Uint8Array,
  width: number,
  lines: readonly TextLine[],
  branding: CardBranding,
  palette: CardPalette,
): void {
  const x = Math.min(...lines.map((line) => line.box.x));
  const y = Math.min(...lines.map((line) => line.box.y));
  const right = Math.max(...lines.map((line) => line.box.x + line.box.width));
  const bottom = Math.max(...lines.map((line) => line.box.y + line.box.height));
  const box: Box = { x, y, width: right - x, height: bottom - y };
  let cached = eventHeaders.get(branding);
  if (!cached || cached.box.x !== x || cached.box.y !== y || cached.box.width !== box.width || cached.box.height !== box.height) {
    // Drawn at the card's coordinates on a scratch canvas the card's width, then the header's rows are kept.
    const scratch = new Uint8Array(width * bottom).fill(BACKGROUND);
    for (const line of lines) drawLine(scratch, width, line, branding, palette.ramps[line.color]);
    const bytes = new Uint8Array(box.width * box.height);
    for (let row = 0; row < box.height; row++)
      bytes.set(scratch.subarray((y + row) * width + x, (y + row) * width + right), row * box.width);
    cached = { box, bytes };
    eventHeaders.set(branding, cached);
  }
  for (let row = 0; row < box.height; row++)
    pixels.set(cached.bytes.subarray(row * box.width, (row + 1) * box.width), (y + row) * width + x);
}

/** Draws `layout` into palette pixels (into `target` when given, which must hold width x height bytes). */
export function drawCard(layout: CardLayout, branding: CardBranding, target?: Uint8Array): PaletteImage {
  const { width, height } = layout;
  const palette = paletteFor(branding, layout.band.accent);
  const pixels = target ?? new Uint8Array(width * height);
  const { band, qr, logo } = layout;
  pixels.fill(BACKGROUND);
  fillRect(pixels, width, band.x, band.y, band.width, band.height, ACCENT);
  drawQr(pixels, width, qr);

  if (logo && branding.logo) drawLogo(pixels, width, branding.logo, logo);

  const header = layout.lines.filter(isEventLine);
  if (header.length > 0) drawEventHeader(pixels, width, header, branding, palette);
  for (const line of layout.lines) if (!isEventLine(line)) drawLine(pixels, width, line, branding, palette.ramps[line.color]);
  return { width, height, pixels, palette: palette.rgb };
}

export const DEFAULT_PNG_SETTINGS: Required<PngSettings> = { compressionLevel: 3, dpi: 300 };

/**
 * Renders one card: layout, draw, encode. `settings` default to DEFAULT_PNG_SETTINGS. The work is synchronous
 * today, but callers await it, so an encoder that awaits (a worker, a native codec) can take its place.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- asynchronous by contract, see above
export async function renderCard(
  record: CardFields,
  branding: CardBranding,
  settings: PngSettings = DEFAULT_PNG_SETTINGS,
): Promise<Buffer> {
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
