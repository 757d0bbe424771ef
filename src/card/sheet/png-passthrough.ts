// A PNG's compressed pixels as a PDF can hold them unchanged. PDF's FlateDecode with PNG predictors reads the
// same zlib stream of filtered rows that a PNG's IDAT chunks carry, so a card is embedded without decoding and
// re-compressing it: pdf-lib's embedPng does both, which cost ~45 ms and several MB per card (bench/sheet.ts).

export interface PassthroughPng {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  /** Samples per pixel: 1 for grey or palette indices, 3 for RGB. */
  readonly colors: 1 | 3;
  /** The PLTE chunk's RGB triplets for a palette image, else undefined (DeviceGray or DeviceRGB). */
  readonly palette?: Uint8Array;
  /** The IDAT chunks' data, concatenated: one zlib stream. */
  readonly data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const GREY = 0;
const RGB = 2;
const PALETTE = 3;

function readUInt32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function chunkType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

function passesThrough(colorType: number, bitDepth: number, interlace: number): boolean {
  if (interlace !== 0) return false;
  if (colorType === RGB) return bitDepth === 8;
  return (colorType === GREY || colorType === PALETTE) && [1, 2, 4, 8].includes(bitDepth);
}

/**
 * The parts of a non-interlaced grey, RGB or palette PNG without transparency, or undefined for any other
 * PNG (alpha channels, tRNS, interlacing, 16 bits), which the caller embeds by decoding it instead.
 */
export function readPassthroughPng(bytes: Uint8Array): PassthroughPng | undefined {
  if (bytes.length < 33 || SIGNATURE.some((value, index) => bytes[index] !== value) || chunkType(bytes, 12) !== 'IHDR') return undefined;
  const width = readUInt32(bytes, 16);
  const height = readUInt32(bytes, 20);
  const [bitDepth, colorType, , , interlace] = [bytes[24]!, bytes[25]!, bytes[26]!, bytes[27]!, bytes[28]!];
  if (!passesThrough(colorType, bitDepth, interlace)) return undefined;
  const parts: Uint8Array[] = [];
  let palette: Uint8Array | undefined;
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = readUInt32(bytes, at);
    const type = chunkType(bytes, at + 4);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (data.length !== length) return undefined;
    if (type === 'tRNS') return undefined;
    if (type === 'PLTE') palette = data;
    if (type === 'IDAT') parts.push(data);
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (parts.length === 0 || (colorType === PALETTE && palette === undefined)) return undefined;
  const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  return { width, height, bitDepth, colors: colorType === RGB ? 3 : 1, ...(colorType === PALETTE ? { palette } : {}), data };
}
