// The local S3 through the real AWS SDK v3 client: every operation qrcard uses parses, errors are typed, bytes round-trip.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  S3Client,
  CreateBucketCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  DeleteBucketCommand,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  CopyObjectCommand,
  PutBucketPolicyCommand,
  GetBucketPolicyCommand,
  PutBucketEncryptionCommand,
  GetBucketEncryptionCommand,
  PutPublicAccessBlockCommand,
  PutBucketVersioningCommand,
  GetBucketVersioningCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketTaggingCommand,
  GetBucketTaggingCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  CompleteMultipartUploadCommand,
  AbortMultipartUploadCommand,
  NoSuchKey,
  NoSuchBucket,
  NotFound,
  BucketAlreadyOwnedByYou,
  type S3ServiceException,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startEdge, type Edge } from '../../src/local/edge.js';
import { startS3, type S3Service } from '../../src/local/s3/s3-service.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

function client(endpoint: string, checksums: 'WHEN_REQUIRED' | 'WHEN_SUPPORTED' = 'WHEN_REQUIRED'): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
  });
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('local S3 through the AWS SDK', { timeout: 120_000 }, () => {
  let dir: string;
  let edge: Edge;
  let s3service: S3Service;
  let s3: S3Client;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qrcard-s3-'));
    edge = await startEdge();
    s3service = await startS3({ dir });
    edge.mount('s3', s3service.handler);
    s3 = client(edge.url);
  });

  after(async () => {
    s3.destroy();
    await edge.stop();
    await s3service.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates, heads, lists and deletes buckets with typed errors', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'life-cycle' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'life-cycle' }));
    const list = await s3.send(new ListBucketsCommand({}));
    assert.ok(list.Buckets?.some((b) => b.Name === 'life-cycle'));

    assert.ok((await errorOf(s3.send(new CreateBucketCommand({ Bucket: 'life-cycle' })))) instanceof BucketAlreadyOwnedByYou);
    await s3.send(new PutObjectCommand({ Bucket: 'life-cycle', Key: 'x', Body: 'x' }));
    const notEmpty = await errorOf(s3.send(new DeleteBucketCommand({ Bucket: 'life-cycle' })));
    assert.equal((notEmpty as S3ServiceException).name, 'BucketNotEmpty');

    await s3.send(new DeleteObjectCommand({ Bucket: 'life-cycle', Key: 'x' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'life-cycle' }));
    assert.ok((await errorOf(s3.send(new HeadBucketCommand({ Bucket: 'life-cycle' })))) instanceof NotFound);
    assert.ok((await errorOf(s3.send(new ListObjectsV2Command({ Bucket: 'life-cycle' })))) instanceof NoSuchBucket);
    const invalid = await errorOf(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })));
    assert.equal((invalid as S3ServiceException).name, 'InvalidBucketName');
  });

  it('round-trips binary, empty and 10 MB objects with metadata, in both checksum modes', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'bytes' }));
    const defaultMode = client(edge.url, 'WHEN_SUPPORTED');
    const bodies = { binary: randomBytes(70_000), empty: Buffer.alloc(0), big: randomBytes(10 * 1024 * 1024) };
    for (const [mode, sdk] of [
      ['required', s3],
      ['supported', defaultMode],
    ] as const) {
      for (const [name, body] of Object.entries(bodies)) {
        const key = `${mode}/${name}.bin`;
        const put = await sdk.send(
          new PutObjectCommand({
            Bucket: 'bytes',
            Key: key,
            Body: body,
            ContentType: 'image/png',
            CacheControl: 'max-age=60',
            Metadata: { owner: 'ana' },
          }),
        );
        assert.equal(put.ETag, `"${createHash('md5').update(body).digest('hex')}"`);
        const got = await sdk.send(new GetObjectCommand({ Bucket: 'bytes', Key: key }));
        assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(body), `${key} bytes`);
        assert.equal(got.ContentType, 'image/png');
        assert.equal(got.CacheControl, 'max-age=60');
        assert.deepEqual(got.Metadata, { owner: 'ana' });
        assert.equal(got.ContentLength, body.length);
      }
    }
    defaultMode.destroy();
  });

  it('decodes aws-chunked stream uploads with a checksum trailer', async () => {
    const sdk = client(edge.url, 'WHEN_SUPPORTED');
    const body = randomBytes(3 * 1024 * 1024 + 17);
    let sawChunked = false;
    sdk.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> };
        if (request.headers['content-encoding']?.includes('aws-chunked')) sawChunked = true;
        return next(args);
      },
      { step: 'finalizeRequest', name: 'observeEncoding', priority: 'low' },
    );
    await sdk.send(new PutObjectCommand({ Bucket: 'bytes', Key: 'chunked.bin', Body: Readable.from([body]), ContentLength: body.length }));
    assert.ok(sawChunked, 'the SDK sent an aws-chunked body');
    const got = await sdk.send(new GetObjectCommand({ Bucket: 'bytes', Key: 'chunked.bin', ChecksumMode: 'ENABLED' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
    assert.ok(got.ChecksumCRC32 ?? got.ChecksumCRC32C ?? got.ChecksumCRC64NVME, 'stored checksum is returned');
    sdk.destroy();
  });

  it('serves ranges, heads objects and reports NoSuchKey', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'bytes', Key: 'abc.txt', Body: 'abcdefghij' }));
    const part = await s3.send(new GetObjectCommand({ Bucket: 'bytes', Key: 'abc.txt', Range: 'bytes=2-4' }));
    assert.equal(await part.Body!.transformToString(), 'cde');
    assert.equal(part.ContentRange, 'bytes 2-4/10');
    const tail = await s3.send(new GetObjectCommand({ Bucket: 'bytes', Key: 'abc.txt', Range: 'bytes=-3' }));
    assert.equal(await tail.Body!.transformToString(), 'hij');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'bytes', Key: 'abc.txt' }));
    assert.equal(head.ContentLength, 10);
    assert.equal(head.ContentType, 'application/octet-stream', 'the SDK default type is kept');
    assert.ok((await errorOf(s3.send(new GetObjectCommand({ Bucket: 'bytes', Key: 'missing' })))) instanceof NoSuchKey);
    assert.ok((await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'bytes', Key: 'missing' })))) instanceof NotFound);
    const created = await errorOf(s3.send(new PutObjectCommand({ Bucket: 'bytes', Key: 'abc.txt', Body: 'again', IfNoneMatch: '*' })));
    assert.equal((created as S3ServiceException).name, 'PreconditionFailed');
    await s3.send(new PutObjectCommand({ Bucket: 'bytes', Key: 'abc.txt', Body: 'abcdefghij', IfMatch: head.ETag }));
    const range = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'bytes', Key: 'abc.txt', Range: 'bytes=50-60' })));
    assert.equal((range as S3ServiceException).name, 'InvalidRange');
  });

  it('paginates ListObjectsV2 across 2,500 keys and groups by delimiter', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'many' }));
    const keys = Array.from({ length: 2500 }, (_, i) => `items/${String(i).padStart(4, '0')}.txt`);
    // Seeded as empty objects through the store (2,500 SDK puts would mostly measure the disk); listing goes through the SDK.
    const lastModified = new Date().toISOString();
    const emptyEtag = `"${createHash('md5').digest('hex')}"`;
    await Promise.all(
      keys.map((key) =>
        s3service.store.put('many', { key, size: 0, etag: emptyEtag, lastModified, headers: {}, metadata: {} }, Buffer.alloc(0)),
      ),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'many', Key: 'top.txt', Body: 'top' }));
    await s3.send(new PutObjectCommand({ Bucket: 'many', Key: 'other/a b+c.txt', Body: 'x' }));

    const listed: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: 'many', Prefix: 'items/' })) {
      pages++;
      listed.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
    }
    assert.equal(pages, 3);
    assert.deepEqual(listed, keys);

    const small: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 7 }, { Bucket: 'many', Prefix: 'items/00' })) {
      assert.ok((page.KeyCount ?? 0) <= 7);
      small.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
    }
    assert.deepEqual(small, keys.slice(0, 100));

    const grouped = await s3.send(new ListObjectsV2Command({ Bucket: 'many', Delimiter: '/' }));
    assert.deepEqual(
      grouped.CommonPrefixes?.map((p) => p.Prefix),
      ['items/', 'other/'],
    );
    assert.deepEqual(
      grouped.Contents?.map((c) => c.Key),
      ['top.txt'],
    );

    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'many', Prefix: 'other/' }));
    assert.deepEqual(
      versions.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest]),
      [['other/a b+c.txt', 'null', true]],
    );
  });

  it('deletes in batches, quietly or not', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'batch' }));
    await Promise.all(['a', 'b', 'c'].map((Key) => s3.send(new PutObjectCommand({ Bucket: 'batch', Key, Body: Key }))));
    const loud = await s3.send(new DeleteObjectsCommand({ Bucket: 'batch', Delete: { Objects: [{ Key: 'a' }, { Key: 'nope' }] } }));
    assert.deepEqual(loud.Deleted?.map((d) => d.Key).sort(), ['a', 'nope']);
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'batch', Delete: { Quiet: true, Objects: [{ Key: 'b' }, { Key: 'c' }] } }),
    );
    assert.equal(quiet.Deleted, undefined);
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'batch' }))).KeyCount, 0);
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` }));
    const error = await errorOf(s3.send(new DeleteObjectsCommand({ Bucket: 'batch', Delete: { Objects: tooMany } })));
    assert.equal((error as S3ServiceException).name, 'MalformedXML');
  });

  it('copies objects keeping or replacing metadata', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: 'bytes', Key: 'src/one two.txt', Body: 'copy me', ContentType: 'text/plain', Metadata: { a: '1' } }),
    );
    await s3.send(
      new CopyObjectCommand({ Bucket: 'bytes', Key: 'dst/kept.txt', CopySource: `bytes/${encodeURIComponent('src/one two.txt')}` }),
    );
    const kept = await s3.send(new GetObjectCommand({ Bucket: 'bytes', Key: 'dst/kept.txt' }));
    assert.equal(await kept.Body!.transformToString(), 'copy me');
    assert.deepEqual([kept.ContentType, kept.Metadata], ['text/plain', { a: '1' }]);
    const copied = await s3.send(
      new CopyObjectCommand({
        Bucket: 'bytes',
        Key: 'dst/replaced.txt',
        CopySource: 'bytes/src/one%20two.txt',
        MetadataDirective: 'REPLACE',
        ContentType: 'text/markdown',
      }),
    );
    assert.ok(copied.CopyObjectResult?.ETag);
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: 'bytes', Key: 'dst/replaced.txt' }));
    assert.deepEqual([replaced.ContentType, replaced.Metadata], ['text/markdown', {}]);
    assert.ok(
      (await errorOf(s3.send(new CopyObjectCommand({ Bucket: 'bytes', Key: 'x', CopySource: 'bytes/none' })))) instanceof NoSuchKey,
    );
  });

  it('stores bucket settings', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'settings' }));
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::settings/*' }],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'settings', Policy: policy }));
    assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: 'settings' }))).Policy, policy);
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'settings',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      }),
    );
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'settings' }));
    assert.equal(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'settings',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'settings' }))).Status, undefined);
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'settings', VersioningConfiguration: { Status: 'Enabled' } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'settings' }))).Status, 'Enabled');
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: 'settings',
        LifecycleConfiguration: { Rules: [{ ID: 'expire', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }] },
      }),
    );
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'settings', Tagging: { TagSet: [{ Key: 'app', Value: 'qrcard' }] } }));
    assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: 'settings' }))).TagSet, [{ Key: 'app', Value: 'qrcard' }]);
    const noPolicy = await errorOf(s3.send(new GetBucketPolicyCommand({ Bucket: 'bytes' })));
    assert.equal((noPolicy as S3ServiceException).name, 'NoSuchBucketPolicy');
  });

  it('serves presigned GET URLs', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'bytes', Key: 'cards/u 1/attendee.png', Body: 'png bytes', ContentType: 'image/png' }));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'bytes', Key: 'cards/u 1/attendee.png' }), { expiresIn: 300 });
    const reply = await fetch(url);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('content-type'), 'image/png');
    assert.equal(await reply.text(), 'png bytes');
    const expired = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'bytes', Key: 'cards/u 1/attendee.png' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const refused = await fetch(expired);
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /<Code>AccessDenied<\/Code>.*expired/s);
    const missing = await fetch(await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'bytes', Key: 'nope' })));
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /<Code>NoSuchKey<\/Code>/);
  });

  it('assembles and aborts multipart uploads', async () => {
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1234)];
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'bytes', Key: 'multi.bin', ContentType: 'application/zip' }),
    );
    const etags = [];
    for (const [index, Body] of parts.entries()) {
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'bytes', Key: 'multi.bin', UploadId, PartNumber: index + 1, Body }));
      etags.push({ ETag, PartNumber: index + 1 });
    }
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'bytes', Key: 'multi.bin', UploadId, MultipartUpload: { Parts: etags } }),
    );
    assert.match(done.ETag ?? '', /-2"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bytes', Key: 'multi.bin' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(parts)));
    assert.equal(got.ContentType, 'application/zip');

    const aborted = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bytes', Key: 'gone.bin' }));
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'bytes', Key: 'gone.bin', UploadId: aborted.UploadId }));
    const error = await errorOf(
      s3.send(new UploadPartCommand({ Bucket: 'bytes', Key: 'gone.bin', UploadId: aborted.UploadId, PartNumber: 1, Body: 'x' })),
    );
    assert.equal((error as S3ServiceException).name, 'NoSuchUpload');
  });

  it('keeps everything across a restart', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'bytes', Key: 'persist.txt', Body: 'still here', ContentType: 'text/plain' }));
    edge.unmount('s3');
    await s3service.stop();
    s3service = await startS3({ dir });
    edge.mount('s3', s3service.handler);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bytes', Key: 'persist.txt' }));
    assert.equal(await got.Body!.transformToString(), 'still here');
    assert.equal(got.ContentType, 'text/plain');
    assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: 'settings' }))).Policy?.includes('Deny'), true);
  });
});
