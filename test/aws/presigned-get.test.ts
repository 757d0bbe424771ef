// Presigned card URLs signed without the SDK's command stack must be byte for byte the SDK's own, on AWS
// (virtual-hosted, session token) and on the local engine (path-style), and must open the object.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createPresignedGets, templateFromUrl } from '../../src/aws/presigned-get.js';
import { startEdge, type Edge } from '../../src/local/edge.js';
import { startS3, type S3Service } from '../../src/local/s3/s3-service.js';

const KEYS = [
  'cards/u1/attendee.png',
  'cards/a@b.c/x-y.png',
  'cards/u 1/attendee.png',
  "cards/o'brien(1)*!/a.png",
  'cards/홍길동/vip.png',
  'cards/x+y=z&w/a.png',
];
const AT = new Date('2026-11-21T10:00:00Z');

const clients = {
  aws: () =>
    new S3Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token/with+chars=' },
    }),
  local: () =>
    new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4566',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
};

describe('presigned card URLs', () => {
  for (const [where, makeClient] of Object.entries(clients)) {
    it(`match getSignedUrl for every key (${where})`, async () => {
      const client = makeClient();
      const gets = createPresignedGets(client, 'cards-bucket-1');
      for (const key of KEYS) {
        const expected = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'cards-bucket-1', Key: key }), {
          expiresIn: 300,
          signingDate: AT,
        });
        assert.equal(await gets.url(key, 300, AT), expected, key);
        assert.ok(gets.direct, 'signs directly after the first URL');
      }
      client.destroy();
    });
  }

  it('reads the request shape from an SDK URL, and refuses a URL for another key', () => {
    const url =
      'http://127.0.0.1:4566/bucket/cards/a%40b/x.png?x-id=GetObject&X-Amz-Credential=test%2F20261121%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=00';
    assert.deepEqual(templateFromUrl(url, 'cards/a@b/x.png'), {
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4566,
      pathPrefix: '/bucket/',
      query: { 'x-id': 'GetObject' },
      signingRegion: 'us-east-1',
      signingService: 's3',
    });
    assert.equal(templateFromUrl(url, 'cards/other/x.png'), undefined);
  });

  describe('against the local S3', () => {
    let dir: string;
    let edge: Edge;
    let s3service: S3Service;
    let client: S3Client;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'qrcard-presign-'));
      edge = await startEdge();
      s3service = await startS3({ dir });
      edge.mount('s3', s3service.handler);
      client = new S3Client({
        region: 'us-east-1',
        endpoint: edge.url,
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      await client.send(new CreateBucketCommand({ Bucket: 'cards' }));
    });

    after(async () => {
      client.destroy();
      await edge.stop();
      await s3service.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('opens each object, and an expired URL is refused', async () => {
      const gets = createPresignedGets(client, 'cards');
      for (const key of KEYS) {
        await client.send(new PutObjectCommand({ Bucket: 'cards', Key: key, Body: `png of ${key}` }));
        const reply = await fetch(await gets.url(key, 300));
        assert.equal(reply.status, 200, key);
        assert.equal(await reply.text(), `png of ${key}`);
      }
      assert.ok(gets.direct);
      const expired = await fetch(await gets.url(KEYS[0] as string, 60, new Date(Date.now() - 120_000)));
      assert.equal(expired.status, 403);
    });
  });
});
