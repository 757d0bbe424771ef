// The HTTP headers an object keeps (content-type, cache-control, user metadata...) and the ones it is served with.

import type { RestXmlRequest } from '../protocol/rest-xml.js';
import { contentEncodingWithoutChunked } from '../protocol/aws-chunked.js';
import type { ObjectMeta } from './s3-records.js';

/** Headers stored with an object and sent back on GET/HEAD. */
const STORED_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'];

/** GET/HEAD query parameters that replace a stored header in the answer (presigned downloads use them). */
const RESPONSE_OVERRIDES: Readonly<Record<string, string>> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

const META_PREFIX = 'x-amz-meta-';

/** The headers and user metadata to keep from a PutObject (or CreateMultipartUpload, or replacing CopyObject). */
export function objectHeadersFrom(request: RestXmlRequest): { headers: Record<string, string>; metadata: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const sent = request.headers[name];
    const value = name === 'content-encoding' ? contentEncodingWithoutChunked(sent) : sent;
    if (value !== undefined) headers[name] = value;
  }
  headers['content-type'] ??= 'binary/octet-stream';
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith(META_PREFIX)) metadata[name.slice(META_PREFIX.length)] = value;
  }
  return { headers, metadata };
}

export function lastModifiedHeader(meta: ObjectMeta): string {
  return new Date(meta.lastModified).toUTCString();
}

/** The headers a GET or HEAD of the object answers with, response-* overrides applied. */
export function objectResponseHeaders(meta: ObjectMeta, query: Readonly<Record<string, string>>): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    etag: meta.etag,
    'last-modified': lastModifiedHeader(meta),
    'accept-ranges': 'bytes',
    ...meta.headers,
  };
  for (const [name, value] of Object.entries(meta.metadata)) headers[`${META_PREFIX}${name}`] = value;
  for (const [parameter, name] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = query[parameter];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
