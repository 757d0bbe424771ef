// The site, cards and assets buckets: private, encrypted, TLS-only, owner-enforced; plus their bucket policies.
import { policyDocument, type CfnResources, type CfnValue, type PolicyStatement } from './cfn-types.js';
import { getAtt, ref, sub } from './intrinsics.js';
import { CARDS_PREFIX } from '../core/storage-keys.js';
import { LOGICAL_IDS } from './logical-ids.js';
import { dataPolicies, type StackSettings } from './stack-settings.js';

/** Days an overwritten card version is kept in a versioned cards bucket. */
export const NONCURRENT_CARD_DAYS = 30;

export function bucketResources(settings: StackSettings): CfnResources {
  // Cards can be re-rendered from the records, so old versions are kept only where data is retained.
  const versionCards = settings.retainData;
  return {
    [LOGICAL_IDS.siteBucket]: { Type: 'AWS::S3::Bucket', Properties: privateBucket(settings, { versioned: false }) },
    [LOGICAL_IDS.siteBucketPolicy]: bucketPolicy(LOGICAL_IDS.siteBucket, [
      cloudFrontReads('AllowSiteDistributionRead', LOGICAL_IDS.siteBucket, '*'),
    ]),
    [LOGICAL_IDS.cardsBucket]: {
      Type: 'AWS::S3::Bucket',
      ...dataPolicies(settings),
      Properties: privateBucket(settings, { versioned: versionCards }),
    },
    [LOGICAL_IDS.cardsBucketPolicy]: bucketPolicy(LOGICAL_IDS.cardsBucket, [
      cloudFrontReads('AllowCardsDistributionRead', LOGICAL_IDS.cardsBucket, `${CARDS_PREFIX}*`),
    ]),
    [LOGICAL_IDS.assetsBucket]: { Type: 'AWS::S3::Bucket', Properties: privateBucket(settings, { versioned: false }) },
    [LOGICAL_IDS.assetsBucketPolicy]: bucketPolicy(LOGICAL_IDS.assetsBucket, []),
  };
}

/** What every qrcard bucket has, the bootstrap's included: encrypted, never public, owner-enforced. */
export const PRIVATE_BUCKET_BASE = {
  BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
} as const;

// No BucketName: CloudFormation picks a globally unique one, and the stack outputs tell everyone else.
function privateBucket(settings: StackSettings, options: { versioned: boolean }) {
  const rules: CfnValue[] = [
    { Id: 'abort-incomplete-uploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
  ];
  if (options.versioned) {
    rules.push(
      { Id: 'expire-noncurrent-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_CARD_DAYS } },
      { Id: 'remove-expired-delete-markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
    );
  }
  return {
    ...PRIVATE_BUCKET_BASE,
    ...(options.versioned ? { VersioningConfiguration: { Status: 'Enabled' } } : {}),
    LifecycleConfiguration: { Rules: rules },
    Tags: settings.tags,
  };
}

function bucketPolicy(bucketId: string, extra: readonly PolicyStatement[]) {
  return {
    Type: 'AWS::S3::BucketPolicy',
    Properties: { Bucket: ref(bucketId), PolicyDocument: policyDocument([denyInsecureTransport(bucketId), ...extra]) },
  };
}

// A deny has to name every action to close plain-HTTP access, hence s3:* here (and only in denies).
function denyInsecureTransport(bucketId: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:*'],
    Resource: [getAtt(bucketId, 'Arn'), sub(`\${${bucketId}.Arn}/*`)],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

// Origin access control: only this distribution (by ARN) may read the site's files and the cards (nothing else of
// the cards bucket).
function cloudFrontReads(sid: string, bucketId: string, keys: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: ['s3:GetObject'],
    Resource: sub(`\${${bucketId}.Arn}/${keys}`),
    Condition: {
      StringEquals: {
        'AWS:SourceArn': sub(`arn:\${AWS::Partition}:cloudfront::\${AWS::AccountId}:distribution/\${${LOGICAL_IDS.siteDistribution}}`),
      },
    },
  };
}
