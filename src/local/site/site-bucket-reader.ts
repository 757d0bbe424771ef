// Reads site files through the S3 API at the edge, as CloudFront reads its S3 origin.
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { SiteObject } from './site-server.js';

/** A `readObject` for the site server: undefined for a missing key (or bucket). */
export function s3SiteReader(s3: S3Client): (bucket: string, key: string) => Promise<SiteObject | undefined> {
  return async (bucket, key) => {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
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
      if (error instanceof NoSuchKey || name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') return undefined;
      throw error;
    }
  };
}
