// Which action a request names: method, bucket and key presence, sub-resource and copy-source header.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { s3ActionFor } from '../../../src/local/s3/s3-routes.js';
import { s3Request, type RequestFields } from './action-fixture.js';

const routes: ReadonlyArray<readonly [RequestFields, string | undefined]> = [
  [{ method: 'GET' }, 'ListBuckets'],
  [{ method: 'POST' }, undefined],
  [{ method: 'PUT', bucket: 'b' }, 'CreateBucket'],
  [{ method: 'HEAD', bucket: 'b' }, 'HeadBucket'],
  [{ method: 'DELETE', bucket: 'b' }, 'DeleteBucket'],
  [{ method: 'POST', bucket: 'b', query: { delete: '' } }, 'DeleteObjects'],
  [{ method: 'POST', bucket: 'b' }, undefined],
  [{ method: 'PATCH', bucket: 'b' }, undefined],
  [{ method: 'GET', bucket: 'b' }, 'ListObjects'],
  [{ method: 'GET', bucket: 'b', query: { 'list-type': '2' } }, 'ListObjectsV2'],
  [{ method: 'GET', bucket: 'b', query: { versions: '' } }, 'ListObjectVersions'],
  [{ method: 'GET', bucket: 'b', query: { location: '' } }, 'GetBucketLocation'],
  [{ method: 'GET', bucket: 'b', query: { uploads: '' } }, 'ListMultipartUploads'],
  [{ method: 'GET', bucket: 'b', query: { acl: '' } }, 'GetBucketAcl'],
  [{ method: 'GET', bucket: 'b', query: { 'object-lock': '' } }, 'GetObjectLockConfiguration'],
  [{ method: 'GET', bucket: 'b', query: { policy: '' } }, 'GetBucketPolicy'],
  [{ method: 'PUT', bucket: 'b', query: { publicAccessBlock: '' } }, 'PutPublicAccessBlock'],
  [{ method: 'DELETE', bucket: 'b', query: { cors: '' } }, 'DeleteBucketCors'],
  [{ method: 'GET', bucket: 'b', query: { 'list-type': '2', lifecycle: '' } }, 'GetBucketLifecycleConfiguration'],
  [{ method: 'PUT', bucket: 'b', query: { tagging: '', versioning: '' } }, 'PutBucketTagging'],
  [{ method: 'POST', bucket: 'b', query: { policy: '' } }, undefined],
  [{ method: 'PUT', bucket: 'b', key: 'k' }, 'PutObject'],
  [{ method: 'PUT', bucket: 'b', key: 'k', headers: { 'x-amz-copy-source': 'b/j' } }, 'CopyObject'],
  [{ method: 'GET', bucket: 'b', key: 'k' }, 'GetObject'],
  [{ method: 'HEAD', bucket: 'b', key: 'k' }, 'HeadObject'],
  [{ method: 'DELETE', bucket: 'b', key: 'k' }, 'DeleteObject'],
  [{ method: 'POST', bucket: 'b', key: 'k', query: { uploads: '' } }, 'CreateMultipartUpload'],
  [{ method: 'PUT', bucket: 'b', key: 'k', query: { uploadId: 'u', partNumber: '1' } }, 'UploadPart'],
  [{ method: 'GET', bucket: 'b', key: 'k', query: { uploadId: 'u' } }, 'ListParts'],
  [{ method: 'POST', bucket: 'b', key: 'k', query: { uploadId: 'u' } }, 'CompleteMultipartUpload'],
  [{ method: 'DELETE', bucket: 'b', key: 'k', query: { uploadId: 'u' } }, 'AbortMultipartUpload'],
  [{ method: 'POST', bucket: 'b', key: 'k' }, undefined],
  [{ method: 'GET', bucket: 'b', key: 'k', query: { policy: '' } }, 'GetObject'],
];

describe('S3 routes', () => {
  it('names the action of each kind of request, and none for a method S3 does not allow there', () => {
    const named = routes.map(([fields]) => s3ActionFor(s3Request(fields)));

    assert.deepEqual(
      named,
      routes.map(([, action]) => action),
    );
  });
});
