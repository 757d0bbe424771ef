// The errors S3 answers with most often, and the lookups of a bucket, an object or an upload that fail with them.

import { RestXmlError } from '../protocol/rest-xml.js';
import type { BucketInfo, MultipartUpload, ObjectMeta } from './s3-records.js';
import type { S3Store } from './s3-store.js';

export function methodNotAllowed(): RestXmlError {
  return new RestXmlError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
}

export function malformedXml(): RestXmlError {
  return new RestXmlError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
}

export function preconditionFailed(extra: Readonly<Record<string, string>> = {}): RestXmlError {
  return new RestXmlError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', extra);
}

/** The bucket, or NoSuchBucket. */
export function requireBucket(store: S3Store, bucket: string): BucketInfo {
  const info = store.bucket(bucket);
  if (!info) throw new RestXmlError(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
  return info;
}

/** The object's metadata, or NoSuchBucket / NoSuchKey. */
export function requireObject(store: S3Store, bucket: string, key: string): ObjectMeta {
  requireBucket(store, bucket);
  const meta = store.head(bucket, key);
  if (!meta) throw new RestXmlError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
  return meta;
}

export function noSuchUpload(uploadId: string): RestXmlError {
  return new RestXmlError(
    404,
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );
}

/** The multipart upload in progress, or NoSuchBucket / NoSuchUpload. */
export function requireUpload(store: S3Store, bucket: string, uploadId: string): MultipartUpload {
  requireBucket(store, bucket);
  const upload = store.upload(bucket, uploadId);
  if (!upload) throw noSuchUpload(uploadId);
  return upload;
}
