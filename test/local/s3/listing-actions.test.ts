// The listing actions called directly on a store: paging with delimiter and continuation token, markers, max-keys.

import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openFixture, texts, type ActionFixture } from './action-fixture.js';

describe('S3 listing actions', () => {
  let s3: ActionFixture;

  beforeEach(async () => {
    s3 = await openFixture();
    await s3.bucket('site');
    for (const key of ['a/1', 'a/2', 'b/1', 'c', 'd/x', 'e']) await s3.put('site', key, key);
  });

  afterEach(() => s3.close());

  it('ListObjectsV2 pages with a delimiter, a common prefix counting as one entry, resuming from the continuation token', async () => {
    const pages: Array<{ keys: string[]; prefixes: string[]; truncated: string[] }> = [];
    let token: string | undefined;

    do {
      const query = { 'list-type': '2', delimiter: '/', 'max-keys': '2', ...(token === undefined ? {} : { 'continuation-token': token }) };
      const page = await s3.act('ListObjectsV2', { bucket: 'site', query });
      pages.push({
        keys: texts(page, 'Key'),
        prefixes: texts(page, 'Prefix').filter((p) => p !== ''),
        truncated: texts(page, 'IsTruncated'),
      });
      token = texts(page, 'NextContinuationToken')[0];
    } while (token !== undefined && pages.length < 10);

    assert.deepEqual(pages, [
      { keys: [], prefixes: ['a/', 'b/'], truncated: ['true'] },
      { keys: ['c'], prefixes: ['d/'], truncated: ['true'] },
      { keys: ['e'], prefixes: [], truncated: ['false'] },
    ]);
  });

  it('ListObjectsV2 lists under a prefix, starts after start-after, and counts keys', async () => {
    const page = await s3.act('ListObjectsV2', { bucket: 'site', query: { 'list-type': '2', prefix: 'a/', 'start-after': 'a/1' } });

    assert.deepEqual(texts(page, 'Key'), ['a/2']);
    assert.deepEqual(texts(page, 'KeyCount'), ['1']);
  });

  it('ListObjects (v1) resumes after the marker and sends NextMarker only with a delimiter', async () => {
    const plain = await s3.act('ListObjects', { bucket: 'site', query: { marker: 'b/1', 'max-keys': '2' } });
    const grouped = await s3.act('ListObjects', { bucket: 'site', query: { delimiter: '/', 'max-keys': '1' } });

    assert.deepEqual(texts(plain, 'Key'), ['c', 'd/x']);
    assert.deepEqual(texts(plain, 'NextMarker'), []);
    assert.deepEqual(texts(grouped, 'NextMarker'), ['a/']);
  });

  it('refuses a negative or non-numeric max-keys and an empty continuation token with InvalidArgument', async () => {
    const queries: Array<Record<string, string>> = [
      { 'max-keys': '-1' },
      { 'max-keys': 'ten' },
      { 'list-type': '2', 'continuation-token': '' },
    ];
    for (const query of queries) {
      await assert.rejects(
        s3.act('ListObjectsV2', { bucket: 'site', query }),
        { status: 400, code: 'InvalidArgument' },
        JSON.stringify(query),
      );
    }
  });

  it('ListObjectVersions lists each object as its own latest version', async () => {
    const page = await s3.act('ListObjectVersions', { bucket: 'site', query: { versions: '', prefix: 'a/' } });

    assert.deepEqual(texts(page, 'Key'), ['a/1', 'a/2']);
    assert.deepEqual(texts(page, 'VersionId'), ['null', 'null']);
  });

  it('refuses to list a bucket that does not exist with NoSuchBucket', async () => {
    await assert.rejects(s3.act('ListObjectsV2', { bucket: 'nowhere', query: { 'list-type': '2' } }), {
      status: 404,
      code: 'NoSuchBucket',
      extra: { BucketName: 'nowhere' },
    });
  });
});
