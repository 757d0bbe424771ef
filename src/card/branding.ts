// The loaded branding a card is drawn with: parsed fonts, the logo already sized and reduced to a
// palette, colours and card types. Built once per process by loadBranding and reused for every card.
import type { CardEvent, CardType } from '../core/config.js';
import type { FontChain, ShapedText } from './font-chain.js';
import type { QrSettings } from './qr-code.js';

export interface CardColors {
  /** "#rrggbb" */
  readonly background: string;
  readonly text: string;
  readonly muted: string;
}

/** The logo, fitted to its box once at load time and flattened onto the card background. */
export interface LogoImage {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  /** RGB triplets, at most MAX_LOGO_COLORS entries. */
  readonly palette: Uint8Array;
  /** Index into `palette` per pixel, row-major. */
  readonly indices: Uint8Array;
}

/** A rasterised glyph ready to draw: coverage already mapped to ramp levels (0 is transparent). */
export interface GlyphLevels {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly top: number;
  /** 0..LEVELS per pixel, row-major. */
  readonly levels: Uint8Array;
}

export interface CardBranding {
  readonly width: number;
  readonly height: number;
  readonly colors: CardColors;
  readonly cardTypes: readonly CardType[];
  readonly qr: QrSettings;
  /** The event heading every card; absent when the config names none. */
  readonly event?: CardEvent;
  readonly fonts: FontChain;
  /** Shapes text with the font chain (memoised). */
  readonly shape: (text: string) => ShapedText;
  /** The chain for bold text (the name): bold faces where bundled, else the regular ones. */
  readonly boldFonts: FontChain;
  readonly boldShape: (text: string) => ShapedText;
  /** None when the config names no logo but an event, whose name then heads the card in the logo's place. */
  readonly logo?: LogoImage;
  /** Rasterised glyphs by pixel size, then by chain font index * 65536 + glyph id (bold chain indices from BOLD_KEY_OFFSET); grows as new glyphs are drawn. */
  readonly glyphCache: Map<number, Map<number, GlyphLevels>>;
}

export const MAX_LOGO_COLORS = 64;
/** Added to a bold chain's font index in glyph cache keys, so the two chains' glyphs never share a key. */
export const BOLD_KEY_OFFSET = 256;

export function parseHexColor(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}
