// Digests of S3 bodies: MD5 ETags, and the whole-object x-amz-checksum-* a client sends in a header or trailer.

import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { RestXmlError, type RestXmlRequest } from '../protocol/rest-xml.js';
import type { ObjectMeta } from './s3-records.js';

export type ObjectChecksum = NonNullable<ObjectMeta['checksum']>;

/** In the order they are looked for; only one is taken. */
const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];

export function md5(data: Buffer): Buffer {
  return createHash('md5').update(data).digest();
}

/** `"<md5 hex>"`: the ETag of an object or part sent in one piece. */
export function md5Etag(data: Buffer): string {
  return `"${md5(data).toString('hex')}"`;
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

/** The client's checksum of `data` (trailer first, then header), checked where it can be computed; BadDigest if wrong. */
export function checkedChecksum(request: RestXmlRequest, data: Buffer): ObjectChecksum | undefined {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm}`;
    const value = request.trailers[name] ?? request.headers[name];
    if (value === undefined) continue;
    const computed = computeChecksum(algorithm, data);
    if (computed !== undefined && computed !== value) {
      throw new RestXmlError(400, 'BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
    }
    return { algorithm, value };
  }
  return undefined;
}

/** The `x-amz-checksum-<algorithm>` header echoing a checksum, or none. */
export function checksumHeaders(checksum: ObjectChecksum | undefined): Record<string, string> {
  return checksum ? { [`x-amz-checksum-${checksum.algorithm}`]: checksum.value } : {};
}
