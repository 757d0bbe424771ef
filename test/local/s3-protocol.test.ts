// Pure parts of the local S3: aws-chunked decoding, Range parsing, list paging and request XML parsing.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contentEncodingWithoutChunked, decodeAwsChunked, isAwsChunked } from '../../src/local/protocol/aws-chunked.js';
import { decodeContinuationToken, encodeContinuationToken, listPage, type ListEntry } from '../../src/local/s3/listing.js';
import { parseRange } from '../../src/local/s3/range.js';
import { parseCompleteMultipart, parseDeleteRequest, listObjectsXml } from '../../src/local/s3/s3-xml.js';
import { isValidBucketName } from '../../src/local/s3/bucket-actions.js';
import { splitPath } from '../../src/local/protocol/rest-xml.js';

function frame(chunks: readonly Buffer[], signed: boolean, trailer?: string): Buffer {
  const signature = (i: number) => (signed ? `;chunk-signature=${String(i).repeat(64).slice(0, 64)}` : '');
  const parts: Buffer[] = chunks.map((c, i) =>
    Buffer.concat([Buffer.from(`${c.length.toString(16)}${signature(i)}\r\n`), c, Buffer.from('\r\n')]),
  );
  parts.push(Buffer.from(`0${signature(chunks.length)}\r\n`));
  if (trailer) parts.push(Buffer.from(`${trailer}\r\n`));
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

describe('aws-chunked', () => {
  it('decodes signed chunks, binary data included', () => {
    const data = [Buffer.from([0, 13, 10, 255, 48]), Buffer.alloc(70_000, 7)];
    const decoded = decodeAwsChunked(frame(data, true));
    assert.ok(decoded.payload.equals(Buffer.concat(data)));
    assert.deepEqual(decoded.trailers, {});
  });

  it('decodes unsigned chunks with a checksum trailer', () => {
    const decoded = decodeAwsChunked(frame([Buffer.from('hello')], false, 'x-amz-checksum-crc32:NhCmhg=='));
    assert.equal(decoded.payload.toString(), 'hello');
    assert.deepEqual(decoded.trailers, { 'x-amz-checksum-crc32': 'NhCmhg==' });
  });

  it('decodes an empty body', () => {
    assert.equal(decodeAwsChunked(frame([], true)).payload.length, 0);
  });

  it('rejects broken framing', () => {
    assert.throws(() => decodeAwsChunked(Buffer.from('zz\r\nabc\r\n0\r\n\r\n')), /bad chunk size/);
    assert.throws(() => decodeAwsChunked(Buffer.from('10\r\nabc\r\n')), /past the end/);
    assert.throws(() => decodeAwsChunked(Buffer.from('3\r\nabcX\r\n0\r\n\r\n')), /not followed by CRLF/);
  });

  it('recognises the framing and strips it from Content-Encoding', () => {
    assert.ok(isAwsChunked({ 'content-encoding': 'aws-chunked' }));
    assert.ok(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }));
    assert.ok(!isAwsChunked({ 'content-encoding': 'gzip', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }));
    assert.equal(contentEncodingWithoutChunked('aws-chunked'), undefined);
    assert.equal(contentEncodingWithoutChunked('aws-chunked, gzip'), 'gzip');
  });
});

describe('parseRange', () => {
  it('reads the three single-range forms', () => {
    assert.deepEqual(parseRange('bytes=0-4', 10), { start: 0, end: 4 });
    assert.deepEqual(parseRange('bytes=5-', 10), { start: 5, end: 9 });
    assert.deepEqual(parseRange('bytes=-3', 10), { start: 7, end: 9 });
    assert.deepEqual(parseRange('bytes=8-100', 10), { start: 8, end: 9 });
  });

  it('tells unsatisfiable from ignorable', () => {
    assert.equal(parseRange('bytes=10-', 10), 'unsatisfiable');
    assert.equal(parseRange('bytes=-0', 10), 'unsatisfiable');
    assert.equal(parseRange(undefined, 10), undefined);
    assert.equal(parseRange('bytes=0-1,4-5', 10), undefined);
    assert.equal(parseRange('items=0-1', 10), undefined);
  });
});

describe('listPage', () => {
  const keys = ['a/1', 'a/2', 'a/b/3', 'b', 'c/1', 'c/2', 'd'];
  const values = (entries: readonly ListEntry[]) => entries.map((e) => (e.kind === 'key' ? e.key : `${e.prefix}*`));

  it('lists keys under a prefix', () => {
    assert.deepEqual(values(listPage({ keys, prefix: 'a/' }).entries), ['a/1', 'a/2', 'a/b/3']);
  });

  it('folds keys into common prefixes that count once', () => {
    const page = listPage({ keys, delimiter: '/', maxKeys: 2 });
    assert.deepEqual(values(page.entries), ['a/*', 'b']);
    assert.equal(page.isTruncated, true);
    const next = listPage({ keys, delimiter: '/', maxKeys: 2, after: page.next });
    assert.deepEqual(values(next.entries), ['c/*', 'd']);
    assert.equal(next.isTruncated, false);
  });

  it('resumes after a common prefix without repeating its keys', () => {
    const page = listPage({ keys, delimiter: '/', maxKeys: 1 });
    assert.equal(page.next, 'a/');
    assert.deepEqual(values(listPage({ keys, delimiter: '/', maxKeys: 1, after: 'a/' }).entries), ['b']);
  });

  it('pages through every key exactly once', () => {
    const many = Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const seen: string[] = [];
    let after: string | undefined;
    // Bounded, so paging that never ends fails here instead of spinning: 25 keys take 4 pages of 7.
    for (let pages = 1; ; pages++) {
      const page = listPage({ keys: many, maxKeys: 7, ...(after === undefined ? {} : { after }) });
      seen.push(...values(page.entries));
      if (!page.isTruncated) break;
      assert.ok(pages < many.length, `still truncated after ${pages} pages; last next: ${page.next}`);
      after = page.next;
    }
    assert.deepEqual(seen, many);
  });

  it('round-trips continuation tokens, unicode included', () => {
    assert.equal(decodeContinuationToken(encodeContinuationToken('cards/김/x.png')), 'cards/김/x.png');
  });

  it('url-encodes names when asked', () => {
    const xml = listObjectsXml({
      bucket: 'b',
      version: 2,
      prefix: '',
      delimiter: undefined,
      maxKeys: 1000,
      isTruncated: false,
      encodingType: 'url',
      entries: [{ kind: 'key', key: 'a b/ç.txt' }],
      lookup: (key) => ({ key, size: 1, etag: '"e"', lastModified: '2026-01-01T00:00:00.000Z', headers: {}, metadata: {} }),
    });
    assert.match(xml, /<Key>a%20b\/%C3%A7\.txt<\/Key>/);
    assert.match(xml, /<EncodingType>url<\/EncodingType>/);
  });
});

describe('S3 request XML', () => {
  it('parses DeleteObjects bodies', () => {
    const xml =
      '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>' +
      '<Object><Key>a &amp; b</Key></Object><Object><Key>c</Key><VersionId>null</VersionId></Object></Delete>';
    assert.deepEqual(parseDeleteRequest(xml), { quiet: true, keys: ['a & b', 'c'] });
    assert.throws(() => parseDeleteRequest('<Delete><Object>'), /malformed/);
  });

  it('parses CompleteMultipartUpload bodies', () => {
    const xml =
      '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;abc&quot;</ETag></Part>' +
      '<Part><ETag>def</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>';
    assert.deepEqual(parseCompleteMultipart(xml), [
      { partNumber: 1, etag: '"abc"' },
      { partNumber: 2, etag: '"def"' },
    ]);
  });
});

describe('S3 paths and names', () => {
  it('splits path-style URLs, keeping slashes in keys', () => {
    assert.deepEqual(splitPath('/'), { bucket: '', key: '' });
    assert.deepEqual(splitPath('/b'), { bucket: 'b', key: '' });
    assert.deepEqual(splitPath('/b/cards/u%201/x.png'), { bucket: 'b', key: 'cards/u 1/x.png' });
    assert.deepEqual(splitPath('/b/dir/'), { bucket: 'b', key: 'dir/' });
  });

  it('validates bucket names', () => {
    assert.ok(isValidBucketName('qrcard-site-dev'));
    for (const bad of ['ab', 'Upper', 'under_score', '-start', 'a..b', '192.168.0.1']) assert.ok(!isValidBucketName(bad), bad);
  });
});
