// What the site URL answers, as CloudFront would: the newest distribution's behavior for the path picks
// the origin (the site bucket or an HTTP API), and its response headers policy is applied on the way out.
import { originTarget, policyHeaders, selectBehavior } from './cloudfront-rules.js';
import { answerFromBucket, type ReadSiteObject } from './bucket-origin.js';
import { answerFromApi, type HttpApiOriginOptions } from './http-api-origin.js';
import { jsonMessage, type HttpResponseData } from './http-api-event.js';
import type { CacheBehavior, Distribution, SiteRegistry } from './site-registry.js';
import type { SiteRequest } from './site-request.js';

export interface SiteResponseOptions extends HttpApiOriginOptions {
  readonly registry: SiteRegistry;
  readonly readObject: ReadSiteObject;
}

export async function siteResponse(request: SiteRequest, options: SiteResponseOptions): Promise<HttpResponseData> {
  const distribution = options.registry.currentDistribution();
  if (distribution === undefined) {
    return {
      statusCode: 503,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('No CloudFront distribution is deployed on this local engine yet.\n'),
    };
  }
  const behavior = selectBehavior(distribution, request.path);
  const response = await originResponse(distribution, behavior, request, options);
  const policy =
    behavior.responseHeadersPolicyId === undefined
      ? undefined
      : options.registry.responseHeadersPolicies.get(behavior.responseHeadersPolicyId);
  if (policy) {
    for (const header of policyHeaders(policy)) {
      if (header.override || response.headers[header.name] === undefined) response.headers[header.name] = header.value;
    }
  }
  response.headers['x-cache'] = 'Miss from cloudfront';
  return response;
}

async function originResponse(
  distribution: Distribution,
  behavior: CacheBehavior,
  request: SiteRequest,
  options: SiteResponseOptions,
): Promise<HttpResponseData> {
  const origin = distribution.origins.find((candidate) => candidate.id === behavior.targetOriginId);
  const target = origin === undefined ? undefined : originTarget(origin);
  if (target?.kind === 'bucket') {
    const path = request.path;
    const objectPath = path === '/' && distribution.defaultRootObject ? `/${distribution.defaultRootObject}` : path;
    const key = decodeURIComponent(`${target.originPath}${objectPath}`.replace(/^\/+/, ''));
    return answerFromBucket(distribution, options.readObject, { bucket: target.bucket, key, method: request.method });
  }
  if (target?.kind === 'http-api') {
    const api = options.registry.apis.get(target.apiId);
    return api === undefined ? jsonMessage(404, 'Not Found') : answerFromApi(api, `${target.originPath}${request.path}`, request, options);
  }
  return {
    statusCode: 502,
    headers: { 'content-type': 'text/plain' },
    body: Buffer.from(`The local engine cannot reach origin ${origin?.domainName ?? behavior.targetOriginId}.\n`),
  };
}
