// What the site server serves, as the CloudFormation provisioners declare it: HTTP APIs (routes,
// integrations, stages, CORS) and CloudFront distributions (origins, behaviors, header policies).
import type { AccessLogSettings } from './access-log.js';

export interface CorsConfiguration {
  readonly allowOrigins?: readonly string[] | undefined;
  readonly allowMethods?: readonly string[] | undefined;
  readonly allowHeaders?: readonly string[] | undefined;
  readonly exposeHeaders?: readonly string[] | undefined;
  readonly maxAge?: number | undefined;
  readonly allowCredentials?: boolean | undefined;
}

export interface HttpApiRoute {
  readonly routeKey: string;
  /** `integrations/<IntegrationId>`. */
  readonly target?: string | undefined;
}

export interface HttpApiIntegration {
  readonly integrationUri: string;
  readonly payloadFormatVersion: string;
  readonly timeoutMs: number;
}

export interface HttpApiStage {
  readonly stageName: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly accessLog?: AccessLogSettings | undefined;
}

export interface HttpApi {
  readonly apiId: string;
  name: string;
  cors?: CorsConfiguration | undefined;
  readonly routes: Map<string, HttpApiRoute>;
  readonly integrations: Map<string, HttpApiIntegration>;
  readonly stages: Map<string, HttpApiStage>;
}

export interface CacheBehavior {
  /** Absent for the default behavior. */
  readonly pathPattern?: string | undefined;
  readonly targetOriginId: string;
  readonly allowedMethods?: readonly string[] | undefined;
  readonly responseHeadersPolicyId?: string | undefined;
}

export interface DistributionOrigin {
  readonly id: string;
  readonly domainName: string;
  readonly originPath: string;
}

export interface CustomErrorResponse {
  readonly errorCode: number;
  readonly responseCode?: number | undefined;
  readonly responsePagePath?: string | undefined;
}

export interface Distribution {
  readonly id: string;
  readonly domainName: string;
  readonly enabled: boolean;
  readonly defaultRootObject?: string | undefined;
  readonly origins: readonly DistributionOrigin[];
  readonly defaultBehavior: CacheBehavior;
  readonly behaviors: readonly CacheBehavior[];
  readonly customErrorResponses: readonly CustomErrorResponse[];
  /** When it was last deployed; the newest distribution is the one the site URL shows. */
  readonly deployedAt: number;
}

/** Response headers policy config, as the template's ResponseHeadersPolicyConfig. */
export type ResponseHeadersPolicy = Readonly<Record<string, unknown>>;

export class SiteRegistry {
  readonly apis = new Map<string, HttpApi>();
  readonly distributions = new Map<string, Distribution>();
  readonly responseHeadersPolicies = new Map<string, ResponseHeadersPolicy>();

  /** The API with `apiId`, created empty when a route or stage arrives before its API is restored. */
  api(apiId: string): HttpApi {
    let api = this.apis.get(apiId);
    if (api === undefined) {
      api = { apiId, name: apiId, routes: new Map(), integrations: new Map(), stages: new Map() };
      this.apis.set(apiId, api);
    }
    return api;
  }

  currentDistribution(): Distribution | undefined {
    let newest: Distribution | undefined;
    for (const distribution of this.distributions.values()) {
      if (distribution.enabled && (newest === undefined || distribution.deployedAt > newest.deployedAt)) newest = distribution;
    }
    return newest;
  }
}
