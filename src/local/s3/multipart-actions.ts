// The multipart upload actions: CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload,
// AbortMultipartUpload.

import { randomUUID } from 'node:crypto';
import { RestXmlError, xmlResult, type RestXmlRequest, type RestXmlResult } from '../protocol/rest-xml.js';
import { checkedChecksum, checksumHeaders, md5, md5Etag } from './checksums.js';
import { objectHeadersFrom } from './object-headers.js';
import { malformedXml, noSuchUpload, requireBucket, requireUpload } from './s3-errors.js';
import type { MultipartUpload, ObjectMeta } from './s3-records.js';
import type { S3Store } from './s3-store.js';
import { completeMultipartXml, initiateMultipartXml, listPartsXml, parseCompleteMultipart, type CompletedPart } from './s3-xml.js';

/** Every part but the last must be at least this big, as on S3. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;
/** ListParts answers at most this many parts a page, whatever max-parts asks. */
const MAX_PARTS_PER_PAGE = 1000;

/** The query's `uploadId`, which the router has seen before choosing a multipart action. */
function uploadIdOf(request: RestXmlRequest): string {
  return request.query['uploadId'] ?? '';
}

export async function createMultipartUpload(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  const { bucket, key } = request;
  requireBucket(store, bucket);
  const uploadId = randomUUID().replace(/-/g, '');
  await store.createUpload({ uploadId, bucket, key, initiated: new Date().toISOString(), ...objectHeadersFrom(request) });
  return xmlResult(initiateMultipartXml(bucket, key, uploadId));
}

export async function uploadPart(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  const upload = requireUpload(store, request.bucket, uploadIdOf(request));
  if (upload.key !== request.key) throw new RestXmlError(400, 'InvalidRequest', 'The upload belongs to another key');
  const partNumber = Number(request.query['partNumber']);
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new RestXmlError(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  }
  const checksum = checkedChecksum(request, request.body);
  await store.putPart(upload, partNumber, request.body);
  return { status: 200, headers: { etag: md5Etag(request.body), ...checksumHeaders(checksum) } };
}

/** A non-negative integer query parameter, `fallback` when absent; InvalidArgument as S3 words it otherwise. */
function countParameter(request: RestXmlRequest, name: string, fallback: number): number {
  const text = request.query[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text === '' || !Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new RestXmlError(400, 'InvalidArgument', `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: text,
    });
  }
  return value;
}

/** The parts uploaded so far, a page at a time: those after `part-number-marker`, at most `max-parts` (1000). */
export async function listParts(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  const upload = requireUpload(store, request.bucket, uploadIdOf(request));
  if (upload.key !== request.key) throw noSuchUpload(upload.uploadId);
  const partNumberMarker = countParameter(request, 'part-number-marker', 0);
  const maxParts = Math.min(countParameter(request, 'max-parts', MAX_PARTS_PER_PAGE), MAX_PARTS_PER_PAGE);
  const after = (await store.partNumbers(upload)).filter((number) => number > partNumberMarker);
  const page = after.slice(0, maxParts);
  const parts = (await Promise.all(page.map((number) => store.partSummary(upload, number)))).filter((part) => part !== undefined);
  return xmlResult(listPartsXml({ upload, partNumberMarker, maxParts, parts, isTruncated: after.length > page.length }));
}

function parseParts(body: Buffer): CompletedPart[] {
  let parts;
  try {
    parts = parseCompleteMultipart(body.toString('utf8'));
  } catch {
    throw malformedXml();
  }
  if (parts.length === 0) throw new RestXmlError(400, 'MalformedXML', 'You must specify at least one part');
  return parts;
}

/** The bytes and MD5 of each listed part, checked: ascending numbers, matching ETags, all but the last big enough. */
async function readParts(
  store: S3Store,
  upload: MultipartUpload,
  parts: readonly CompletedPart[],
): Promise<{ data: Buffer[]; digests: Buffer[] }> {
  const data: Buffer[] = [];
  const digests: Buffer[] = [];
  for (const [index, part] of parts.entries()) {
    if (index > 0 && part.partNumber <= (parts[index - 1]?.partNumber ?? 0)) {
      throw new RestXmlError(
        400,
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
      );
    }
    const bytes = await store.readPart(upload, part.partNumber);
    const digest = bytes === undefined ? undefined : md5(bytes);
    if (bytes === undefined || digest === undefined || `"${digest.toString('hex')}"` !== part.etag) {
      throw new RestXmlError(
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
      );
    }
    if (index < parts.length - 1 && bytes.length < MIN_PART_BYTES) {
      throw new RestXmlError(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
    }
    data.push(bytes);
    digests.push(digest);
  }
  return { data, digests };
}

/** Joins the listed parts into the object; its ETag is the MD5 of the parts' MD5s, dash, the number of parts. */
export async function completeMultipartUpload(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  const { bucket, key } = request;
  const upload = requireUpload(store, bucket, uploadIdOf(request));
  const parts = parseParts(request.body);
  const { data, digests } = await readParts(store, upload, parts);
  const payload = Buffer.concat(data);
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
  const location = `http://${request.headers['host'] ?? '127.0.0.1'}/${bucket}/${encodeURIComponent(key)}`;
  return xmlResult(completeMultipartXml(location, bucket, key, meta.etag));
}

export async function abortMultipartUpload(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  const upload = requireUpload(store, request.bucket, uploadIdOf(request));
  await store.removeUpload(upload);
  return { status: 204 };
}
