// The card renderer's public surface: load branding once, then lay out and render cards.
export {
  loadBranding,
  BUNDLED_FONTS,
  DEFAULT_LOGO,
  MAX_LOGO_BYTES,
  MAX_LOGO_SIDE,
  defaultAssetsDir,
  type LoadBrandingOptions,
} from './load-branding.js';
export { renderCard, drawCard, DEFAULT_PNG_SETTINGS } from './render-card.js';
export { layoutCard, cardGeometry, fitText, type CardLayout, type Box, type TextLine, type QrPlacement } from './layout.js';
export { qrPayload, encodeQr, QUIET_ZONE_MODULES, type CardFields, type QrSettings } from './qr-code.js';
export { encodePalettePng, type PaletteImage, type PngSettings } from './png-encode.js';
export { shapeText, splitRuns, type FontChain, type ShapedText } from './font-chain.js';
export type { CardBranding, LogoImage } from './branding.js';
