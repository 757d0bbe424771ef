// Reads the simple PNGs a logo usually is (8-bit RGB, RGBA or palette, not interlaced) without loading
// a native image library: a logo already at its card size then costs no libvips start-up at cold start.
import { inflateSync } from 'node:zlib';

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlace: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The IHDR fields of a PNG, or undefined when `bytes` is not a PNG. */
export function readPngHeader(bytes: Buffer): PngHeader | undefined {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    bitDepth: bytes[24]!,
    colorType: bytes[25]!,
    interlace: bytes[28]!,
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** A decoded simple PNG: true-colour pixels, or palette indices with the palette's RGBA entries. */
export type SimplePng =
  | { readonly kind: 'rgba'; readonly width: number; readonly height: number; readonly rgba: Uint8Array }
  | {
      readonly kind: 'indexed';
      readonly width: number;
      readonly height: number;
      readonly indices: Uint8Array;
      readonly paletteRgba: Uint8Array;
    };

const BYTES_PER_PIXEL: Partial<Record<number, number>> = { 2: 3, 3: 1, 6: 4 };

/** The chunks a simple PNG needs: IDAT joined, PLTE and tRNS as they are. */
function readChunks(bytes: Buffer): { data: Buffer; palette?: Buffer; transparency?: Buffer } {
  const idat: Buffer[] = [];
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  for (let offset = 8; offset + 8 <= bytes.length;) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IDAT') idat.push(body);
    else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  return { data: Buffer.concat(idat), palette, transparency };
}

/** Undoes the per-row filters; undefined when the data is short or a filter is unknown. */
function unfilter(raw: Buffer, width: number, height: number, channels: number): Uint8Array | undefined {
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) return undefined;
  const out = new Uint8Array(stride * height);
  // One filter per row, so the choice is made per row: a logo decodes at cold start, before the JIT
  // has compiled this loop, where every operation per byte counts.
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const source = y * (stride + 1) + 1;
    const row = y * stride;
    const above = row - stride;
    if (filter === 0 || (filter === 2 && y === 0)) {
      out.set(raw.subarray(source, source + stride), row);
    } else if (filter === 1) {
      for (let x = 0; x < stride; x++) out[row + x] = (raw[source + x]! + (x >= channels ? out[row + x - channels]! : 0)) & 0xff;
    } else if (filter === 2) {
      for (let x = 0; x < stride; x++) out[row + x] = (raw[source + x]! + out[above + x]!) & 0xff;
    } else if (filter === 3) {
      for (let x = 0; x < stride; x++) {
        const left = x >= channels ? out[row + x - channels]! : 0;
        const up = y > 0 ? out[above + x]! : 0;
        out[row + x] = (raw[source + x]! + ((left + up) >> 1)) & 0xff;
      }
    } else if (filter === 4) {
      for (let x = 0; x < stride; x++) {
        const left = x >= channels ? out[row + x - channels]! : 0;
        const up = y > 0 ? out[above + x]! : 0;
        const upLeft = y > 0 && x >= channels ? out[above + x - channels]! : 0;
        out[row + x] = (raw[source + x]! + paeth(left, up, upLeft)) & 0xff;
      }
    } else {
      return undefined;
    }
  }
  return out;
}

/** The PLTE entries as RGBA, alpha from tRNS (opaque where it has no entry). */
function paletteRgba(palette: Buffer, transparency: Buffer | undefined): Uint8Array {
  const entries = Math.floor(palette.length / 3);
  const rgba = new Uint8Array(entries * 4);
  for (let i = 0; i < entries; i++) {
    rgba.set(palette.subarray(i * 3, i * 3 + 3), i * 4);
    rgba[i * 4 + 3] = transparency && i < transparency.length ? transparency[i]! : 255;
  }
  return rgba;
}

/**
 * Decodes an 8-bit RGB, RGBA or palette PNG that is not interlaced; undefined for any other kind, or a
 * palette PNG whose indices point past its palette (the caller then uses sharp).
 */
export function decodeSimplePng(bytes: Buffer): SimplePng | undefined {
  const header = readPngHeader(bytes);
  const channels = header && BYTES_PER_PIXEL[header.colorType];
  if (!header || !channels || header.bitDepth !== 8 || header.interlace !== 0) return undefined;
  const { width, height } = header;
  const { data, palette, transparency } = readChunks(bytes);
  const out = unfilter(inflateSync(data), width, height, channels);
  if (!out) return undefined;
  if (header.colorType === 3) {
    if (!palette) return undefined;
    const entries = paletteRgba(palette, transparency);
    for (const index of out) if (index * 4 >= entries.length) return undefined;
    return { kind: 'indexed', width, height, indices: out, paletteRgba: entries };
  }
  if (channels === 4) return { kind: 'rgba', width, height, rgba: out };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < out.length; i += 3, j += 4) {
    rgba[j] = out[i]!;
    rgba[j + 1] = out[i + 1]!;
    rgba[j + 2] = out[i + 2]!;
    rgba[j + 3] = 255;
  }
  return { kind: 'rgba', width, height, rgba };
}

/**
 * Composites RGBA over an opaque background colour, giving each pixel as a 0xRRGGBB number: the form
 * the logo's colour reduction counts, made in the same pass (a second pass over every pixel showed on
 * a process's first card, which runs before the JIT has compiled these loops).
 */
export function flattenRgbaKeys(rgba: Uint8Array, background: readonly [number, number, number]): Int32Array {
  const keys = new Int32Array(rgba.length / 4);
  const backgroundKey = (background[0] << 16) | (background[1] << 8) | background[2];
  for (let i = 0, pixel = 0; i < rgba.length; i += 4, pixel++) {
    const opacity = rgba[i + 3]!;
    // Most logo pixels are fully opaque or fully clear: no arithmetic for those.
    if (opacity === 255) {
      keys[pixel] = (rgba[i]! << 16) | (rgba[i + 1]! << 8) | rgba[i + 2]!;
      continue;
    }
    if (opacity === 0) {
      keys[pixel] = backgroundKey;
      continue;
    }
    const alpha = opacity / 255;
    const red = Math.round(rgba[i]! * alpha + background[0] * (1 - alpha));
    const green = Math.round(rgba[i + 1]! * alpha + background[1] * (1 - alpha));
    const blue = Math.round(rgba[i + 2]! * alpha + background[2] * (1 - alpha));
    keys[pixel] = (red << 16) | (green << 8) | blue;
  }
  return keys;
}
