// The listing actions: ListObjects (v1 and v2) and ListObjectVersions, one page at a time.

import { RestXmlError, xmlResult, type RestXmlRequest, type RestXmlResult } from '../protocol/rest-xml.js';
import { decodeContinuationToken, encodeContinuationToken, listPage } from './listing.js';
import { requireBucket } from './s3-errors.js';
import type { S3Store } from './s3-store.js';
import { listObjectsXml, listVersionsXml } from './s3-xml.js';

const MAX_KEYS = 1000;

/** `max-keys`, default and cap 1000; InvalidArgument when it is not a whole number. */
function maxKeysOf(query: Readonly<Record<string, string>>): number {
  const text = query['max-keys'];
  if (text === undefined) return MAX_KEYS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new RestXmlError(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
  }
  return Math.min(value, MAX_KEYS);
}

/** Where a page starts: after the continuation token or start-after (v2), or after the marker (v1). */
function resumePoint(query: Readonly<Record<string, string>>, version: 1 | 2): string | undefined {
  if (version === 1) return query['marker'];
  const token = query['continuation-token'];
  if (token === undefined) return query['start-after'];
  if (token === '') throw new RestXmlError(400, 'InvalidArgument', 'The continuation token provided is incorrect');
  return decodeContinuationToken(token);
}

function listObjects(store: S3Store, request: RestXmlRequest, version: 1 | 2): RestXmlResult {
  const { bucket, query } = request;
  requireBucket(store, bucket);
  const prefix = query['prefix'] ?? '';
  const delimiter = query['delimiter'];
  const maxKeys = maxKeysOf(query);
  const after = resumePoint(query, version);
  const page = listPage({ keys: store.sortedKeys(bucket), prefix, delimiter, maxKeys, after });
  const next = page.isTruncated ? page.next : undefined;
  const xml = listObjectsXml({
    bucket,
    version,
    prefix,
    delimiter,
    maxKeys,
    entries: page.entries,
    isTruncated: page.isTruncated,
    lookup: (key) => store.head(bucket, key),
    encodingType: query['encoding-type'],
    continuationToken: query['continuation-token'],
    nextContinuationToken: next === undefined ? undefined : encodeContinuationToken(next),
    startAfter: query['start-after'],
    marker: query['marker'],
    // S3 sends NextMarker (v1) only when a delimiter was given; clients otherwise resume from the last key.
    nextMarker: delimiter === undefined ? undefined : next,
  });
  return xmlResult(xml);
}

export function listObjectsV1(store: S3Store, request: RestXmlRequest): RestXmlResult {
  return listObjects(store, request, 1);
}

export function listObjectsV2(store: S3Store, request: RestXmlRequest): RestXmlResult {
  return listObjects(store, request, 2);
}

/** Unversioned buckets: every object is its own latest version. */
export function listObjectVersions(store: S3Store, request: RestXmlRequest): RestXmlResult {
  const { bucket, query } = request;
  requireBucket(store, bucket);
  const prefix = query['prefix'] ?? '';
  const delimiter = query['delimiter'];
  const maxKeys = maxKeysOf(query);
  const keyMarker = query['key-marker'];
  const page = listPage({ keys: store.sortedKeys(bucket), prefix, delimiter, maxKeys, after: keyMarker });
  const xml = listVersionsXml({
    bucket,
    prefix,
    delimiter,
    maxKeys,
    keyMarker,
    entries: page.entries,
    isTruncated: page.isTruncated,
    nextKeyMarker: page.isTruncated ? page.next : undefined,
    lookup: (key) => store.head(bucket, key),
    encodingType: query['encoding-type'],
  });
  return xmlResult(xml);
}
