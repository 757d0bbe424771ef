// Encodes an 8-bit palette image as PNG with node's zlib: no native image library on the hot path.
// Cards are a few flat colours plus anti-aliased text, so a palette PNG is a third of the RGB bytes to compress.
import { deflateSync, crc32 } from 'node:zlib';

export interface PaletteImage {
  readonly width: number;
  readonly height: number;
  /** One palette index per pixel, row-major. */
  readonly pixels: Uint8Array;
  /** RGB triplets, at most 256 entries. */
  readonly palette: Uint8Array;
}

export interface PngSettings {
  /** zlib level: 3 compresses flat card art as well as 6 at a fifth of the time. Default 3. */
  readonly compressionLevel?: number;
  /** Written as a pHYs chunk so print software picks the right physical size. Default 300. */
  readonly dpi?: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// Reused between cards so a batch of renders does not churn 600 KB buffers through the GC; only
// pixel bytes are ever written, so every row's filter byte stays 0 (none).
let scratch: Buffer | undefined;
function rowBuffer(length: number): Buffer {
  if (scratch?.length !== length) scratch = Buffer.alloc(length);
  return scratch;
}

/**
 * Writes every row unfiltered and deflates once at level 3. A card repeats whole rows; deflate's
 * 32 KB window finds the row above by itself, so "Up" filtering bought nothing but time (measured:
 * none+3 gives smaller files than up+3 in a quarter of the time). Deterministic: same pixels, same bytes.
 */
export function encodePalettePng(image: PaletteImage, settings: PngSettings = {}): Buffer {
  const { width, height, pixels, palette } = image;
  const stride = width + 1;
  const rows = rowBuffer(stride * height);
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * width, (y + 1) * width), y * stride + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 3; // colour type: palette
  const pixelsPerMetre = Math.round((settings.dpi ?? 300) / 0.0254);
  const physical = Buffer.alloc(9);
  physical.writeUInt32BE(pixelsPerMetre, 0);
  physical.writeUInt32BE(pixelsPerMetre, 4);
  physical[8] = 1; // unit: metre
  const compressed = deflateSync(rows, { level: settings.compressionLevel ?? 3 });
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', palette),
    chunk('pHYs', physical),
    chunk('IDAT', compressed),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
