// AWS::CloudFront::Distribution and ResponseHeadersPolicy: the site server's origins and behaviors.
import { randomUUID } from 'node:crypto';
import type { CacheBehavior, Distribution } from '../../site/site-registry.js';
import { inProcess, list, numberOf, randomText, record, text, type Properties, type Provisioner } from './provisioner.js';

function behavior(value: unknown): CacheBehavior {
  const source = record(value);
  return {
    pathPattern: text(source['PathPattern']),
    targetOriginId: text(source['TargetOriginId']) ?? '',
    allowedMethods: source['AllowedMethods'] === undefined ? undefined : list(source['AllowedMethods']).map(String),
    responseHeadersPolicyId: text(source['ResponseHeadersPolicyId']),
  };
}

function distributionFrom(id: string, domainName: string, properties: Properties): Distribution {
  const config = record(properties['DistributionConfig']);
  return {
    id,
    domainName,
    enabled: config['Enabled'] !== false && config['Enabled'] !== 'false',
    defaultRootObject: text(config['DefaultRootObject']),
    origins: list(config['Origins']).map((item) => {
      const origin = record(item);
      return { id: text(origin['Id']) ?? '', domainName: text(origin['DomainName']) ?? '', originPath: text(origin['OriginPath']) ?? '' };
    }),
    defaultBehavior: behavior(config['DefaultCacheBehavior']),
    behaviors: list(config['CacheBehaviors']).map(behavior),
    customErrorResponses: list(config['CustomErrorResponses']).map((item) => {
      const entry = record(item);
      return {
        errorCode: numberOf(entry['ErrorCode']) ?? 0,
        responseCode: numberOf(entry['ResponseCode']),
        responsePagePath: text(entry['ResponsePagePath']),
      };
    }),
    deployedAt: Date.now(),
  };
}

export const cloudFrontDistribution: Provisioner = {
  create: (context, properties) =>
    inProcess(() => {
      const id = `E${randomText(13)}`;
      const domainName = `d${randomText(13, 'abcdefghijklmnopqrstuvwxyz0123456789')}.cloudfront.net`;
      context.site.distributions.set(id, distributionFrom(id, domainName, properties));
      return { physicalId: id, attributes: { Id: id, DomainName: domainName } };
    }),
  update: (context, current, properties) =>
    inProcess(() => {
      const domainName = text(current.attributes['DomainName']) ?? '';
      context.site.distributions.set(current.physicalId, distributionFrom(current.physicalId, domainName, properties));
      return { physicalId: current.physicalId, attributes: current.attributes };
    }),
  delete: (context, current) =>
    inProcess(() => {
      context.site.distributions.delete(current.physicalId);
    }),
  restore: (context, current) =>
    inProcess(() => {
      const domainName = text(current.attributes['DomainName']) ?? '';
      context.site.distributions.set(current.physicalId, distributionFrom(current.physicalId, domainName, current.properties));
    }),
};

export const cloudFrontResponseHeadersPolicy: Provisioner = {
  create: (context, properties) =>
    inProcess(() => {
      const id = randomUUID();
      context.site.responseHeadersPolicies.set(id, record(properties['ResponseHeadersPolicyConfig']));
      return { physicalId: id, attributes: { Id: id, LastModifiedTime: new Date().toISOString() } };
    }),
  update: (context, current, properties) =>
    inProcess(() => {
      context.site.responseHeadersPolicies.set(current.physicalId, record(properties['ResponseHeadersPolicyConfig']));
      return { physicalId: current.physicalId, attributes: { Id: current.physicalId, LastModifiedTime: new Date().toISOString() } };
    }),
  delete: (context, current) =>
    inProcess(() => {
      context.site.responseHeadersPolicies.delete(current.physicalId);
    }),
  restore: (context, current) =>
    inProcess(() => {
      context.site.responseHeadersPolicies.set(current.physicalId, record(current.properties['ResponseHeadersPolicyConfig']));
    }),
};
