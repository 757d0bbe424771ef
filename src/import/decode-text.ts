// Bytes to text, refusing what is not in the expected encoding: a file that is not UTF-8 is named as such,
// with where it first goes wrong, instead of being imported as mojibake.
import { userError } from '../core/errors.js';

/** Counts the bytes taken from the source, for progress by bytes. */
export interface ByteCounter {
  bytes: number;
}

const UTF16_BOMS = [
  { bytes: [0xff, 0xfe], name: 'utf-16le' },
  { bytes: [0xfe, 0xff], name: 'utf-16be' },
] as const;

/** Text decoders Node knows under these labels; `--encoding` takes any WHATWG label, these are the usual ones. */
export const COMMON_ENCODINGS = ['utf-8', 'latin1', 'windows-1252', 'utf-16le'] as const;

/** Decodes `source` as `encoding` (default utf-8) in stream mode; a UTF-8 BOM is dropped. */
export async function* decodeText(
  source: AsyncIterable<Uint8Array>,
  encoding = 'utf-8',
  counter: ByteCounter = { bytes: 0 },
): AsyncGenerator<string> {
  const decoder = textDecoder(encoding);
  const utf8 = decoder.encoding === 'utf-8';
  let lines = 1;
  for await (const chunk of source) {
    if (utf8 && counter.bytes === 0) refuseUtf16(chunk);
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const at = Math.max(0, firstInvalidUtf8(chunk));
      const line = lines + countNewlines(chunk.subarray(0, at));
      throw notUtf8(`byte ${counter.bytes + at} (line ${line}) is not valid UTF-8`);
    }
    counter.bytes += chunk.length;
    lines += countNewlines(chunk);
    if (text !== '') yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw notUtf8(`the input ends inside a UTF-8 character (byte ${counter.bytes})`);
  }
  if (rest !== '') yield rest;
}

function textDecoder(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding, { fatal: true });
  } catch {
    throw userError('usage', `--encoding ${encoding} is not an encoding this Node knows`, {
      hint: `use one of ${COMMON_ENCODINGS.join(', ')}`,
    });
  }
}

function refuseUtf16(chunk: Uint8Array): void {
  const bom = UTF16_BOMS.find(({ bytes }) => bytes.every((byte, index) => chunk[index] === byte));
  if (bom) throw notUtf8(`the input starts with a ${bom.name.toUpperCase()} byte order mark`, `--encoding ${bom.name}`);
}

function notUtf8(where: string, encoding = '--encoding latin1 (or windows-1252, utf-16le)'): Error {
  return userError('import-encoding', `the input is not UTF-8: ${where}`, {
    hint: `save it as UTF-8, or say what it is with ${encoding}`,
  });
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (const byte of bytes) if (byte === 0x0a) count++;
  return count;
}

/** Index of the first byte that starts no valid UTF-8 sequence, or -1; continuation bytes at the start finish the previous chunk. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length && index < 3 && ((bytes[index] ?? 0) & 0xc0) === 0x80) index++;
  while (index < bytes.length) {
    const byte = bytes[index] ?? 0;
    const length =
      byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    for (let next = 1; next < length; next++) {
      if (index + next >= bytes.length) return -1;
      if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return -1;
}
