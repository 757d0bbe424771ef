// CloudFront in front of everything: the site bucket and /cards/* from the cards bucket through origin access
// control, /api/* to the HTTP API, HTTPS only, and a response headers policy with the security headers.
import type { CfnResources } from './cfn-types.js';
import { getAtt, ref, select, split, sub } from './intrinsics.js';
import { LOGICAL_IDS } from './logical-ids.js';
import type { StackSettings } from './stack-settings.js';

/** AWS managed policies, by their fixed ids (the same in every account). */
export const MANAGED_POLICY_IDS = {
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  /** Forwards the viewer's headers, query and cookies, but not Host, which API Gateway must see as its own. */
  allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
} as const;

const SITE_ORIGIN = 'site';
const CARDS_ORIGIN = 'cards';
const API_ORIGIN = 'api';

/** The path the page loads card images from: the cards bucket's own keys (`cards/{user_id}/{type}.png`). */
export const CARDS_PATH_PATTERN = '/cards/*';
const TWO_YEARS_SECONDS = 63_072_000;

export function distributionResources(settings: StackSettings): CfnResources {
  return {
    [LOGICAL_IDS.siteOriginAccessControl]: {
      Type: 'AWS::CloudFront::OriginAccessControl',
      Properties: {
        OriginAccessControlConfig: {
          // Names are unique per account across regions, hence the region in it.
          Name: sub('${AWS::StackName}-${AWS::Region}-site'),
          Description: `${settings.stackName}: CloudFront reads the site bucket`,
          OriginAccessControlOriginType: 's3',
          SigningBehavior: 'always',
          SigningProtocol: 'sigv4',
        },
      },
    },
    [LOGICAL_IDS.securityHeadersPolicy]: {
      Type: 'AWS::CloudFront::ResponseHeadersPolicy',
      Properties: {
        ResponseHeadersPolicyConfig: {
          Name: sub('${AWS::StackName}-${AWS::Region}-security-headers'),
          Comment: `${settings.stackName}: security headers on every response`,
          SecurityHeadersConfig: {
            ContentSecurityPolicy: { ContentSecurityPolicy: contentSecurityPolicy(), Override: true },
            StrictTransportSecurity: { AccessControlMaxAgeSec: TWO_YEARS_SECONDS, IncludeSubdomains: true, Override: true },
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          },
        },
      },
    },
    [LOGICAL_IDS.siteDistribution]: {
      Type: 'AWS::CloudFront::Distribution',
      Properties: {
        DistributionConfig: {
          Enabled: true,
          Comment: `${settings.stackName}: qrcard site and API`,
          DefaultRootObject: 'index.html',
          HttpVersion: 'http2and3',
          IPV6Enabled: true,
          PriceClass: 'PriceClass_100',
          Origins: [
            {
              Id: SITE_ORIGIN,
              DomainName: getAtt(LOGICAL_IDS.siteBucket, 'RegionalDomainName'),
              // The REST endpoint with OAC, never the website endpoint; an empty identity disables legacy OAI.
              S3OriginConfig: { OriginAccessIdentity: '' },
              OriginAccessControlId: getAtt(LOGICAL_IDS.siteOriginAccessControl, 'Id'),
            },
            {
              Id: CARDS_ORIGIN,
              // One origin access control signs for both buckets; each bucket's policy names this distribution.
              DomainName: getAtt(LOGICAL_IDS.cardsBucket, 'RegionalDomainName'),
              S3OriginConfig: { OriginAccessIdentity: '' },
              OriginAccessControlId: getAtt(LOGICAL_IDS.siteOriginAccessControl, 'Id'),
            },
            {
              Id: API_ORIGIN,
              // ApiEndpoint is "https://<id>.execute-api.<region>.amazonaws.com"; CloudFront wants the host alone.
              DomainName: select(1, split('://', getAtt(LOGICAL_IDS.httpApi, 'ApiEndpoint'))),
              CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
            },
          ],
          DefaultCacheBehavior: {
            TargetOriginId: SITE_ORIGIN,
            ViewerProtocolPolicy: 'redirect-to-https',
            AllowedMethods: ['GET', 'HEAD'],
            CachedMethods: ['GET', 'HEAD'],
            CachePolicyId: MANAGED_POLICY_IDS.cachingOptimized,
            ResponseHeadersPolicyId: ref(LOGICAL_IDS.securityHeadersPolicy),
            Compress: true,
          },
          CacheBehaviors: [
            {
              PathPattern: '/api/*',
              TargetOriginId: API_ORIGIN,
              ViewerProtocolPolicy: 'redirect-to-https',
              // CloudFront accepts only these fixed method sets; POST needs the full one.
              AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
              CachedMethods: ['GET', 'HEAD'],
              CachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
              OriginRequestPolicyId: MANAGED_POLICY_IDS.allViewerExceptHostHeader,
              ResponseHeadersPolicyId: ref(LOGICAL_IDS.securityHeadersPolicy),
              Compress: true,
            },
            {
              PathPattern: CARDS_PATH_PATTERN,
              TargetOriginId: CARDS_ORIGIN,
              ViewerProtocolPolicy: 'redirect-to-https',
              AllowedMethods: ['GET', 'HEAD'],
              CachedMethods: ['GET', 'HEAD'],
              // A card is redrawn under the same key, so the edge keeps no copy; the page adds the card version to
              // the URL for the browser's cache.
              CachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
              ResponseHeadersPolicyId: ref(LOGICAL_IDS.securityHeadersPolicy),
              Compress: false,
            },
          ],
          ViewerCertificate: { CloudFrontDefaultCertificate: true },
        },
        Tags: settings.tags,
      },
    },
  };
}

/**
 * The page loads only its own scripts, styles and API, and card images from its own /cards/ path (or drawn in
 * the page as data:/blob:). Nothing may frame the page.
 */
function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
