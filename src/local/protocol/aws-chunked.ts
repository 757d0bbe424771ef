// Decodes `aws-chunked` request bodies (SigV4 streaming, signed or unsigned, with or without trailers) to the payload.

export interface DecodedChunkedBody {
  readonly payload: Buffer;
  /** Trailing headers such as `x-amz-checksum-crc32`, names lower-cased. */
  readonly trailers: Readonly<Record<string, string>>;
}

const CRLF = Buffer.from('\r\n');

/** True when the headers say the body is framed with aws-chunked. */
export function isAwsChunked(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((part) => part.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/** Strips `aws-chunked` from a Content-Encoding value; undefined when nothing else is left. */
export function contentEncodingWithoutChunked(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const rest = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== 'aws-chunked');
  return rest.length === 0 ? undefined : rest.join(', ');
}

/**
 * Each chunk is `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n`; a zero-size chunk ends the data, then
 * optional `name:value\r\n` trailer lines and a blank line. Throws on anything else.
 */
export function decodeAwsChunked(body: Buffer): DecodedChunkedBody {
  const pieces: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf(CRLF, offset);
    if (lineEnd < 0) throw new Error('aws-chunked: chunk header without CRLF');
    const header = body.subarray(offset, lineEnd).toString('latin1');
    const sizeText = header.split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new Error(`aws-chunked: bad chunk size '${sizeText}'`);
    const size = Number.parseInt(sizeText, 16);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size + 2 > body.length) throw new Error('aws-chunked: chunk runs past the end of the body');
    pieces.push(body.subarray(offset, offset + size));
    offset += size;
    if (!body.subarray(offset, offset + 2).equals(CRLF)) throw new Error('aws-chunked: chunk data not followed by CRLF');
    offset += 2;
  }
  const trailers: Record<string, string> = {};
  while (offset < body.length) {
    const lineEnd = body.indexOf(CRLF, offset);
    const line = body.subarray(offset, lineEnd < 0 ? body.length : lineEnd).toString('latin1');
    offset = lineEnd < 0 ? body.length : lineEnd + 2;
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`aws-chunked: bad trailer line '${line}'`);
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { payload: Buffer.concat(pieces), trailers };
}
