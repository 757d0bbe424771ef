// The stack outputs: what deploy, the CLI's operator commands and the local engine look up after a deploy.
import type { CfnOutput } from './cfn-types.js';
import { getAtt, ref, sub } from './intrinsics.js';
import { LOGICAL_IDS } from './logical-ids.js';

export const OUTPUT_NAMES = [
  'SiteUrl',
  'ApiUrl',
  'UsersTableName',
  'CardRequestsTopicArn',
  'CardsBucketName',
  'AssetsBucketName',
  'SiteBucketName',
  'SiteDistributionId',
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

export function stackOutputs(): Readonly<Record<OutputName, CfnOutput>> {
  return {
    SiteUrl: { Description: 'The site, served by CloudFront', Value: sub(`https://\${${LOGICAL_IDS.siteDistribution}.DomainName}`) },
    ApiUrl: {
      Description: 'The HTTP API endpoint itself; routes start with /api (browsers use SiteUrl/api instead)',
      Value: getAtt(LOGICAL_IDS.httpApi, 'ApiEndpoint'),
    },
    UsersTableName: { Description: 'DynamoDB users table', Value: ref(LOGICAL_IDS.usersTable) },
    CardRequestsTopicArn: { Description: 'SNS topic of card requests', Value: ref(LOGICAL_IDS.cardRequestsTopic) },
    CardsBucketName: { Description: 'Bucket of rendered cards (cards/{user_id}/{type}.png)', Value: ref(LOGICAL_IDS.cardsBucket) },
    AssetsBucketName: { Description: 'Bucket of the operator branding (branding/)', Value: ref(LOGICAL_IDS.assetsBucket) },
    SiteBucketName: { Description: 'Bucket of the static site files', Value: ref(LOGICAL_IDS.siteBucket) },
    SiteDistributionId: {
      Description: 'CloudFront distribution id, for invalidations after a site upload',
      Value: ref(LOGICAL_IDS.siteDistribution),
    },
  };
}
