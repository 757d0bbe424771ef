// The HTTP API (API Gateway v2) behind CloudFront's /api/*: three routes, payload 2.0, throttling, access logs.
import type { FunctionId } from '../core/naming.js';
import type { CfnResources } from './cfn-types.js';
import { getAtt, ref, sub } from './intrinsics.js';
import { functionLogicalIds, LOGICAL_IDS } from './logical-ids.js';
import { LOG_GROUP_POLICIES, type StackSettings } from './stack-settings.js';

/** Routes and the function behind each; the paths carry the /api prefix CloudFront forwards unchanged. */
export const HTTP_API_ROUTES: ReadonlyArray<{ readonly routeKey: string; readonly fn: FunctionId; readonly logicalId: string }> = [
  { routeKey: 'POST /api/users', fn: 'register-user', logicalId: 'RegisterUserRoute' },
  { routeKey: 'GET /api/users/{user_id}', fn: 'get-user', logicalId: 'ListUserCardsRoute' },
  { routeKey: 'GET /api/users/{user_id}/{type}', fn: 'get-user', logicalId: 'GetUserCardRoute' },
];

/** API Gateway's per-request access log line, as JSON (no request bodies, so no personal data). */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
});

export function httpApiResources(settings: StackSettings): CfnResources {
  const resources: Record<string, CfnResources[string]> = {
    // No CorsConfiguration: the site calls /api/* on its own CloudFront origin, so browsers never need CORS,
    // and every other origin is refused. (Naming the distribution's origin here would also make the API and
    // the distribution depend on each other, a cycle CloudFormation rejects.)
    [LOGICAL_IDS.httpApi]: {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: {
        Name: `${settings.stackName}-api`,
        ProtocolType: 'HTTP',
        Description: `qrcard ${settings.config.app} API (${settings.stage})`,
        Tags: settings.tagMap,
      },
    },
    [LOGICAL_IDS.httpApiAccessLogGroup]: {
      Type: 'AWS::Logs::LogGroup',
      ...LOG_GROUP_POLICIES,
      Properties: {
        LogGroupName: `/aws/apigateway/${settings.stackName}/access`,
        RetentionInDays: settings.config.logRetentionDays,
        Tags: settings.tags,
      },
    },
    [LOGICAL_IDS.httpApiStage]: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: {
        ApiId: ref(LOGICAL_IDS.httpApi),
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: {
          ThrottlingRateLimit: settings.config.api.rateLimit,
          ThrottlingBurstLimit: settings.config.api.burstLimit,
        },
        AccessLogSettings: {
          // The group's own ARN without the ":*" that GetAtt adds, which API Gateway does not accept.
          DestinationArn: sub(
            `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:\${${LOGICAL_IDS.httpApiAccessLogGroup}}`,
          ),
          Format: ACCESS_LOG_FORMAT,
        },
        Tags: settings.tagMap,
      },
    },
  };

  for (const fn of new Set(HTTP_API_ROUTES.map((route) => route.fn))) {
    const ids = functionLogicalIds(fn);
    resources[ids.integration] = {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: ref(LOGICAL_IDS.httpApi),
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: getAtt(ids.function, 'Arn'),
        PayloadFormatVersion: '2.0',
      },
    };
  }

  for (const route of HTTP_API_ROUTES) {
    resources[route.logicalId] = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: ref(LOGICAL_IDS.httpApi),
        RouteKey: route.routeKey,
        Target: sub(`integrations/\${${functionLogicalIds(route.fn).integration}}`),
      },
    };
    resources[`${route.logicalId}InvokePermission`] = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt(functionLogicalIds(route.fn).function, 'Arn'),
        Principal: 'apigateway.amazonaws.com',
        SourceArn: sub(
          `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${LOGICAL_IDS.httpApi}}/*/${routeArnPath(route.routeKey)}`,
        ),
      },
    };
  }
  return resources;
}

/** `METHOD/path` of a route in execute-api ARNs, with each path parameter as `*`: `GET/api/users/*`. */
function routeArnPath(routeKey: string): string {
  return routeKey.replace(' /', '/').replace(/\{[^}]+\}/g, '*');
}
