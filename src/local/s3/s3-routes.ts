// Which S3 action a REST request asks for: its method, whether it names a bucket and a key, and its sub-resource.

import { hasParameter, type RestXmlRequest } from '../protocol/rest-xml.js';
import { bucketSettings, settingOf, type BucketSettingName } from './bucket-settings.js';
import type { S3ActionName } from './s3-actions.js';

/** The action's name, or undefined when S3 answers the method with MethodNotAllowed. */
export function s3ActionFor(request: RestXmlRequest): S3ActionName | undefined {
  if (request.bucket === '') return request.method === 'GET' ? 'ListBuckets' : undefined;
  if (request.key === '') return bucketActionFor(request);
  return objectActionFor(request);
}

function bucketActionFor(request: RestXmlRequest): S3ActionName | undefined {
  const setting = settingOf(request);
  if (setting !== undefined) return settingActionFor(request.method, setting);
  switch (request.method) {
    case 'PUT':
      return 'CreateBucket';
    case 'HEAD':
      return 'HeadBucket';
    case 'DELETE':
      return 'DeleteBucket';
    case 'POST':
      return hasParameter(request, 'delete') ? 'DeleteObjects' : undefined;
    case 'GET':
      return bucketReadFor(request);
    default:
      return undefined;
  }
}

/** A GET of a bucket lists it, unless a sub-resource asks for something else. */
function bucketReadFor(request: RestXmlRequest): S3ActionName {
  if (hasParameter(request, 'location')) return 'GetBucketLocation';
  if (hasParameter(request, 'versions')) return 'ListObjectVersions';
  if (hasParameter(request, 'uploads')) return 'ListMultipartUploads';
  if (hasParameter(request, 'acl')) return 'GetBucketAcl';
  if (hasParameter(request, 'object-lock')) return 'GetObjectLockConfiguration';
  return request.query['list-type'] === '2' ? 'ListObjectsV2' : 'ListObjects';
}

const settingVerbs = { GET: 'Get', PUT: 'Put', DELETE: 'Delete' } as const;

function isSettingMethod(method: string): method is keyof typeof settingVerbs {
  return Object.hasOwn(settingVerbs, method);
}

/** GetBucketPolicy, PutBucketCors, DeletePublicAccessBlock...; other methods are not allowed on a setting. */
function settingActionFor(method: string, setting: BucketSettingName): S3ActionName | undefined {
  if (!isSettingMethod(method)) return undefined;
  return `${settingVerbs[method]}${bucketSettings[setting].action}`;
}

function objectActionFor(request: RestXmlRequest): S3ActionName | undefined {
  const { method } = request;
  if (method === 'POST' && hasParameter(request, 'uploads')) return 'CreateMultipartUpload';
  if (hasParameter(request, 'uploadId')) {
    if (method === 'GET') return 'ListParts';
    if (method === 'PUT') return 'UploadPart';
    if (method === 'POST') return 'CompleteMultipartUpload';
    if (method === 'DELETE') return 'AbortMultipartUpload';
  }
  switch (method) {
    case 'PUT':
      return request.headers['x-amz-copy-source'] === undefined ? 'PutObject' : 'CopyObject';
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return 'DeleteObject';
    default:
      return undefined;
  }
}
