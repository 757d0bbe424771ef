// What CloudFront answers from an S3 bucket origin: the object, the distribution's custom error page for a
// missing one, or S3's NoSuchKey; only GET and HEAD are let through.
import type { HttpResponseData } from './http-api-event.js';
import type { Distribution } from './site-registry.js';

export interface SiteObject {
  readonly body: Buffer;
  readonly contentType?: string | undefined;
  readonly etag?: string | undefined;
  readonly lastModified?: Date | undefined;
  readonly cacheControl?: string | undefined;
}

/** Reads an object of the site bucket; undefined when it does not exist. */
export type ReadSiteObject = (bucket: string, key: string) => Promise<SiteObject | undefined>;

export interface BucketRequest {
  readonly bucket: string;
  /** The object key, decoded; empty for the bucket itself. */
  readonly key: string;
  readonly method: string;
}

export async function answerFromBucket(
  distribution: Distribution,
  readObject: ReadSiteObject,
  { bucket, key, method }: BucketRequest,
): Promise<HttpResponseData> {
  if (method !== 'GET' && method !== 'HEAD')
    return {
      statusCode: 403,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('This distribution is not configured to allow the HTTP request method that was used for this request.'),
    };
  const object = key === '' ? undefined : await readObject(bucket, key);
  if (object) return objectResponse(object);
  const custom = distribution.customErrorResponses.find((entry) => entry.errorCode === 404);
  if (custom?.responsePagePath) {
    const page = await readObject(bucket, custom.responsePagePath.replace(/^\//, ''));
    if (page)
      return { statusCode: custom.responseCode ?? 404, headers: { 'content-type': page.contentType ?? 'text/html' }, body: page.body };
  }
  return {
    statusCode: 404,
    headers: { 'content-type': 'application/xml' },
    body: Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key.replace(/[<>&]/g, '')}</Key></Error>`,
    ),
  };
}

function objectResponse(object: SiteObject): HttpResponseData {
  const headers: Record<string, string> = { 'content-type': object.contentType ?? 'binary/octet-stream' };
  if (object.etag) headers['etag'] = object.etag;
  if (object.lastModified) headers['last-modified'] = object.lastModified.toUTCString();
  if (object.cacheControl) headers['cache-control'] = object.cacheControl;
  return { statusCode: 200, headers, body: object.body };
}
