// Bytes to text only when they are well-formed UTF-8: a replacement character would change what a person typed.

export type Utf8Result =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly offset: number; readonly byte: number };

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text, or the byte offset (and value) where the first ill-formed sequence starts. A BOM is kept as U+FEFF. */
export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  try {
    return { ok: true, text: fatalDecoder.decode(bytes) };
  } catch {
    const offset = firstIllFormedOffset(bytes);
    return { ok: false, offset, byte: bytes[offset] ?? 0 };
  }
}

/** `the request body is not valid UTF-8: the sequence at byte offset 12 (0xFF) is not a character`, for people. */
export function describeUtf8Problem(problem: { readonly offset: number; readonly byte: number }, what = 'the text'): string {
  const byte = `0x${problem.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return `${what} is not valid UTF-8: the sequence at byte offset ${problem.offset} (${byte}) is not a character`;
}

// The well-formed sequences of the Unicode standard (table 3-7): the second byte's range narrows after
// E0, ED, F0 and F4, which rules out overlong forms, surrogates and code points above U+10FFFF.
function firstIllFormedOffset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    const length =
      lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let next = 1; next < length; next += 1) {
      const byte = bytes[index + next];
      if (byte === undefined || byte < (next === 1 ? low : 0x80) || byte > (next === 1 ? high : 0xbf)) return index;
    }
    index += length;
  }
  return bytes.length;
}
