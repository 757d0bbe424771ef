// Names of the fonts and logo that ship with qrcard, apart from the renderer, so that code which only
// packages them (the deploy bundle) does not load the font parser.

/** Fonts shipped with qrcard, in fallback order (see assets/fonts/README.md). */
export const BUNDLED_FONTS = [
  'NotoSans-Regular.ttf',
  // The Korean CJK face split in two, so a Hangul name parses 2.4 MB rather than 16 MB.
  'NotoSansCJKkr-Hangul.ttf',
  'NotoSansCJKkr-Ideographs.ttf',
  'NotoSansArabic-Regular.ttf',
  'NotoSansHebrew-Regular.ttf',
  'NotoSansDevanagari-Regular.ttf',
  'NotoSansThai-Regular.ttf',
] as const;
/** A palette PNG (at most 64 colours) at exactly its size on a default (1050x600) card; assets/logo.svg is its source. */
export const DEFAULT_LOGO = 'logo.png';
