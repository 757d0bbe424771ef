// Every action of the local S3 by its S3 name: a plain function from the store and a decoded request to a result.

import type { RestXmlRequest, RestXmlResult } from '../protocol/rest-xml.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets, notImplemented } from './bucket-actions.js';
import { bucketSettingActions } from './bucket-settings.js';
import { listObjectVersions, listObjectsV1, listObjectsV2 } from './listing-actions.js';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listParts, uploadPart } from './multipart-actions.js';
import { copyObject, deleteObject, deleteObjects, getObject, headObject, putObject } from './object-actions.js';
import type { S3Store } from './s3-store.js';

/** Throws a RestXmlError for an answer S3 gives as an error (NoSuchKey, BucketNotEmpty...). */
export type S3Action = (store: S3Store, request: RestXmlRequest) => RestXmlResult | Promise<RestXmlResult>;

export const s3Actions = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  ListMultipartUploads: notImplemented,
  GetBucketAcl: notImplemented,
  GetObjectLockConfiguration: notImplemented,
  ...bucketSettingActions,
  ListObjects: listObjectsV1,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  CopyObject: copyObject,
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  ListParts: listParts,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
} as const satisfies Readonly<Record<string, S3Action>>;

export type S3ActionName = keyof typeof s3Actions;
