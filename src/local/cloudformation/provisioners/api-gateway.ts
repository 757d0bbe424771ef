// AWS::ApiGatewayV2 Api, Integration, Route and Stage: they build the site server's route table.
import {
  inProcess,
  randomText,
  list,
  numberOf,
  record,
  text,
  type Properties,
  type ProvisionContext,
  type Provisioner,
  type ProvisionResult,
} from './provisioner.js';
import type { DeployedResource } from '../stack-model.js';

const lowerAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A type whose whole effect is an entry in the site registry, rebuilt the same way on restore. */
function registryResource(
  newId: (context: ProvisionContext, properties: Properties) => string,
  apply: (context: ProvisionContext, id: string, properties: Properties) => ProvisionResult,
  remove: (context: ProvisionContext, current: DeployedResource) => void,
): Provisioner {
  return {
    create: (context, properties) => inProcess(() => apply(context, newId(context, properties), properties)),
    update: (context, current, properties) => inProcess(() => apply(context, current.physicalId, properties)),
    delete: (context, current) => inProcess(() => remove(context, current)),
    restore: (context, current) =>
      inProcess(() => {
        apply(context, current.physicalId, current.properties);
      }),
  };
}

const strings = (value: unknown) => (value === undefined ? undefined : list(value).map(String));

export const httpApi = registryResource(
  () => randomText(10, lowerAlphabet),
  (context, id, properties) => {
    const api = context.site.api(id);
    api.name = text(properties['Name']) ?? id;
    const cors = record(properties['CorsConfiguration']);
    api.cors =
      Object.keys(cors).length === 0
        ? undefined
        : {
            allowOrigins: strings(cors['AllowOrigins']),
            allowMethods: strings(cors['AllowMethods']),
            allowHeaders: strings(cors['AllowHeaders']),
            exposeHeaders: strings(cors['ExposeHeaders']),
            maxAge: numberOf(cors['MaxAge']),
            allowCredentials: cors['AllowCredentials'] === true || cors['AllowCredentials'] === 'true',
          };
    return { physicalId: id, attributes: { ApiId: id, ApiEndpoint: `https://${id}.execute-api.${context.region}.amazonaws.com` } };
  },
  (context, current) => {
    context.site.apis.delete(current.physicalId);
  },
);

export const httpApiIntegration = registryResource(
  () => randomText(7, lowerAlphabet),
  (context, id, properties) => {
    context.site.api(text(properties['ApiId']) ?? '').integrations.set(id, {
      integrationUri: text(properties['IntegrationUri']) ?? '',
      payloadFormatVersion: text(properties['PayloadFormatVersion']) ?? '2.0',
      timeoutMs: numberOf(properties['TimeoutInMillis']) ?? 30_000,
    });
    return { physicalId: id, attributes: { IntegrationId: id } };
  },
  (context, current) => {
    context.site.apis.get(text(current.properties['ApiId']) ?? '')?.integrations.delete(current.physicalId);
  },
);

export const httpApiRoute = registryResource(
  () => randomText(7, lowerAlphabet),
  (context, id, properties) => {
    context.site
      .api(text(properties['ApiId']) ?? '')
      .routes.set(id, { routeKey: text(properties['RouteKey']) ?? '$default', target: text(properties['Target']) });
    return { physicalId: id, attributes: { RouteId: id } };
  },
  (context, current) => {
    context.site.apis.get(text(current.properties['ApiId']) ?? '')?.routes.delete(current.physicalId);
  },
);

export const httpApiStage = registryResource(
  (_context, properties) => text(properties['StageName']) ?? '$default',
  (context, id, properties) => {
    const variables = record(properties['StageVariables']);
    const accessLog = record(properties['AccessLogSettings']);
    const destinationArn = text(accessLog['DestinationArn']);
    const format = text(accessLog['Format']);
    context.site.api(text(properties['ApiId']) ?? '').stages.set(id, {
      stageName: id,
      stageVariables: Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)])),
      ...(destinationArn === undefined || format === undefined ? {} : { accessLog: { destinationArn, format } }),
    });
    return { physicalId: id, attributes: {} };
  },
  (context, current) => {
    context.site.apis.get(text(current.properties['ApiId']) ?? '')?.stages.delete(current.physicalId);
  },
);
