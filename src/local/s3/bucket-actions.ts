// The bucket actions: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, and the
// bucket sub-resources the local S3 refuses as not implemented.

import { RestXmlError, xmlResult, type RestXmlRequest, type RestXmlResult } from '../protocol/rest-xml.js';
import { requireBucket } from './s3-errors.js';
import type { S3Store } from './s3-store.js';
import { listBucketsXml, locationXml } from './s3-xml.js';

/** S3's bucket naming rule (the subset that matters locally). */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

export function listBuckets(store: S3Store): RestXmlResult {
  return xmlResult(listBucketsXml(store.listBuckets()));
}

export async function createBucket(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  const { bucket } = request;
  if (!isValidBucketName(bucket))
    throw new RestXmlError(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket });
  if (store.bucket(bucket)) {
    const message = 'Your previous request to create the named bucket succeeded and you already own it.';
    throw new RestXmlError(409, 'BucketAlreadyOwnedByYou', message, { BucketName: bucket });
  }
  await store.createBucket(bucket);
  return { status: 200, headers: { location: `/${bucket}` } };
}

export function headBucket(store: S3Store, request: RestXmlRequest): RestXmlResult {
  requireBucket(store, request.bucket);
  return { status: 200, headers: { 'x-amz-bucket-region': request.region } };
}

/** Only an empty bucket can be deleted: BucketNotEmpty otherwise. */
export async function deleteBucket(store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> {
  const { bucket } = request;
  requireBucket(store, bucket);
  if (!store.isEmpty(bucket)) {
    throw new RestXmlError(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: bucket });
  }
  await store.deleteBucket(bucket);
  return { status: 204 };
}

/** Every bucket lives in the region the request was signed for. */
export function getBucketLocation(store: S3Store, request: RestXmlRequest): RestXmlResult {
  requireBucket(store, request.bucket);
  return xmlResult(locationXml(request.region));
}

/** For sub-resources such as `?acl`, which a client may probe: NotImplemented rather than a listing it did not ask for. */
export function notImplemented(store: S3Store, request: RestXmlRequest): RestXmlResult {
  requireBucket(store, request.bucket);
  throw new RestXmlError(501, 'NotImplemented', 'This bucket sub-resource is not implemented by the local S3.');
}
