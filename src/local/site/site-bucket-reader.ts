// Reads site files from the site bucket: through the S3 API at the edge, as CloudFront reads its S3 origin,
// or straight from the local S3 store in the same process (no SDK to load, no HTTP round trip).
import type { S3Client } from '@aws-sdk/client-s3';
import { s3Sdk } from '../lazy-sdk.js';
import type { S3Store } from '../s3/s3-store.js';
import type { SiteObject } from './site-server.js';

/** A `readObject` over the engine's own S3 store: undefined for a missing key (or bucket). */
export function storeSiteReader(store: S3Store): (bucket: string, key: string) => Promise<SiteObject | undefined> {
  return async (bucket, key) => {
    const meta = store.head(bucket, key);
    if (!meta) return undefined;
    let body: Buffer;
    try {
      body = await store.read(bucket, key);
    } catch (error) {
      // Deleted between head and read.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return {
      body,
      contentType: meta.headers['content-type'],
      etag: meta.etag,
      lastModified: new Date(meta.lastModified),
      cacheControl: meta.headers['cache-control'],
    };
  };
}

/** A `readObject` for the site server: undefined for a missing key (or bucket). */
export function s3SiteReader(s3: S3Client): (bucket: string, key: string) => Promise<SiteObject | undefined> {
  return async (bucket, key) => {
    try {
      const object = await s3.send(new (s3Sdk().GetObjectCommand)({ Bucket: bucket, Key: key }));
      const bytes = object.Body === undefined ? new Uint8Array() : await object.Body.transformToByteArray();
      return {
        body: Buffer.from(bytes),
        contentType: object.ContentType,
        etag: object.ETag,
        lastModified: object.LastModified,
        cacheControl: object.CacheControl,
      };
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (error instanceof s3Sdk().NoSuchKey || name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') return undefined;
      throw error;
    }
  };
}
