// The multipart actions called directly on a store: parts joined in order, size and order rules, unknown uploads.

import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { MIN_PART_BYTES } from '../../../src/local/s3/multipart-actions.js';
import { etagOf, openFixture, texts, type ActionFixture } from './action-fixture.js';

function completion(parts: ReadonlyArray<readonly [number, string]>): string {
  const listed = parts.map(([number, etag]) => `<Part><PartNumber>${number}</PartNumber><ETag>${etag}</ETag></Part>`);
  return `<CompleteMultipartUpload>${listed.join('')}</CompleteMultipartUpload>`;
}

describe('S3 multipart actions', () => {
  let s3: ActionFixture;

  beforeEach(async () => {
    s3 = await openFixture();
    await s3.bucket('zips');
  });

  afterEach(() => s3.close());

  async function startUpload(key: string, headers: Readonly<Record<string, string>> = {}): Promise<string> {
    const created = await s3.act('CreateMultipartUpload', { method: 'POST', bucket: 'zips', key, query: { uploads: '' }, headers });
    const [uploadId] = texts(created, 'UploadId');
    assert.ok(uploadId);
    return uploadId;
  }

  function uploadPart(key: string, uploadId: string, partNumber: number, body: Buffer | string) {
    return s3.act('UploadPart', { method: 'PUT', bucket: 'zips', key, query: { uploadId, partNumber: String(partNumber) }, body });
  }

  function complete(key: string, uploadId: string, parts: ReadonlyArray<readonly [number, string]>) {
    return s3.act('CompleteMultipartUpload', { method: 'POST', bucket: 'zips', key, query: { uploadId }, body: completion(parts) });
  }

  it('joins the parts in order into one object with the multipart ETag and the headers given at creation', async () => {
    const first = randomBytes(MIN_PART_BYTES);
    const last = Buffer.from('the end');
    const uploadId = await startUpload('build.zip', { 'content-type': 'application/zip', 'x-amz-meta-build': '7' });

    const parts = [await uploadPart('build.zip', uploadId, 1, first), await uploadPart('build.zip', uploadId, 2, last)];
    const done = await complete('build.zip', uploadId, [
      [1, String(parts[0]?.headers?.['etag'])],
      [2, String(parts[1]?.headers?.['etag'])],
    ]);
    const got = await s3.act('GetObject', { bucket: 'zips', key: 'build.zip' });

    const digests = Buffer.concat([first, last].map((part) => createHash('md5').update(part).digest()));
    const etag = `"${createHash('md5').update(digests).digest('hex')}-2"`;
    assert.deepEqual(
      parts.map((part) => part.headers?.['etag']),
      [etagOf(first), etagOf(last)],
    );
    assert.deepEqual(texts(done, 'ETag'), [etag]);
    assert.equal(got.headers?.['etag'], etag);
    assert.equal(got.headers?.['content-type'], 'application/zip');
    assert.equal(got.headers?.['x-amz-meta-build'], '7');
    assert.ok(Buffer.isBuffer(got.body) && got.body.equals(Buffer.concat([first, last])), 'the object is the parts joined in order');
    assert.equal(s3.store.upload('zips', uploadId), undefined, 'a completed upload is gone');
  });

  it('refuses a part under 5 MiB that is not the last with EntityTooSmall', async () => {
    const uploadId = await startUpload('small.zip');
    await uploadPart('small.zip', uploadId, 1, 'tiny');
    await uploadPart('small.zip', uploadId, 2, 'end');

    await assert.rejects(
      complete('small.zip', uploadId, [
        [1, etagOf('tiny')],
        [2, etagOf('end')],
      ]),
      { status: 400, code: 'EntityTooSmall' },
    );
    const single = await complete('small.zip', uploadId, [[1, etagOf('tiny')]]);
    assert.deepEqual(texts(single, 'Key'), ['small.zip'], 'a small last part is fine');
  });

  it('refuses parts listed out of order with InvalidPartOrder, and a part whose ETag does not match with InvalidPart', async () => {
    const big = randomBytes(MIN_PART_BYTES);
    const uploadId = await startUpload('order.zip');
    await uploadPart('order.zip', uploadId, 1, 'one');
    await uploadPart('order.zip', uploadId, 2, big);

    await assert.rejects(
      complete('order.zip', uploadId, [
        [2, etagOf(big)],
        [1, etagOf('one')],
      ]),
      { status: 400, code: 'InvalidPartOrder' },
    );
    await assert.rejects(complete('order.zip', uploadId, [[1, etagOf('uno')]]), { status: 400, code: 'InvalidPart' });
    await assert.rejects(complete('order.zip', uploadId, [[3, etagOf('three')]]), { status: 400, code: 'InvalidPart' });
  });

  it('refuses a part number outside 1 to 10000, and a part for another key', async () => {
    const uploadId = await startUpload('parts.zip');

    for (const partNumber of [0, 10_001]) {
      await assert.rejects(
        uploadPart('parts.zip', uploadId, partNumber, 'x'),
        { status: 400, code: 'InvalidArgument' },
        String(partNumber),
      );
    }
    await assert.rejects(uploadPart('other.zip', uploadId, 1, 'x'), { status: 400, code: 'InvalidRequest' });
  });

  function listParts(key: string, uploadId: string, query: Readonly<Record<string, string>> = {}) {
    return s3.act('ListParts', { bucket: 'zips', key, query: { uploadId, ...query } });
  }

  it('lists the parts uploaded so far by number, a page at a time after part-number-marker', async () => {
    const uploadId = await startUpload('paged.zip');
    for (const partNumber of [3, 1, 12, 2]) await uploadPart('paged.zip', uploadId, partNumber, `part ${partNumber}`);

    const first = await listParts('paged.zip', uploadId, { 'max-parts': '2' });
    const second = await listParts('paged.zip', uploadId, { 'max-parts': '2', 'part-number-marker': '2' });
    const whole = await listParts('paged.zip', uploadId);

    assert.deepEqual(texts(first, 'PartNumber'), ['1', '2']);
    assert.deepEqual(texts(first, 'IsTruncated'), ['true']);
    assert.deepEqual(texts(first, 'NextPartNumberMarker'), ['2']);
    assert.deepEqual(texts(second, 'PartNumber'), ['3', '12']);
    assert.deepEqual(texts(second, 'IsTruncated'), ['false']);
    assert.deepEqual(texts(second, 'PartNumberMarker'), ['2']);
    assert.deepEqual(
      texts(whole, 'ETag'),
      [1, 2, 3, 12].map((n) => etagOf(`part ${n}`)),
    );
    assert.deepEqual(texts(whole, 'Size'), ['6', '6', '6', '7']);
    assert.deepEqual(texts(whole, 'MaxParts'), ['1000']);
    assert.deepEqual(texts(whole, 'UploadId'), [uploadId]);
  });

  it('answers NoSuchUpload for an unknown upload or another key, and InvalidArgument for a bad max-parts', async () => {
    const uploadId = await startUpload('listed.zip');

    await assert.rejects(listParts('listed.zip', 'no-such-upload'), { status: 404, code: 'NoSuchUpload' });
    await assert.rejects(listParts('other.zip', uploadId), { status: 404, code: 'NoSuchUpload' });
    await assert.rejects(listParts('listed.zip', uploadId, { 'max-parts': '-1' }), { status: 400, code: 'InvalidArgument' });
    await assert.rejects(listParts('listed.zip', uploadId, { 'part-number-marker': 'x' }), { status: 400, code: 'InvalidArgument' });
  });

  it('forgets an aborted upload: its parts are then NoSuchUpload', async () => {
    const uploadId = await startUpload('gone.zip');

    const aborted = await s3.act('AbortMultipartUpload', { method: 'DELETE', bucket: 'zips', key: 'gone.zip', query: { uploadId } });

    assert.equal(aborted.status, 204);
    await assert.rejects(uploadPart('gone.zip', uploadId, 1, 'x'), { status: 404, code: 'NoSuchUpload', extra: { UploadId: uploadId } });
  });
});
