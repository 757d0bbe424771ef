// Names of the fonts and logo that ship with qrcard, apart from the renderer, so that code which only
// packages them (the deploy bundle) does not load the font parser.

/** Fonts shipped with qrcard, regular faces in fallback order, each bold face after its regular one (see assets/fonts/README.md). */
export const BUNDLED_FONTS = [
  'NotoSans-Regular.ttf',
  'NotoSans-Bold.ttf',
  // The Korean CJK face split in two, so a Hangul name parses 2.4 MB rather than 16 MB.
  'NotoSansCJKkr-Hangul.ttf',
  'NotoSansCJKkr-Ideographs.ttf',
  'NotoSansArabic-Regular.ttf',
  'NotoSansArabic-Bold.ttf',
  'NotoSansHebrew-Regular.ttf',
  'NotoSansHebrew-Bold.ttf',
  'NotoSansDevanagari-Regular.ttf',
  'NotoSansDevanagari-Bold.ttf',
  'NotoSansThai-Regular.ttf',
  'NotoSansThai-Bold.ttf',
  'NotoEmoji-Regular.ttf',
] as const;

export type BundledFont = (typeof BUNDLED_FONTS)[number];

/** The monochrome emoji face: whole emoji clusters are drawn from it. */
export const EMOJI_FONT: BundledFont = 'NotoEmoji-Regular.ttf';

const isBold = (file: string) => file.endsWith('-Bold.ttf');

/** The regular chain: every bundled face that is not a bold one, in order. */
export const REGULAR_CHAIN: readonly BundledFont[] = BUNDLED_FONTS.filter((file) => !isBold(file));

/**
 * The bold chain: each face's bold sibling first, then the face itself (for characters the bold file
 * lacks, and for scripts with no bold face: CJK, Hangul, emoji).
 */
export const BOLD_CHAIN: readonly BundledFont[] = REGULAR_CHAIN.flatMap((file) => {
  const bold = BUNDLED_FONTS.find((candidate) => isBold(candidate) && candidate === file.replace('-Regular.ttf', '-Bold.ttf'));
  return bold ? [bold, file] : [file];
});

/** A palette PNG (at most 64 colours) at exactly its size on a default (1050x600) card; assets/logo.svg is its source. */
export const DEFAULT_LOGO = 'logo.png';
