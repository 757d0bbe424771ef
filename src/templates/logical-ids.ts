// The logical ids and parameter names of the stack: shared by the template modules, deploy and the local engine.
import type { FunctionId } from '../core/naming.js';

export const LOGICAL_IDS = {
  usersTable: 'UsersTable',
  cardRequestsTopic: 'CardRequestsTopic',
  cardRequestsSubscription: 'CardRequestsSubscription',
  cardRequestsInvokePermission: 'CardRequestsInvokePermission',
  renderCardEventInvokeConfig: 'RenderCardEventInvokeConfig',
  cardsBucket: 'CardsBucket',
  cardsBucketPolicy: 'CardsBucketPolicy',
  assetsBucket: 'AssetsBucket',
  assetsBucketPolicy: 'AssetsBucketPolicy',
  siteBucket: 'SiteBucket',
  siteBucketPolicy: 'SiteBucketPolicy',
  siteOriginAccessControl: 'SiteOriginAccessControl',
  securityHeadersPolicy: 'SecurityHeadersPolicy',
  siteDistribution: 'SiteDistribution',
  httpApi: 'HttpApi',
  httpApiStage: 'HttpApiStage',
  httpApiAccessLogGroup: 'HttpApiAccessLogGroup',
} as const;

export const PARAMETERS = {
  artifactsBucket: 'ArtifactsBucket',
  codeKey: {
    'register-user': 'RegisterUserCodeKey',
    'get-user': 'GetUserCodeKey',
    'render-card': 'RenderCardCodeKey',
  } satisfies Record<FunctionId, string>,
  /** The content hash of the branding deploy publishes; render-card gets it, so a new branding means new environments. */
  brandingHash: 'BrandingHash',
} as const;

const FUNCTION_STEMS: Record<FunctionId, string> = {
  'register-user': 'RegisterUser',
  'get-user': 'GetUser',
  'render-card': 'RenderCard',
};

export interface FunctionLogicalIds {
  readonly function: string;
  readonly role: string;
  readonly logGroup: string;
  /** Used only by the functions behind the HTTP API (register-user, get-user). */
  readonly integration: string;
}

/** Logical ids of one function and the resources that exist only for it, e.g. `RenderCardRole`. */
export function functionLogicalIds(fn: FunctionId): FunctionLogicalIds {
  const stem = FUNCTION_STEMS[fn];
  return {
    function: `${stem}Function`,
    role: `${stem}Role`,
    logGroup: `${stem}LogGroup`,
    integration: `${stem}Integration`,
  };
}
