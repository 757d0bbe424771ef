// Bucket settings (policy, versioning, cors, tagging...): each kept as the client sent it and served back
// verbatim, so one table says how each is checked, what a GET answers while it is unset, and its action names.

import { RestXmlError, type RestXmlRequest, type RestXmlResult } from '../protocol/rest-xml.js';
import { parseXml } from '../protocol/xml.js';
import { malformedXml, requireBucket } from './s3-errors.js';
import type { S3Store } from './s3-store.js';
import { S3_NAMESPACE, parseVersioningStatus } from './s3-xml.js';

interface BucketSetting {
  /** The stem of its action names: `BucketPolicy` for GetBucketPolicy, PutBucketPolicy and DeleteBucketPolicy. */
  readonly action: string;
  readonly contentType: 'application/json' | 'application/xml';
  readonly putStatus: 200 | 204;
  /** What a GET answers while nothing is stored: an error, or for settings S3 always reports, an empty document. */
  readonly unset: { readonly code: string; readonly message: string } | { readonly body: string };
  /** Throws the error to answer when a PUT body is not acceptable. */
  readonly check: (text: string) => void;
}

function checkPolicy(text: string): void {
  try {
    JSON.parse(text);
  } catch {
    throw new RestXmlError(400, 'MalformedPolicy', 'Policies must be valid JSON');
  }
}

function checkXml(text: string): void {
  try {
    parseXml(text);
  } catch {
    throw malformedXml();
  }
}

function checkVersioning(text: string): void {
  let status;
  try {
    status = parseVersioningStatus(text);
  } catch {
    throw malformedXml();
  }
  if (status !== undefined && status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
}

function emptyDocument(root: string): { body: string } {
  return { body: `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}"/>` };
}

/** By sub-resource name, as in `PUT /bucket?policy`. */
export const bucketSettings = {
  policy: {
    action: 'BucketPolicy',
    contentType: 'application/json',
    putStatus: 204,
    unset: { code: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist' },
    check: checkPolicy,
  },
  encryption: {
    action: 'BucketEncryption',
    contentType: 'application/xml',
    putStatus: 200,
    unset: { code: 'ServerSideEncryptionConfigurationNotFoundError', message: 'The server side encryption configuration was not found' },
    check: checkXml,
  },
  publicAccessBlock: {
    action: 'PublicAccessBlock',
    contentType: 'application/xml',
    putStatus: 200,
    unset: { code: 'NoSuchPublicAccessBlockConfiguration', message: 'The public access block configuration was not found' },
    check: checkXml,
  },
  lifecycle: {
    action: 'BucketLifecycleConfiguration',
    contentType: 'application/xml',
    putStatus: 200,
    unset: { code: 'NoSuchLifecycleConfiguration', message: 'The lifecycle configuration does not exist' },
    check: checkXml,
  },
  tagging: {
    action: 'BucketTagging',
    contentType: 'application/xml',
    putStatus: 204,
    unset: { code: 'NoSuchTagSet', message: 'The TagSet does not exist' },
    check: checkXml,
  },
  cors: {
    action: 'BucketCors',
    contentType: 'application/xml',
    putStatus: 200,
    unset: { code: 'NoSuchCORSConfiguration', message: 'The CORS configuration does not exist' },
    check: checkXml,
  },
  website: {
    action: 'BucketWebsite',
    contentType: 'application/xml',
    putStatus: 200,
    unset: { code: 'NoSuchWebsiteConfiguration', message: 'The specified bucket does not have a website configuration' },
    check: checkXml,
  },
  ownershipControls: {
    action: 'BucketOwnershipControls',
    contentType: 'application/xml',
    putStatus: 200,
    unset: { code: 'OwnershipControlsNotFoundError', message: 'The bucket ownership controls were not found' },
    check: checkXml,
  },
  versioning: {
    action: 'BucketVersioning',
    contentType: 'application/xml',
    putStatus: 200,
    unset: emptyDocument('VersioningConfiguration'),
    check: checkVersioning,
  },
  notification: {
    action: 'BucketNotificationConfiguration',
    contentType: 'application/xml',
    putStatus: 200,
    unset: emptyDocument('NotificationConfiguration'),
    check: checkXml,
  },
} as const satisfies Readonly<Record<string, BucketSetting>>;

export type BucketSettingName = keyof typeof bucketSettings;

function isBucketSettingName(name: string): name is BucketSettingName {
  return Object.hasOwn(bucketSettings, name);
}

/** The first query parameter of the request that names a bucket setting, if any. */
export function settingOf(request: RestXmlRequest): BucketSettingName | undefined {
  return Object.keys(request.query).find(isBucketSettingName);
}

function getSetting(name: BucketSettingName) {
  return (store: S3Store, request: RestXmlRequest): RestXmlResult => {
    const setting: BucketSetting = bucketSettings[name];
    const stored = requireBucket(store, request.bucket).configs[name];
    if (stored !== undefined) return { status: 200, headers: { 'content-type': setting.contentType }, body: stored };
    if ('body' in setting.unset) return { status: 200, headers: { 'content-type': setting.contentType }, body: setting.unset.body };
    throw new RestXmlError(404, setting.unset.code, setting.unset.message, { BucketName: request.bucket });
  };
}

function putSetting(name: BucketSettingName) {
  return async (store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> => {
    const setting: BucketSetting = bucketSettings[name];
    requireBucket(store, request.bucket);
    const text = request.body.toString('utf8');
    setting.check(text);
    await store.setConfig(request.bucket, name, text);
    return { status: setting.putStatus };
  };
}

function deleteSetting(name: BucketSettingName) {
  return async (store: S3Store, request: RestXmlRequest): Promise<RestXmlResult> => {
    requireBucket(store, request.bucket);
    await store.setConfig(request.bucket, name, undefined);
    return { status: 204 };
  };
}

/** Get, Put and Delete of every setting, by S3 action name. */
export const bucketSettingActions = {
  GetBucketPolicy: getSetting('policy'),
  PutBucketPolicy: putSetting('policy'),
  DeleteBucketPolicy: deleteSetting('policy'),
  GetBucketEncryption: getSetting('encryption'),
  PutBucketEncryption: putSetting('encryption'),
  DeleteBucketEncryption: deleteSetting('encryption'),
  GetPublicAccessBlock: getSetting('publicAccessBlock'),
  PutPublicAccessBlock: putSetting('publicAccessBlock'),
  DeletePublicAccessBlock: deleteSetting('publicAccessBlock'),
  GetBucketLifecycleConfiguration: getSetting('lifecycle'),
  PutBucketLifecycleConfiguration: putSetting('lifecycle'),
  DeleteBucketLifecycleConfiguration: deleteSetting('lifecycle'),
  GetBucketTagging: getSetting('tagging'),
  PutBucketTagging: putSetting('tagging'),
  DeleteBucketTagging: deleteSetting('tagging'),
  GetBucketCors: getSetting('cors'),
  PutBucketCors: putSetting('cors'),
  DeleteBucketCors: deleteSetting('cors'),
  GetBucketWebsite: getSetting('website'),
  PutBucketWebsite: putSetting('website'),
  DeleteBucketWebsite: deleteSetting('website'),
  GetBucketOwnershipControls: getSetting('ownershipControls'),
  PutBucketOwnershipControls: putSetting('ownershipControls'),
  DeleteBucketOwnershipControls: deleteSetting('ownershipControls'),
  GetBucketVersioning: getSetting('versioning'),
  PutBucketVersioning: putSetting('versioning'),
  DeleteBucketVersioning: deleteSetting('versioning'),
  GetBucketNotificationConfiguration: getSetting('notification'),
  PutBucketNotificationConfiguration: putSetting('notification'),
  DeleteBucketNotificationConfiguration: deleteSetting('notification'),
};
