// Loads branding once: the operator's fonts parsed, the bundled fallbacks summarised (parsed when first
// needed), the logo decoded, fitted and reduced to a palette. Every problem names the file and what is wrong.
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// A static import, not import(): in a bundle (the render-card Lambda) a dynamically imported module and
// everything under it is wrapped in a lazy initialiser, which V8 parses a second time when it first
// runs; for fontkit that was ~15-20 ms of CPU on a cold start. Code that only needs the asset names
// imports bundled-assets.ts and never loads fontkit.
import { create as createFont } from 'fontkit';
import type { Config } from '../core/config.js';
import { userError, errorCode, errorMessage } from '../core/errors.js';
import { MAX_LOGO_COLORS, parseHexColor, type CardBranding, type LogoImage } from './branding.js';
import { BOLD_CHAIN, BUNDLED_FONTS, DEFAULT_LOGO, EMOJI_FONT, REGULAR_CHAIN } from './bundled-assets.js';
import { cachedShaper, createFontChain, lazyChainFont, parsedChainFont, type ChainFont } from './font-chain.js';
import { mayCover, readFontSummary } from './font-summary.js';
import { cardGeometry, fitLogo } from './layout.js';
import { decodeSimplePng, flattenRgbaKeys, readPngHeader, type SimplePng } from './png-decode.js';
import { keysToRgb, quantise, quantiseKeys, type IndexedImage } from './quantise.js';
import { looksLikeSvg, svgProblems } from './svg-safety.js';

export { BUNDLED_FONTS, DEFAULT_LOGO };
export const MAX_LOGO_BYTES = 5 * 1024 * 1024;
export const MAX_LOGO_SIDE = 4096;

export interface LoadBrandingOptions {
  readonly config: Pick<Config, 'card' | 'branding' | 'cardTypes' | 'qr' | 'event'>;
  /** Directory that relative logo and font paths in the config resolve against. Default: the working directory. */
  readonly baseDir?: string;
  /** Directory holding the bundled `fonts/` and default logo. Default: the package's `assets/`. */
  readonly assetsDir?: string;
}

/** The package's assets folder, found from this module's location (src/card or dist/card). */
export function defaultAssetsDir(): string {
  return fileURLToPath(new URL('../../assets/', import.meta.url));
}

/** The error for a branding file (`what`: font, logo) that could not be opened or read. */
function brandingFileError(file: string, what: string, error: unknown) {
  const code = errorCode(error);
  const problem =
    code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? String(error)})`;
  return userError('branding-file', `${what} ${file}: ${problem}`, {
    hint: 'check the path in qrcard.config.json (branding)',
    cause: error,
  });
}

async function readBrandingFile(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw brandingFileError(file, what, error);
  }
}

function fontError(file: string, error: unknown) {
  return userError('branding-font', `font ${file}: cannot be parsed as TrueType/OpenType (${errorMessage(error)})`, {
    hint: 'use a .ttf or .otf file',
    cause: error,
  });
}

function parseFont(file: string, bytes: Buffer): ChainFont {
  try {
    const parsed = createFont(bytes);
    const font = 'fonts' in parsed ? parsed.fonts[0] : parsed;
    if (!font) throw new Error('the collection holds no fonts');
    // Touch the tables the renderer needs so a broken font fails here, not mid-card.
    font.hasGlyphForCodePoint(0x41);
    if (!(font.unitsPerEm > 0)) throw new Error('no valid unitsPerEm');
    return parsedChainFont(file, font);
  } catch (error) {
    throw fontError(file, error);
  }
}

/** The operator's own fonts: parsed at load time, so a broken one is reported before any card. */
async function loadFont(file: string): Promise<ChainFont> {
  const bytes = await readBrandingFile(file, 'font');
  return parseFont(file, bytes);
}

/**
 * A bundled fallback font: only its metrics and cmap ranges are read now; the file is read and parsed
 * the first time a text needs a character the earlier fonts lack (most cards need only Noto Sans).
 */
function fallbackFont(file: string, emoji: boolean): ChainFont {
  let summary;
  try {
    summary = readFontSummary(file);
  } catch (error) {
    if (errorCode(error) !== undefined) throw brandingFileError(file, 'font', error);
    throw fontError(file, error);
  }
  const { coverage, ...metrics } = summary;
  return lazyChainFont(
    file,
    metrics,
    (codePoint) => mayCover(coverage, codePoint),
    () => parseFont(file, readFileSync(file)).font,
    { emoji },
  );
}

/**
 * The logo's palette and pixels, flattened onto the card background. A palette PNG with few enough
 * colours keeps its own palette, with no work per pixel; anything else is reduced to MAX_LOGO_COLORS.
 */
function logoColors(png: SimplePng, background: readonly [number, number, number]): IndexedImage {
  const { width, height } = png;
  if (png.kind === 'rgba') return quantiseKeys(flattenRgbaKeys(png.rgba, background), width, height, MAX_LOGO_COLORS);
  const colors = flattenRgbaKeys(png.paletteRgba, background);
  if (colors.length <= MAX_LOGO_COLORS) return { width, height, palette: keysToRgb(colors), indices: png.indices };
  return quantiseKeys(
    Int32Array.from(png.indices, (index) => colors[index]!),
    width,
    height,
    MAX_LOGO_COLORS,
  );
}

async function loadLogo(file: string, options: LoadBrandingOptions): Promise<LogoImage> {
  const { config } = options;
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw brandingFileError(file, 'logo', error);
  }
  if (size > MAX_LOGO_BYTES) {
    throw userError('branding-logo', `logo ${file}: ${(size / 1024 / 1024).toFixed(1)} MB is over the 5 MB limit`, {
      hint: 'export the logo smaller; it is drawn at most a few hundred pixels wide',
    });
  }
  const bytes = await readBrandingFile(file, 'logo');
  const svg = looksLikeSvg(bytes);
  if (svg) {
    const problems = svgProblems(bytes.toString('utf8'));
    if (problems.length > 0) {
      throw userError('branding-logo', `logo ${file}: SVG rejected: ${problems.join('; ')}`, {
        hint: 'use a self-contained SVG (no scripts, no links to other files) or a PNG',
        details: problems,
      });
    }
  }
  const area = cardGeometry(config.card.width, config.card.height, config.event !== undefined).logoArea;
  const background = parseHexColor(config.branding.colors.background);
  const png = svg ? undefined : readPngHeader(bytes);
  if (png && (png.width > MAX_LOGO_SIDE || png.height > MAX_LOGO_SIDE)) {
    throw userError('branding-logo', `logo ${file}: ${png.width}x${png.height} px is over the ${MAX_LOGO_SIDE} px limit`, {
      hint: 'export the logo at most 4096 px on its longest side',
    });
  }
  // A plain PNG already at its card size (the default logo is one) needs no resampling and no sharp.
  const exact = png ? fitLogo(area, png.width, png.height) : undefined;
  if (png && exact && exact.width === png.width && exact.height === png.height) {
    const decoded = decodeSimplePng(bytes);
    if (decoded) return { file, ...logoColors(decoded, background) };
  }
  const { default: sharp } = await import('sharp');
  let width: number;
  let height: number;
  try {
    const metadata = await sharp(bytes).metadata();
    if (!metadata.width || !metadata.height) throw new Error('no dimensions');
    width = metadata.width;
    height = metadata.height;
  } catch (error) {
    throw userError('branding-logo', `logo ${file}: not an image sharp can read (PNG or SVG expected)`, { cause: error });
  }
  if (width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE) {
    throw userError('branding-logo', `logo ${file}: ${width}x${height} px is over the ${MAX_LOGO_SIDE} px limit`, {
      hint: 'export the logo at most 4096 px on its longest side',
    });
  }
  const box = fitLogo(area, width, height);
  // SVGs are rasterised straight at the target size (density scales their 72 dpi default), never resampled.
  const density = svg ? Math.min(2400, Math.max(1, (72 * box.width) / width)) : undefined;
  const [r, g, b] = background;
  try {
    const { data, info } = await sharp(bytes, density ? { density } : {})
      .resize(box.width, box.height, { fit: 'fill' })
      .flatten({ background: { r, g, b } })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { file, ...quantise(data, info.width, info.height, MAX_LOGO_COLORS) };
  } catch (error) {
    throw userError('branding-logo', `logo ${file}: cannot be decoded (${errorMessage(error)})`, { cause: error });
  }
}

/** Loads fonts and logo for the config's branding; call once and reuse the result for every card. */
export async function loadBranding(options: LoadBrandingOptions): Promise<CardBranding> {
  const { config } = options;
  const baseDir = options.baseDir ?? process.cwd();
  const assetsDir = options.assetsDir ?? defaultAssetsDir();
  const ownFonts = Promise.all(config.branding.fonts.map((file) => loadFont(path.resolve(baseDir, file))));
  // One entry per file, shared by both chains, so a face both use is parsed once.
  const fallbacks = new Map(BUNDLED_FONTS.map((file) => [file, fallbackFont(path.join(assetsDir, 'fonts', file), file === EMOJI_FONT)]));
  // The default mark is qrcard's, not the event's: an event without a logo of its own heads the card with its name alone.
  const logoFile = config.branding.logo
    ? path.resolve(baseDir, config.branding.logo)
    : config.event === undefined
      ? path.join(assetsDir, DEFAULT_LOGO)
      : undefined;
  const [own, logo] = await Promise.all([ownFonts, logoFile === undefined ? undefined : loadLogo(logoFile, options)]);
  const chain = createFontChain([...own, ...REGULAR_CHAIN.map((file) => fallbacks.get(file)!)]);
  // The operator's fonts come first in the bold chain too: their regular face draws the name (no bold
  // file is configured), and the bundled bold faces only what they lack.
  const boldChain = createFontChain([...own, ...BOLD_CHAIN.map((file) => fallbacks.get(file)!)]);
  return {
    width: config.card.width,
    height: config.card.height,
    colors: config.branding.colors,
    cardTypes: config.cardTypes,
    qr: config.qr,
    ...(config.event === undefined ? {} : { event: config.event }),
    fonts: chain,
    shape: cachedShaper(chain),
    boldFonts: boldChain,
    boldShape: cachedShaper(boldChain),
    ...(logo ? { logo } : {}),
    glyphCache: new Map(),
  };
}
