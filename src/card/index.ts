// The card renderer's public surface: load branding once, then lay out and render cards.
export { loadBranding, BUNDLED_FONTS, DEFAULT_LOGO, defaultAssetsDir } from './load-branding.js';
export { renderCard, drawCard, DEFAULT_PNG_SETTINGS } from './render-card.js';
export { layoutCard } from './layout.js';
export type { CardFields } from './qr-code.js';
export { encodePalettePng } from './png-encode.js';
