// The local S3: path-style REST over the edge, objects and bucket settings kept on disk by S3Store.

import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import type { ServiceHandler } from '../edge.js';
import { presignedUrlExpired, requestRegion } from '../protocol/sigv4-scope.js';
import { parseXml } from '../protocol/xml.js';
import { contentEncodingWithoutChunked, decodeAwsChunked, isAwsChunked } from './aws-chunked.js';
import { decodeContinuationToken, encodeContinuationToken, listPage } from './listing.js';
import { parseRange } from './range.js';
import { S3Store, type ObjectMeta } from './s3-store.js';
import {
  completeMultipartXml,
  copyObjectXml,
  deleteResultXml,
  errorXml,
  initiateMultipartXml,
  listBucketsXml,
  listObjectsXml,
  listVersionsXml,
  locationXml,
  parseCompleteMultipart,
  parseDeleteRequest,
  parseVersioningStatus,
  type DeleteOutcome,
} from './s3-xml.js';

export interface S3Options {
  /** Directory holding the buckets (created if missing), e.g. `.qrcard/local/<stage>/s3`. */
  readonly dir: string;
}

export interface S3Service {
  readonly handler: ServiceHandler;
  /** Direct access for in-process readers (e.g. the local site server reading the site bucket). */
  readonly store: S3Store;
  stop(): Promise<void>;
}

/** An S3 error to answer with; thrown inside the handler and turned into an `<Error>` document. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Headers stored with an object and sent back on GET/HEAD. */
const STORED_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'];
const RESPONSE_OVERRIDES: Readonly<Record<string, string>> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};
const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];
const MIN_PART_BYTES = 5 * 1024 * 1024;

interface BucketConfigRule {
  readonly missingCode?: string;
  readonly missingMessage?: string;
  /** Body served when nothing was stored (for settings S3 always reports). */
  readonly fallback?: string;
  readonly contentType: string;
  readonly putStatus: number;
}

/** Bucket sub-resources kept as sent and served back verbatim. */
const BUCKET_CONFIGS: Readonly<Record<string, BucketConfigRule>> = {
  policy: {
    missingCode: 'NoSuchBucketPolicy',
    missingMessage: 'The bucket policy does not exist',
    contentType: 'application/json',
    putStatus: 204,
  },
  encryption: {
    missingCode: 'ServerSideEncryptionConfigurationNotFoundError',
    missingMessage: 'The server side encryption configuration was not found',
    contentType: 'application/xml',
    putStatus: 200,
  },
  publicAccessBlock: {
    missingCode: 'NoSuchPublicAccessBlockConfiguration',
    missingMessage: 'The public access block configuration was not found',
    contentType: 'application/xml',
    putStatus: 200,
  },
  lifecycle: {
    missingCode: 'NoSuchLifecycleConfiguration',
    missingMessage: 'The lifecycle configuration does not exist',
    contentType: 'application/xml',
    putStatus: 200,
  },
  tagging: { missingCode: 'NoSuchTagSet', missingMessage: 'The TagSet does not exist', contentType: 'application/xml', putStatus: 204 },
  cors: {
    missingCode: 'NoSuchCORSConfiguration',
    missingMessage: 'The CORS configuration does not exist',
    contentType: 'application/xml',
    putStatus: 200,
  },
  website: {
    missingCode: 'NoSuchWebsiteConfiguration',
    missingMessage: 'The specified bucket does not have a website configuration',
    contentType: 'application/xml',
    putStatus: 200,
  },
  ownershipControls: {
    missingCode: 'OwnershipControlsNotFoundError',
    missingMessage: 'The bucket ownership controls were not found',
    contentType: 'application/xml',
    putStatus: 200,
  },
  versioning: {
    fallback: '<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>',
    contentType: 'application/xml',
    putStatus: 200,
  },
  notification: {
    fallback: '<?xml version="1.0" encoding="UTF-8"?>\n<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>',
    contentType: 'application/xml',
    putStatus: 200,
  },
};

/** S3's bucket naming rule (the subset that matters locally). */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

/** Path-style `/bucket/key`; the key keeps any slashes and is percent-decoded. */
export function splitPath(pathname: string): { bucket: string; key: string } {
  const trimmed = pathname.startsWith('/') ? pathname.slice(1) : pathname;
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { bucket: decodeURIComponent(trimmed), key: '' };
  return { bucket: decodeURIComponent(trimmed.slice(0, slash)), key: decodeURIComponent(trimmed.slice(slash + 1)) };
}

function md5(data: Buffer): Buffer {
  return createHash('md5').update(data).digest();
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function send(response: ServerResponse, status: number, headers: Record<string, string | number>, body?: Buffer | string): void {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  response.writeHead(status, {
    'x-amz-request-id': randomUUID(),
    'x-amz-id-2': randomUUID(),
    ...(payload === undefined ? { 'content-length': 0 } : { 'content-length': payload.length }),
    ...headers,
  });
  response.end(payload);
}

function sendXml(response: ServerResponse, xml: string, status = 200): void {
  send(response, status, { 'content-type': 'application/xml' }, xml);
}

function sendError(request: IncomingMessage, response: ServerResponse, error: S3Error): void {
  const body = errorXml(error.code, error.message, error.extra);
  // HEAD responses carry no body; the SDK maps the bare status (404 -> NotFound).
  if (request.method === 'HEAD') send(response, error.status, { 'content-type': 'application/xml', 'x-amz-error-code': error.code });
  else send(response, error.status, { 'content-type': 'application/xml' }, body);
}

/** The request payload with aws-chunked framing removed, plus any trailers it carried. */
export function requestPayload(request: IncomingMessage, body: Buffer): { payload: Buffer; trailers: Record<string, string> } {
  if (!isAwsChunked(request.headers)) return { payload: body, trailers: {} };
  let decoded;
  try {
    decoded = decodeAwsChunked(body);
  } catch (error) {
    throw new S3Error(400, 'IncompleteBody', (error as Error).message);
  }
  const declared = header(request, 'x-amz-decoded-content-length');
  if (declared !== undefined && Number(declared) !== decoded.payload.length) {
    throw new S3Error(
      400,
      'IncompleteBody',
      `x-amz-decoded-content-length is ${declared} but the body holds ${decoded.payload.length} bytes`,
    );
  }
  return { payload: decoded.payload, trailers: { ...decoded.trailers } };
}

function computeChecksum(algorithm: string, data: Buffer): string | undefined {
  switch (algorithm) {
    case 'crc32': {
      const value = Buffer.alloc(4);
      value.writeUInt32BE(crc32(data) >>> 0);
      return value.toString('base64');
    }
    case 'sha1':
    case 'sha256':
      return createHash(algorithm).update(data).digest('base64');
    default:
      return undefined; // crc32c / crc64nvme: kept as sent, not verified.
  }
}

/** Finds the client's whole-object checksum (header or trailer) and checks it where we can compute it. */
function checkedChecksum(request: IncomingMessage, trailers: Record<string, string>, data: Buffer): ObjectMeta['checksum'] {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm}`;
    const value = trailers[name] ?? header(request, name);
    if (value === undefined) continue;
    const computed = computeChecksum(algorithm, data);
    if (computed !== undefined && computed !== value) {
      throw new S3Error(400, 'BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
    }
    return { algorithm, value };
  }
  return undefined;
}

function objectHeadersFrom(request: IncomingMessage): { headers: Record<string, string>; metadata: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = name === 'content-encoding' ? contentEncodingWithoutChunked(header(request, name)) : header(request, name);
    if (value !== undefined) headers[name] = value;
  }
  headers['content-type'] ??= 'binary/octet-stream';
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) {
      metadata[name.slice('x-amz-meta-'.length)] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return { headers, metadata };
}

function objectResponseHeaders(meta: ObjectMeta, query: URLSearchParams): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    etag: meta.etag,
    'last-modified': new Date(meta.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    ...meta.headers,
  };
  for (const [name, value] of Object.entries(meta.metadata)) headers[`x-amz-meta-${name}`] = value;
  for (const [parameter, name] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = query.get(parameter);
    if (value !== null) headers[name] = value;
  }
  return headers;
}

/** Opens the store under `dir` and returns the S3 request handler to mount on the edge as `s3`. */
export async function startS3(options: S3Options): Promise<S3Service> {
  const store = await S3Store.open(options.dir);

  function requireBucket(bucket: string): void {
    if (!store.bucket(bucket)) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
  }

  function requireObject(bucket: string, key: string): ObjectMeta {
    requireBucket(bucket);
    const meta = store.head(bucket, key);
    if (!meta) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
    return meta;
  }

  async function serviceRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET') throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    sendXml(response, listBucketsXml(store.listBuckets()));
  }

  async function bucketRequest(
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
    bucket: string,
    query: URLSearchParams,
  ): Promise<void> {
    const method = request.method ?? 'GET';
    const config = [...query.keys()].find((name) => Object.hasOwn(BUCKET_CONFIGS, name));
    if (config !== undefined) return bucketConfig(request, body, response, bucket, config);

    if (method === 'PUT') {
      if (!isValidBucketName(bucket))
        throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket });
      if (store.bucket(bucket)) {
        throw new S3Error(
          409,
          'BucketAlreadyOwnedByYou',
          'Your previous request to create the named bucket succeeded and you already own it.',
          { BucketName: bucket },
        );
      }
      await store.createBucket(bucket);
      send(response, 200, { location: `/${bucket}` });
      return;
    }
    if (method === 'HEAD') {
      requireBucket(bucket);
      send(response, 200, { 'x-amz-bucket-region': requestRegion(request) });
      return;
    }
    if (method === 'DELETE') {
      requireBucket(bucket);
      if (!store.isEmpty(bucket))
        throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: bucket });
      await store.deleteBucket(bucket);
      send(response, 204, {});
      return;
    }
    if (method === 'POST' && query.has('delete')) return deleteObjects(body, response, bucket);
    if (method === 'GET') {
      requireBucket(bucket);
      if (query.has('location')) return sendXml(response, locationXml(requestRegion(request)));
      if (query.has('versions')) return listVersions(response, bucket, query);
      if (query.has('uploads') || query.has('acl') || query.has('object-lock')) {
        throw new S3Error(501, 'NotImplemented', 'This bucket sub-resource is not implemented by the local S3.');
      }
      return listObjects(response, bucket, query);
    }
    throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  async function bucketConfig(
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
    bucket: string,
    name: string,
  ): Promise<void> {
    requireBucket(bucket);
    const rule = BUCKET_CONFIGS[name] as BucketConfigRule;
    const method = request.method ?? 'GET';
    if (method === 'PUT') {
      const text = body.toString('utf8');
      if (name === 'policy') {
        try {
          JSON.parse(text);
        } catch {
          throw new S3Error(400, 'MalformedPolicy', 'Policies must be valid JSON');
        }
      } else {
        try {
          parseXml(text);
          if (name === 'versioning') {
            const status = parseVersioningStatus(text);
            if (status !== undefined && status !== 'Enabled' && status !== 'Suspended') throw new Error('bad status');
          }
        } catch {
          throw new S3Error(
            400,
            'MalformedXML',
            'The XML you provided was not well-formed or did not validate against our published schema',
          );
        }
      }
      await store.setConfig(bucket, name, text);
      send(response, rule.putStatus, {});
      return;
    }
    if (method === 'DELETE') {
      await store.setConfig(bucket, name, undefined);
      send(response, 204, {});
      return;
    }
    if (method === 'GET') {
      const stored = store.bucket(bucket)?.configs[name] ?? rule.fallback;
      if (stored === undefined)
        throw new S3Error(404, rule.missingCode ?? 'NoSuchConfiguration', rule.missingMessage ?? 'Not found', { BucketName: bucket });
      send(response, 200, { 'content-type': rule.contentType }, stored);
      return;
    }
    throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  function maxKeysOf(query: URLSearchParams): number {
    const text = query.get('max-keys');
    if (text === null) return 1000;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0)
      throw new S3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
    return Math.min(value, 1000);
  }

  function listObjects(response: ServerResponse, bucket: string, query: URLSearchParams): void {
    const version = query.get('list-type') === '2' ? 2 : 1;
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? undefined;
    const maxKeys = maxKeysOf(query);
    const token = query.get('continuation-token') ?? undefined;
    const startAfter = query.get('start-after') ?? undefined;
    const marker = query.get('marker') ?? undefined;
    let after: string | undefined;
    if (version === 2) {
      if (token !== undefined) {
        if (token === '') throw new S3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect');
        after = decodeContinuationToken(token);
      } else {
        after = startAfter;
      }
    } else {
      after = marker;
    }
    const page = listPage({ keys: store.sortedKeys(bucket), prefix, delimiter, maxKeys, after });
    const next = page.isTruncated ? page.next : undefined;
    sendXml(
      response,
      listObjectsXml({
        bucket,
        version,
        prefix,
        delimiter,
        maxKeys,
        entries: page.entries,
        isTruncated: page.isTruncated,
        lookup: (key) => store.head(bucket, key),
        encodingType: query.get('encoding-type') ?? undefined,
        continuationToken: token,
        nextContinuationToken: next === undefined ? undefined : encodeContinuationToken(next),
        startAfter,
        marker,
        // S3 sends NextMarker (v1) only when a delimiter was given; clients otherwise resume from the last key.
        nextMarker: delimiter === undefined ? undefined : next,
      }),
    );
  }

  function listVersions(response: ServerResponse, bucket: string, query: URLSearchParams): void {
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? undefined;
    const maxKeys = maxKeysOf(query);
    const keyMarker = query.get('key-marker') ?? undefined;
    const page = listPage({ keys: store.sortedKeys(bucket), prefix, delimiter, maxKeys, after: keyMarker });
    sendXml(
      response,
      listVersionsXml({
        bucket,
        prefix,
        delimiter,
        maxKeys,
        keyMarker,
        entries: page.entries,
        isTruncated: page.isTruncated,
        nextKeyMarker: page.isTruncated ? page.next : undefined,
        lookup: (key) => store.head(bucket, key),
        encodingType: query.get('encoding-type') ?? undefined,
      }),
    );
  }

  async function deleteObjects(body: Buffer, response: ServerResponse, bucket: string): Promise<void> {
    requireBucket(bucket);
    let parsed;
    try {
      parsed = parseDeleteRequest(body.toString('utf8'));
    } catch {
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    }
    if (parsed.keys.length === 0 || parsed.keys.length > 1000) {
      throw new S3Error(400, 'MalformedXML', 'A DeleteObjects request names between 1 and 1000 keys');
    }
    const outcomes: DeleteOutcome[] = [];
    for (const key of parsed.keys) {
      try {
        await store.delete(bucket, key);
        outcomes.push({ key });
      } catch (error) {
        outcomes.push({ key, error: { code: 'InternalError', message: (error as Error).message } });
      }
    }
    sendXml(response, deleteResultXml(outcomes, parsed.quiet));
  }

  async function objectRequest(
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
    bucket: string,
    key: string,
    query: URLSearchParams,
  ): Promise<void> {
    const method = request.method ?? 'GET';
    const uploadId = query.get('uploadId');
    if (method === 'POST' && query.has('uploads')) return createUpload(request, response, bucket, key);
    if (uploadId !== null) {
      if (method === 'PUT') return uploadPart(request, body, response, bucket, key, uploadId, query);
      if (method === 'POST') return completeUpload(request, body, response, bucket, key, uploadId);
      if (method === 'DELETE') return abortUpload(response, bucket, uploadId);
    }
    if (method === 'PUT') {
      if (header(request, 'x-amz-copy-source') !== undefined) return copyObject(request, response, bucket, key);
      return putObject(request, body, response, bucket, key);
    }
    if (method === 'GET' || method === 'HEAD') return getObject(request, response, bucket, key, query);
    if (method === 'DELETE') {
      requireBucket(bucket);
      await store.delete(bucket, key);
      send(response, 204, {});
      return;
    }
    throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  async function putObject(request: IncomingMessage, body: Buffer, response: ServerResponse, bucket: string, key: string): Promise<void> {
    requireBucket(bucket);
    if (Buffer.byteLength(key) > 1024) throw new S3Error(400, 'KeyTooLongError', 'Your key is too long');
    // Conditional writes: If-None-Match: * creates only, If-Match replaces only the given version.
    const existing = store.head(bucket, key);
    const ifNoneMatch = header(request, 'if-none-match');
    const ifMatch = header(request, 'if-match');
    if ((ifNoneMatch === '*' && existing) || (ifMatch !== undefined && ifMatch !== existing?.etag)) {
      throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
        Condition: ifNoneMatch === '*' ? 'If-None-Match' : 'If-Match',
      });
    }
    const { payload, trailers } = requestPayload(request, body);
    const contentMd5 = header(request, 'content-md5');
    const digest = md5(payload);
    if (contentMd5 !== undefined && contentMd5 !== digest.toString('base64')) {
      throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
    const checksum = checkedChecksum(request, trailers, payload);
    const meta: ObjectMeta = {
      key,
      size: payload.length,
      etag: `"${digest.toString('hex')}"`,
      lastModified: new Date().toISOString(),
      ...objectHeadersFrom(request),
      ...(checksum ? { checksum } : {}),
    };
    await store.put(bucket, meta, payload);
    const headers: Record<string, string> = { etag: meta.etag };
    if (checksum) headers[`x-amz-checksum-${checksum.algorithm}`] = checksum.value;
    send(response, 200, headers);
  }

  async function getObject(
    request: IncomingMessage,
    response: ServerResponse,
    bucket: string,
    key: string,
    query: URLSearchParams,
  ): Promise<void> {
    const meta = requireObject(bucket, key);
    const headers = objectResponseHeaders(meta, query);
    const ifNoneMatch = header(request, 'if-none-match');
    if (
      ifNoneMatch !== undefined &&
      (ifNoneMatch === '*' ||
        ifNoneMatch
          .split(',')
          .map((t) => t.trim())
          .includes(meta.etag))
    ) {
      send(response, 304, { etag: meta.etag, 'last-modified': headers['last-modified'] as string });
      return;
    }
    const ifMatch = header(request, 'if-match');
    if (
      ifMatch !== undefined &&
      ifMatch !== '*' &&
      !ifMatch
        .split(',')
        .map((t) => t.trim())
        .includes(meta.etag)
    ) {
      throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    }
    const range = parseRange(header(request, 'range'), meta.size);
    if (range === 'unsatisfiable') {
      throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', { ActualObjectSize: String(meta.size) });
    }
    if (range === undefined && meta.checksum && header(request, 'x-amz-checksum-mode') === 'ENABLED') {
      headers[`x-amz-checksum-${meta.checksum.algorithm}`] = meta.checksum.value;
    }
    const status = range === undefined ? 200 : 206;
    if (range !== undefined) headers['content-range'] = `bytes ${range.start}-${range.end}/${meta.size}`;
    const length = range === undefined ? meta.size : range.end - range.start + 1;
    if (request.method === 'HEAD') {
      response.writeHead(status, { 'x-amz-request-id': randomUUID(), ...headers, 'content-length': length });
      response.end();
      return;
    }
    const data = range === undefined ? await store.read(bucket, key) : await store.readRange(bucket, key, range.start, length);
    send(response, status, headers, data);
  }

  async function copyObject(request: IncomingMessage, response: ServerResponse, bucket: string, key: string): Promise<void> {
    requireBucket(bucket);
    const source = (header(request, 'x-amz-copy-source') ?? '').split('?')[0] ?? '';
    const { bucket: sourceBucket, key: sourceKey } = splitPath(source.startsWith('/') ? source : `/${source}`);
    const sourceMeta = requireObject(sourceBucket, sourceKey);
    const data = await store.read(sourceBucket, sourceKey);
    const replace = header(request, 'x-amz-metadata-directive') === 'REPLACE';
    const meta: ObjectMeta = {
      key,
      size: data.length,
      etag: sourceMeta.etag,
      lastModified: new Date().toISOString(),
      ...(replace ? objectHeadersFrom(request) : { headers: sourceMeta.headers, metadata: sourceMeta.metadata }),
      ...(sourceMeta.checksum ? { checksum: sourceMeta.checksum } : {}),
    };
    await store.put(bucket, meta, data);
    sendXml(response, copyObjectXml(meta));
  }

  async function createUpload(request: IncomingMessage, response: ServerResponse, bucket: string, key: string): Promise<void> {
    requireBucket(bucket);
    const uploadId = randomUUID().replace(/-/g, '');
    await store.createUpload({ uploadId, bucket, key, initiated: new Date().toISOString(), ...objectHeadersFrom(request) });
    sendXml(response, initiateMultipartXml(bucket, key, uploadId));
  }

  function requireUpload(bucket: string, uploadId: string) {
    requireBucket(bucket);
    const upload = store.upload(bucket, uploadId);
    if (!upload) {
      throw new S3Error(
        404,
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        { UploadId: uploadId },
      );
    }
    return upload;
  }

  async function uploadPart(
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
    bucket: string,
    key: string,
    uploadId: string,
    query: URLSearchParams,
  ): Promise<void> {
    const upload = requireUpload(bucket, uploadId);
    if (upload.key !== key) throw new S3Error(400, 'InvalidRequest', 'The upload belongs to another key');
    const partNumber = Number(query.get('partNumber'));
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
      throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
    }
    const { payload, trailers } = requestPayload(request, body);
    const checksum = checkedChecksum(request, trailers, payload);
    await store.putPart(upload, partNumber, payload);
    const headers: Record<string, string> = { etag: `"${md5(payload).toString('hex')}"` };
    if (checksum) headers[`x-amz-checksum-${checksum.algorithm}`] = checksum.value;
    send(response, 200, headers);
  }

  async function completeUpload(
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
    bucket: string,
    key: string,
    uploadId: string,
  ): Promise<void> {
    const upload = requireUpload(bucket, uploadId);
    let parts;
    try {
      parts = parseCompleteMultipart(body.toString('utf8'));
    } catch {
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    }
    if (parts.length === 0) throw new S3Error(400, 'MalformedXML', 'You must specify at least one part');
    const buffers: Buffer[] = [];
    const digests: Buffer[] = [];
    for (const [index, part] of parts.entries()) {
      if (index > 0 && part.partNumber <= (parts[index - 1]?.partNumber ?? 0)) {
        throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.');
      }
      const data = await store.readPart(upload, part.partNumber);
      const digest = data === undefined ? undefined : md5(data);
      if (data === undefined || digest === undefined || `"${digest.toString('hex')}"` !== part.etag) {
        throw new S3Error(
          400,
          'InvalidPart',
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
        );
      }
      if (index < parts.length - 1 && data.length < MIN_PART_BYTES) {
        throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
      }
      buffers.push(data);
      digests.push(digest);
    }
    const payload = Buffer.concat(buffers);
    const meta: ObjectMeta = {
      key,
      size: payload.length,
      etag: `"${md5(Buffer.concat(digests)).toString('hex')}-${parts.length}"`,
      lastModified: new Date().toISOString(),
      headers: upload.headers,
      metadata: upload.metadata,
    };
    await store.put(bucket, meta, payload);
    await store.removeUpload(upload);
    const host = header(request, 'host') ?? '127.0.0.1';
    sendXml(response, completeMultipartXml(`http://${host}/${bucket}/${encodeURIComponent(key)}`, bucket, key, meta.etag));
  }

  async function abortUpload(response: ServerResponse, bucket: string, uploadId: string): Promise<void> {
    const upload = requireUpload(bucket, uploadId);
    await store.removeUpload(upload);
    send(response, 204, {});
  }

  const handler: ServiceHandler = async (request, body, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (presignedUrlExpired(url.searchParams, Date.now())) throw new S3Error(403, 'AccessDenied', 'Request has expired');
      const { bucket, key } = splitPath(url.pathname);
      if (bucket === '') await serviceRequest(request, response);
      else if (key === '') await bucketRequest(request, body, response, bucket, url.searchParams);
      else await objectRequest(request, body, response, bucket, key, url.searchParams);
    } catch (error) {
      if (error instanceof S3Error) sendError(request, response, error);
      else if (error instanceof URIError)
        sendError(request, response, new S3Error(400, 'InvalidURI', 'Could not parse the specified URI.'));
      else sendError(request, response, new S3Error(500, 'InternalError', (error as Error).message));
    }
  };

  return { handler, store, stop: async () => {} };
}
