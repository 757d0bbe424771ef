// Reads site files from the site bucket straight from the local S3 store in the same process (no SDK to
// load, no HTTP round trip).
import { errorCode } from '../../core/errors.js';
import type { S3Store } from '../s3/s3-store.js';
import type { SiteObject } from './bucket-origin.js';

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
      if (errorCode(error) === 'ENOENT') return undefined;
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
