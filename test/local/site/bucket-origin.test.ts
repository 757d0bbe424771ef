// The site bucket as CloudFront's S3 origin: objects with their metadata, the custom error page, S3's
// NoSuchKey, and methods a bucket origin does not allow.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerFromBucket, type SiteObject } from '../../../src/local/site/bucket-origin.js';
import type { Distribution } from '../../../src/local/site/site-registry.js';

function distribution(customErrorResponses: Distribution['customErrorResponses'] = []): Distribution {
  return {
    id: 'E1',
    domainName: 'd1.cloudfront.net',
    enabled: true,
    origins: [{ id: 'site', domainName: 'site-bucket.s3.us-east-1.amazonaws.com', originPath: '' }],
    defaultBehavior: { targetOriginId: 'site' },
    behaviors: [],
    customErrorResponses,
    deployedAt: 0,
  };
}

function bucketOf(objects: Record<string, SiteObject>) {
  const reads: string[] = [];
  const readObject = (bucket: string, key: string) => {
    reads.push(`${bucket}/${key}`);
    return Promise.resolve(objects[`${bucket}/${key}`]);
  };
  return { readObject, reads };
}

describe('answerFromBucket', () => {
  it('serves an object with its content type, ETag, Last-Modified and Cache-Control', async () => {
    const { readObject } = bucketOf({
      'site-bucket/app.js': {
        body: Buffer.from('console.log(1)'),
        contentType: 'text/javascript',
        etag: '"abc"',
        lastModified: new Date('2026-01-02T03:04:05Z'),
        cacheControl: 'max-age=60',
      },
    });

    const response = await answerFromBucket(distribution(), readObject, { bucket: 'site-bucket', key: 'app.js', method: 'GET' });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.headers, {
      'content-type': 'text/javascript',
      etag: '"abc"',
      'last-modified': 'Fri, 02 Jan 2026 03:04:05 GMT',
      'cache-control': 'max-age=60',
    });
    assert.equal(response.body.toString(), 'console.log(1)');
  });

  it('answers a missing key with the custom error page and its response code', async () => {
    const { readObject } = bucketOf({ 'site-bucket/index.html': { body: Buffer.from('<h1>home</h1>') } });
    const withErrorPage = distribution([{ errorCode: 404, responseCode: 200, responsePagePath: '/index.html' }]);

    const response = await answerFromBucket(withErrorPage, readObject, { bucket: 'site-bucket', key: 'users/u1', method: 'GET' });

    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/html');
    assert.equal(response.body.toString(), '<h1>home</h1>');
  });

  it("answers a missing key with S3's NoSuchKey when there is no error page", async () => {
    const { readObject } = bucketOf({});

    const response = await answerFromBucket(distribution(), readObject, { bucket: 'site-bucket', key: 'a<b>.txt', method: 'HEAD' });

    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['content-type'], 'application/xml');
    assert.match(response.body.toString(), /<Code>NoSuchKey<\/Code>.*<Key>ab\.txt<\/Key>/);
  });

  it('refuses methods other than GET and HEAD without reading the bucket', async () => {
    const { readObject, reads } = bucketOf({});

    const response = await answerFromBucket(distribution(), readObject, { bucket: 'site-bucket', key: 'index.html', method: 'POST' });

    assert.equal(response.statusCode, 403);
    assert.deepEqual(reads, []);
  });
});
