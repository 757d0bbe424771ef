// The object actions: PutObject, GetObject, HeadObject, CopyObject, DeleteObject and DeleteObjects.

import { errorMessage } from '../../core/errors.js';
import { RestXmlError, splitPath, xmlResult, type RestXmlRequest, type RestXmlResult } from '../protocol/rest-xml.js';
import { checkedChecksum, checksumHeaders, md5 } from './checksums.js';
import { lastModifiedHeader, objectHeadersFrom, objectResponseHeaders } from './object-headers.js';
import { parseRange, type ByteRange } from './range.js';
import { malformedXml, preconditionFailed, requireBucket, requireObject } from './s3-errors.js';
import type { ObjectMeta } from './s3-records.js';
import type { S3Store } from './s3-store.js';
import { copyObjectXml, deleteResultXml, parseDeleteRequest, type DeleteOutcome } from './s3-xml.js';

const MAX_KEY_BYTES = 1024;
const MAX_BATCH_KEYS = 1000;

/** Conditional writes: If-None-Match: * creates only, If-Match replaces only the version it names. */
function checkWritePreconditions(request: RestXmlRequest, existing: ObjectMeta | undefined): void {
  const ifNoneMatch = request.headers['if-none-match'];
  const ifMatch = request.headers['if-match'];
  if ((ifNoneMatch === '*' && existing) || (ifMatch !== undefined && ifMatch !== existing?.etag)) {
    throw preconditionFailed({ Condition: ifNoneMatch === '*' ? 'If-None-Match' : 'If-Match' });
  }
}

export async function putObject(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  const { bucket, key, body } = request;
  requireBucket(store, bucket);
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new RestXmlError(400, 'KeyTooLongError', 'Your key is too long');
  checkWritePreconditions(request, store.head(bucket, key));
  const digest = md5(body);
  const contentMd5 = request.headers['content-md5'];
  if (contentMd5 !== undefined && contentMd5 !== digest.toString('base64')) {
    throw new RestXmlError(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  const checksum = checkedChecksum(request, body);
  const meta: ObjectMeta = {
    key,
    size: body.length,
    etag: `"${digest.toString('hex')}"`,
    lastModified: new Date().toISOString(),
    ...objectHeadersFrom(request),
    ...(checksum ? { checksum } : {}),
  };
  await store.put(bucket, meta, body);
  return { status: 200, headers: { etag: meta.etag, ...checksumHeaders(checksum) } };
}

function listsEtag(list: string, etag: string): boolean {
  return list
    .split(',')
    .map((tag) => tag.trim())
    .includes(etag);
}

/** What GET and HEAD answer alike: a 304, or the status, headers (content-length included) and byte range of the content. */
type ObjectRead =
  | { readonly kind: 'not-modified'; readonly result: RestXmlResult }
  | {
      readonly kind: 'content';
      readonly status: 200 | 206;
      readonly headers: Readonly<Record<string, string | number>>;
      readonly range: ByteRange | undefined;
      readonly length: number;
    };

function readObject(store: S3Store, request: RestXmlRequest): ObjectRead {
  const meta = requireObject(store, request.bucket, request.key);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined && (ifNoneMatch === '*' || listsEtag(ifNoneMatch, meta.etag))) {
    return { kind: 'not-modified', result: { status: 304, headers: { etag: meta.etag, 'last-modified': lastModifiedHeader(meta) } } };
  }
  const ifMatch = request.headers['if-match'];
  if (ifMatch !== undefined && ifMatch !== '*' && !listsEtag(ifMatch, meta.etag)) throw preconditionFailed();
  const range = parseRange(request.headers['range'], meta.size);
  if (range === 'unsatisfiable') {
    throw new RestXmlError(416, 'InvalidRange', 'The requested range is not satisfiable', { ActualObjectSize: String(meta.size) });
  }
  const headers = objectResponseHeaders(meta, request.query);
  if (range === undefined && meta.checksum && request.headers['x-amz-checksum-mode'] === 'ENABLED') {
    Object.assign(headers, checksumHeaders(meta.checksum));
  }
  if (range !== undefined) headers['content-range'] = `bytes ${range.start}-${range.end}/${meta.size}`;
  const length = range === undefined ? meta.size : range.end - range.start + 1;
  headers['content-length'] = length;
  return { kind: 'content', status: range === undefined ? 200 : 206, headers, range, length };
}

/** The object is streamed from disk, never held in memory whole. */
export async function getObject(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  const read = readObject(store, request);
  if (read.kind === 'not-modified') return read.result;
  const body = read.length === 0 ? Buffer.alloc(0) : await store.stream(request.bucket, request.key, read.range);
  return { status: read.status, headers: read.headers, body };
}

/** GetObject's status and headers, with no body. */
export function headObject(store: S3Store, request: RestXmlRequest): RestXmlResult {
  const read = readObject(store, request);
  if (read.kind === 'not-modified') return read.result;
  return { status: read.status, headers: read.headers };
}

/** `x-amz-copy-source` is `bucket/key` or `/bucket/key`, percent-encoded, with an optional `?versionId=`. */
function copySource(request: RestXmlRequest): { bucket: string; key: string } {
  const source = (request.headers['x-amz-copy-source'] ?? '').split('?')[0] ?? '';
  return splitPath(source.startsWith('/') ? source : `/${source}`);
}

export async function copyObject(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  const { bucket, key } = request;
  requireBucket(store, bucket);
  const source = copySource(request);
  const sourceMeta = requireObject(store, source.bucket, source.key);
  const data = await store.read(source.bucket, source.key);
  const replace = request.headers['x-amz-metadata-directive'] === 'REPLACE';
  const meta: ObjectMeta = {
    key,
    size: data.length,
    etag: sourceMeta.etag,
    lastModified: new Date().toISOString(),
    ...(replace ? objectHeadersFrom(request) : { headers: sourceMeta.headers, metadata: sourceMeta.metadata }),
    ...(sourceMeta.checksum ? { checksum: sourceMeta.checksum } : {}),
  };
  await store.put(bucket, meta, data);
  return xmlResult(copyObjectXml(meta));
}

/** Deleting a key that is not there succeeds, as on S3. */
export async function deleteObject(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  requireBucket(store, request.bucket);
  await store.delete(request.bucket, request.key);
  return { status: 204 };
}

function parseBatch(body: Buffer): { quiet: boolean; keys: readonly string[] } {
  let parsed;
  try {
    parsed = parseDeleteRequest(body.toString('utf8'));
  } catch {
    throw malformedXml();
  }
  if (parsed.keys.length === 0 || parsed.keys.length > MAX_BATCH_KEYS) {
    throw new RestXmlError(400, 'MalformedXML', 'A DeleteObjects request names between 1 and 1000 keys');
  }
  return parsed;
}

/** One outcome per key: a failed delete is reported in the answer, not thrown. */
export async function deleteObjects(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  requireBucket(store, request.bucket);
  const batch = parseBatch(request.body);
  const outcomes: DeleteOutcome[] = [];
  for (const key of batch.keys) {
    try {
      await store.delete(request.bucket, key);
      outcomes.push({ key });
    } catch (error) {
      outcomes.push({ key, error: { code: 'InternalError', message: errorMessage(error) } });
    }
  }
  return xmlResult(deleteResultXml(outcomes, batch.quiet));
}
