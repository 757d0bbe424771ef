// The bucket actions called directly on a store: creation rules, deletion of empty buckets only, region, settings.

import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Store } from '../../../src/local/s3/s3-store.js';
import { bodyText, openFixture, texts, type ActionFixture } from './action-fixture.js';

describe('S3 bucket actions', () => {
  let s3: ActionFixture;

  beforeEach(async () => {
    s3 = await openFixture();
  });

  afterEach(() => s3.close());

  it('CreateBucket answers with the location, then lists the bucket; a second create is BucketAlreadyOwnedByYou', async () => {
    const created = await s3.act('CreateBucket', { method: 'PUT', bucket: 'qrcard-site-dev' });
    const listed = await s3.act('ListBuckets');

    assert.deepEqual(created, { status: 200, headers: { location: '/qrcard-site-dev' } });
    assert.deepEqual(texts(listed, 'Name'), ['qrcard-site-dev']);
    await assert.rejects(s3.act('CreateBucket', { method: 'PUT', bucket: 'qrcard-site-dev' }), {
      status: 409,
      code: 'BucketAlreadyOwnedByYou',
    });
  });

  it('CreateBucket refuses a name S3 would refuse with InvalidBucketName', async () => {
    await assert.rejects(s3.act('CreateBucket', { method: 'PUT', bucket: 'Bad_Name' }), {
      status: 400,
      code: 'InvalidBucketName',
      extra: { BucketName: 'Bad_Name' },
    });
    assert.deepEqual(s3.store.listBuckets(), []);
  });

  it('DeleteBucket refuses a bucket that still holds an object with BucketNotEmpty, and deletes it once empty', async () => {
    await s3.bucket('full');
    await s3.put('full', 'x', 'x');

    await assert.rejects(s3.act('DeleteBucket', { method: 'DELETE', bucket: 'full' }), { status: 409, code: 'BucketNotEmpty' });
    await s3.act('DeleteObject', { method: 'DELETE', bucket: 'full', key: 'x' });
    const deleted = await s3.act('DeleteBucket', { method: 'DELETE', bucket: 'full' });

    assert.equal(deleted.status, 204);
    await assert.rejects(s3.act('HeadBucket', { method: 'HEAD', bucket: 'full' }), { status: 404, code: 'NoSuchBucket' });
  });

  it('HeadBucket and GetBucketLocation report the region the request was signed for, us-east-1 as an empty constraint', async () => {
    await s3.bucket('here');

    const head = await s3.act('HeadBucket', { method: 'HEAD', bucket: 'here', region: 'eu-west-1' });
    const europe = await s3.act('GetBucketLocation', { bucket: 'here', query: { location: '' }, region: 'eu-west-1' });
    const virginia = await s3.act('GetBucketLocation', { bucket: 'here', query: { location: '' } });

    assert.equal(head.headers?.['x-amz-bucket-region'], 'eu-west-1');
    assert.match(bodyText(europe), />eu-west-1<\/LocationConstraint>$/);
    assert.match(bodyText(virginia), /"><\/LocationConstraint>$/);
  });

  it('answers NotImplemented for the bucket sub-resources the local S3 does not keep', async () => {
    await s3.bucket('here');

    await assert.rejects(s3.act('GetBucketAcl', { bucket: 'here', query: { acl: '' } }), { status: 501, code: 'NotImplemented' });
  });

  it('keeps a bucket policy as sent, across a reopened store, until it is deleted', async () => {
    await s3.bucket('settings');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });

    await assert.rejects(s3.act('GetBucketPolicy', { bucket: 'settings' }), { status: 404, code: 'NoSuchBucketPolicy' });
    const put = await s3.act('PutBucketPolicy', { method: 'PUT', bucket: 'settings', body: policy });
    const reopened = await S3Store.open(s3.dir);
    const got = await s3.act('GetBucketPolicy', { bucket: 'settings' });
    await s3.act('DeleteBucketPolicy', { method: 'DELETE', bucket: 'settings' });

    assert.equal(put.status, 204);
    assert.equal(reopened.bucket('settings')?.configs['policy'], policy);
    assert.equal(got.headers?.['content-type'], 'application/json');
    assert.equal(bodyText(got), policy);
    await assert.rejects(s3.act('GetBucketPolicy', { bucket: 'settings' }), {
      code: 'NoSuchBucketPolicy',
      extra: { BucketName: 'settings' },
    });
  });

  it('refuses a policy that is not JSON with MalformedPolicy and a settings body that is not XML with MalformedXML', async () => {
    await s3.bucket('settings');

    await assert.rejects(s3.act('PutBucketPolicy', { method: 'PUT', bucket: 'settings', body: '{' }), {
      status: 400,
      code: 'MalformedPolicy',
    });
    await assert.rejects(s3.act('PutBucketCors', { method: 'PUT', bucket: 'settings', body: '<CORSConfiguration>' }), {
      status: 400,
      code: 'MalformedXML',
    });
    await assert.rejects(
      s3.act('PutBucketVersioning', {
        method: 'PUT',
        bucket: 'settings',
        body: '<VersioningConfiguration><Status>On</Status></VersioningConfiguration>',
      }),
      { status: 400, code: 'MalformedXML' },
    );
  });

  it('reports versioning as an empty configuration until it is set, then as set', async () => {
    await s3.bucket('settings');
    const enabled = '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>';

    const before = await s3.act('GetBucketVersioning', { bucket: 'settings' });
    const put = await s3.act('PutBucketVersioning', { method: 'PUT', bucket: 'settings', body: enabled });
    const after = await s3.act('GetBucketVersioning', { bucket: 'settings' });

    assert.equal(before.status, 200);
    assert.match(bodyText(before), /<VersioningConfiguration xmlns="[^"]+"\/>$/);
    assert.equal(put.status, 200);
    assert.equal(bodyText(after), enabled);
  });

  it('refuses settings of a bucket that does not exist with NoSuchBucket', async () => {
    await assert.rejects(s3.act('PutBucketTagging', { method: 'PUT', bucket: 'nowhere', body: '<Tagging/>' }), {
      status: 404,
      code: 'NoSuchBucket',
    });
  });
});
