// The object actions called directly on a store: headers kept and served, ranges, conditions, checksums, copies, deletes.

import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { crc32 } from 'node:zlib';
import { s3Actions } from '../../../src/local/s3/s3-actions.js';
import { bodyText, etagOf, openFixture, s3Request, texts, type ActionFixture } from './action-fixture.js';

describe('S3 object actions', () => {
  let s3: ActionFixture;

  beforeEach(async () => {
    s3 = await openFixture();
    await s3.bucket('cards');
  });

  afterEach(() => s3.close());

  it('PutObject keeps content headers and metadata that GetObject and HeadObject send back', async () => {
    const headers = {
      'content-type': 'image/png',
      'cache-control': 'max-age=60',
      'content-disposition': 'inline',
      'x-amz-meta-owner': 'ana',
      'x-amz-date': '20260101T000000Z',
    };

    const put = await s3.put('cards', 'u 1/card.png', 'png bytes', headers);
    const got = await s3.act('GetObject', { bucket: 'cards', key: 'u 1/card.png' });
    const head = await s3.act('HeadObject', { method: 'HEAD', bucket: 'cards', key: 'u 1/card.png' });

    assert.deepEqual(put, { status: 200, headers: { etag: etagOf('png bytes') } });
    assert.equal(got.status, 200);
    assert.equal(bodyText(got), 'png bytes');
    assert.equal(got.headers?.['content-type'], 'image/png');
    assert.equal(got.headers?.['cache-control'], 'max-age=60');
    assert.equal(got.headers?.['content-disposition'], 'inline');
    assert.equal(got.headers?.['x-amz-meta-owner'], 'ana');
    assert.equal(got.headers?.['x-amz-date'], undefined, 'only content headers are kept');
    assert.equal(got.headers?.['etag'], etagOf('png bytes'));
    assert.equal(head.status, 200);
    assert.equal(head.body, undefined);
    assert.equal(head.headers?.['content-length'], 9);
    assert.equal(head.headers?.['content-type'], 'image/png');
    assert.equal(head.headers?.['x-amz-meta-owner'], 'ana');
  });

  it('GetObject streams the object from disk, whole or a range, rather than reading it into memory', async () => {
    await s3.put('cards', 'abc.txt', 'abcdefghij');

    const whole = await s3Actions.GetObject(s3.store, s3Request({ bucket: 'cards', key: 'abc.txt' }));
    const range = await s3Actions.GetObject(s3.store, s3Request({ bucket: 'cards', key: 'abc.txt', headers: { range: 'bytes=3-5' } }));

    assert.ok(whole.body instanceof Readable && range.body instanceof Readable);
    assert.equal((await buffer(whole.body)).toString(), 'abcdefghij');
    assert.equal((await buffer(range.body)).toString(), 'def');
    assert.equal(whole.headers?.['content-length'], 10);
    assert.equal(range.headers?.['content-length'], 3);
  });

  it('PutObject without a content type stores binary/octet-stream, and drops aws-chunked from the content encoding', async () => {
    await s3.put('cards', 'plain', 'x', { 'content-encoding': 'aws-chunked, gzip' });

    const head = await s3.act('HeadObject', { method: 'HEAD', bucket: 'cards', key: 'plain' });

    assert.equal(head.headers?.['content-type'], 'binary/octet-stream');
    assert.equal(head.headers?.['content-encoding'], 'gzip');
  });

  it('GetObject and HeadObject replace stored headers with the response-* query parameters', async () => {
    await s3.put('cards', 'card.png', 'png', { 'content-type': 'image/png', 'cache-control': 'max-age=60' });
    const query = { 'response-content-type': 'application/octet-stream', 'response-content-disposition': 'attachment; filename="c.png"' };

    const got = await s3.act('GetObject', { bucket: 'cards', key: 'card.png', query });
    const head = await s3.act('HeadObject', { method: 'HEAD', bucket: 'cards', key: 'card.png', query });

    for (const result of [got, head]) {
      assert.equal(result.headers?.['content-type'], 'application/octet-stream');
      assert.equal(result.headers?.['content-disposition'], 'attachment; filename="c.png"');
      assert.equal(result.headers?.['cache-control'], 'max-age=60', 'headers not overridden are kept');
    }
  });

  it('GetObject serves a byte range with 206 and Content-Range, suffix ranges included', async () => {
    await s3.put('cards', 'abc.txt', 'abcdefghij');

    const middle = await s3.act('GetObject', { bucket: 'cards', key: 'abc.txt', headers: { range: 'bytes=2-4' } });
    const tail = await s3.act('GetObject', { bucket: 'cards', key: 'abc.txt', headers: { range: 'bytes=-3' } });
    const head = await s3.act('HeadObject', { method: 'HEAD', bucket: 'cards', key: 'abc.txt', headers: { range: 'bytes=5-' } });

    assert.equal(middle.status, 206);
    assert.equal(bodyText(middle), 'cde');
    assert.equal(middle.headers?.['content-range'], 'bytes 2-4/10');
    assert.equal(bodyText(tail), 'hij');
    assert.equal(tail.headers?.['content-range'], 'bytes 7-9/10');
    assert.equal(head.status, 206);
    assert.equal(head.headers?.['content-length'], 5);
  });

  it('GetObject refuses a range past the end with 416 InvalidRange and the object size', async () => {
    await s3.put('cards', 'abc.txt', 'abcdefghij');

    await assert.rejects(s3.act('GetObject', { bucket: 'cards', key: 'abc.txt', headers: { range: 'bytes=10-' } }), {
      status: 416,
      code: 'InvalidRange',
      extra: { ActualObjectSize: '10' },
    });
  });

  it('GetObject answers 304 when If-None-Match lists the ETag, and PreconditionFailed when If-Match does not', async () => {
    await s3.put('cards', 'abc.txt', 'abc');
    const etag = etagOf('abc');

    const unchanged = await s3.act('GetObject', { bucket: 'cards', key: 'abc.txt', headers: { 'if-none-match': `"other", ${etag}` } });
    const matching = await s3.act('GetObject', { bucket: 'cards', key: 'abc.txt', headers: { 'if-match': etag } });

    assert.equal(unchanged.status, 304);
    assert.equal(unchanged.body, undefined);
    assert.equal(unchanged.headers?.['etag'], etag);
    assert.equal(bodyText(matching), 'abc');
    await assert.rejects(s3.act('GetObject', { bucket: 'cards', key: 'abc.txt', headers: { 'if-match': '"other"' } }), {
      status: 412,
      code: 'PreconditionFailed',
    });
  });

  it('PutObject with If-None-Match: * creates only, and with If-Match replaces only the version it names', async () => {
    await s3.put('cards', 'once', 'first');

    await assert.rejects(s3.put('cards', 'once', 'second', { 'if-none-match': '*' }), {
      status: 412,
      code: 'PreconditionFailed',
      extra: { Condition: 'If-None-Match' },
    });
    await assert.rejects(s3.put('cards', 'once', 'second', { 'if-match': etagOf('stale') }), {
      code: 'PreconditionFailed',
      extra: { Condition: 'If-Match' },
    });
    const replaced = await s3.put('cards', 'once', 'second', { 'if-match': etagOf('first') });

    assert.equal(replaced.status, 200);
    assert.equal(bodyText(await s3.act('GetObject', { bucket: 'cards', key: 'once' })), 'second');
  });

  it('names the missing key with NoSuchKey and the missing bucket with NoSuchBucket', async () => {
    await assert.rejects(s3.act('GetObject', { bucket: 'cards', key: 'missing.png' }), {
      status: 404,
      code: 'NoSuchKey',
      extra: { Key: 'missing.png' },
    });
    await assert.rejects(s3.act('HeadObject', { method: 'HEAD', bucket: 'cards', key: 'missing.png' }), { status: 404, code: 'NoSuchKey' });
    await assert.rejects(s3.put('nowhere', 'x', 'x'), { status: 404, code: 'NoSuchBucket', extra: { BucketName: 'nowhere' } });
  });

  it('PutObject refuses a key over 1024 bytes with KeyTooLongError', async () => {
    await assert.rejects(s3.put('cards', 'k'.repeat(1025), 'x'), { status: 400, code: 'KeyTooLongError' });
  });

  it('PutObject checks Content-MD5 and a CRC32 or SHA-256 checksum, keeps the checksum and returns it on request', async () => {
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32('abc') >>> 0);
    const sha256 = createHash('sha256').update('abc').digest('base64');
    const md5 = createHash('md5').update('abc').digest('base64');

    const put = await s3.put('cards', 'crc', 'abc', { 'x-amz-checksum-crc32': crc.toString('base64'), 'content-md5': md5 });
    const trailed = await s3.act('PutObject', { bucket: 'cards', key: 'sha', body: 'abc', trailers: { 'x-amz-checksum-sha256': sha256 } });
    const withMode = await s3.act('GetObject', { bucket: 'cards', key: 'crc', headers: { 'x-amz-checksum-mode': 'ENABLED' } });
    const withoutMode = await s3.act('GetObject', { bucket: 'cards', key: 'crc' });

    assert.equal(put.headers?.['x-amz-checksum-crc32'], crc.toString('base64'));
    assert.equal(trailed.headers?.['x-amz-checksum-sha256'], sha256);
    assert.equal(withMode.headers?.['x-amz-checksum-crc32'], crc.toString('base64'));
    assert.equal(withoutMode.headers?.['x-amz-checksum-crc32'], undefined);
    await assert.rejects(s3.put('cards', 'bad', 'abc', { 'x-amz-checksum-crc32': 'AAAAAA==' }), {
      status: 400,
      code: 'BadDigest',
      message: /CRC32/,
    });
    await assert.rejects(s3.put('cards', 'bad', 'abd', { 'content-md5': md5 }), { status: 400, code: 'BadDigest', message: /Content-MD5/ });
    assert.equal(s3.store.head('cards', 'bad'), undefined, 'nothing is stored after a bad digest');
  });

  it('CopyObject copies bytes, headers and metadata, or replaces the headers with REPLACE', async () => {
    await s3.put('cards', 'src/one two.txt', 'copy me', { 'content-type': 'text/plain', 'x-amz-meta-a': '1' });

    const kept = await s3.act('CopyObject', {
      method: 'PUT',
      bucket: 'cards',
      key: 'dst/kept.txt',
      headers: { 'x-amz-copy-source': 'cards/src/one%20two.txt' },
    });
    await s3.act('CopyObject', {
      method: 'PUT',
      bucket: 'cards',
      key: 'dst/replaced.txt',
      headers: {
        'x-amz-copy-source': '/cards/src/one%20two.txt?versionId=null',
        'x-amz-metadata-directive': 'REPLACE',
        'content-type': 'text/markdown',
      },
    });
    const keptHead = await s3.act('HeadObject', { method: 'HEAD', bucket: 'cards', key: 'dst/kept.txt' });
    const replaced = await s3.act('GetObject', { bucket: 'cards', key: 'dst/replaced.txt' });

    assert.deepEqual(texts(kept, 'ETag'), [etagOf('copy me')]);
    assert.equal(keptHead.headers?.['content-type'], 'text/plain');
    assert.equal(keptHead.headers?.['x-amz-meta-a'], '1');
    assert.equal(bodyText(replaced), 'copy me');
    assert.equal(replaced.headers?.['content-type'], 'text/markdown');
    assert.equal(replaced.headers?.['x-amz-meta-a'], undefined);
    await assert.rejects(
      s3.act('CopyObject', { method: 'PUT', bucket: 'cards', key: 'x', headers: { 'x-amz-copy-source': 'cards/none' } }),
      { status: 404, code: 'NoSuchKey', extra: { Key: 'none' } },
    );
  });

  it('DeleteObjects deletes a batch, reports keys that were not there as deleted, and in quiet mode reports nothing', async () => {
    await Promise.all(['a', 'b', 'c'].map((key) => s3.put('cards', key, key)));
    const batch = (keys: string[], quiet = false) =>
      `<Delete>${quiet ? '<Quiet>true</Quiet>' : ''}${keys.map((key) => `<Object><Key>${key}</Key></Object>`).join('')}</Delete>`;

    const loud = await s3.act('DeleteObjects', { method: 'POST', bucket: 'cards', query: { delete: '' }, body: batch(['a', 'nope']) });
    const quiet = await s3.act('DeleteObjects', { method: 'POST', bucket: 'cards', query: { delete: '' }, body: batch(['b'], true) });

    assert.equal(loud.status, 200);
    assert.deepEqual(texts(loud, 'Key'), ['a', 'nope']);
    assert.deepEqual(texts(quiet, 'Key'), []);
    assert.deepEqual(s3.store.sortedKeys('cards'), ['c']);
  });

  it('DeleteObjects refuses an empty batch, one over 1000 keys, and a body that is not XML with MalformedXML', async () => {
    const keys = Array.from({ length: 1001 }, (_, i) => `<Object><Key>k${i}</Key></Object>`).join('');

    for (const body of ['<Delete></Delete>', `<Delete>${keys}</Delete>`, 'not xml']) {
      await assert.rejects(s3.act('DeleteObjects', { method: 'POST', bucket: 'cards', body }), { status: 400, code: 'MalformedXML' }, body);
    }
  });

  it('DeleteObject of a key that is not there succeeds with 204', async () => {
    await s3.put('cards', 'here', 'x');

    const gone = await s3.act('DeleteObject', { method: 'DELETE', bucket: 'cards', key: 'here' });
    const never = await s3.act('DeleteObject', { method: 'DELETE', bucket: 'cards', key: 'never' });

    assert.deepEqual([gone.status, never.status], [204, 204]);
    assert.equal(s3.store.head('cards', 'here'), undefined);
  });
});
