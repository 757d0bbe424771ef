// CloudFront's request rules the site server follows: behavior path patterns, origin kinds, and
// the headers a response headers policy adds (pure; compiled forms are kept per registry object).
import { isJsonObject, valueText, type JsonObject } from './json-values.js';
import type { CacheBehavior, Distribution, DistributionOrigin, ResponseHeadersPolicy } from './site-registry.js';

/** CloudFront path patterns: `*` any run of characters, `?` one character; case-sensitive. */
function pathPatternExpression(pattern: string): RegExp {
  const normalized = pattern.startsWith('/') ? pattern : `/${pattern}`;
  const expression = normalized
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${expression}$`);
}

interface CompiledBehavior {
  readonly behavior: CacheBehavior;
  readonly pattern: RegExp;
}

// Compiled once per distribution object: the provisioners replace the whole object on every create,
// update or restore, so a new configuration always gets its own entry.
const compiledBehaviors = new WeakMap<Distribution, readonly CompiledBehavior[]>();

/** The first behavior whose path pattern matches `path`, else the default behavior. */
export function selectBehavior(distribution: Distribution, path: string): CacheBehavior {
  let compiled = compiledBehaviors.get(distribution);
  if (compiled === undefined) {
    compiled = distribution.behaviors.flatMap((behavior) =>
      behavior.pathPattern === undefined ? [] : [{ behavior, pattern: pathPatternExpression(behavior.pathPattern) }],
    );
    compiledBehaviors.set(distribution, compiled);
  }
  return compiled.find((entry) => entry.pattern.test(path))?.behavior ?? distribution.defaultBehavior;
}

export type OriginTarget =
  | { readonly kind: 'bucket'; readonly bucket: string; readonly originPath: string }
  | { readonly kind: 'http-api'; readonly apiId: string; readonly originPath: string }
  | { readonly kind: 'unsupported'; readonly domainName: string };

/** Recognises S3 bucket and API Gateway origins by their AWS domain names. */
export function originTarget(origin: DistributionOrigin): OriginTarget {
  const domain = origin.domainName
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  const bucket =
    /^(.+?)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.exec(domain) ??
    /^(.+?)\.s3-website[.-][a-z0-9-]+\.amazonaws\.com$/.exec(domain);
  if (bucket?.[1]) return { kind: 'bucket', bucket: bucket[1], originPath: origin.originPath };
  const api = /^([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/.exec(domain);
  if (api?.[1]) return { kind: 'http-api', apiId: api[1], originPath: origin.originPath };
  return { kind: 'unsupported', domainName: origin.domainName };
}

type Item = JsonObject;
const record = (value: unknown): Item => (isJsonObject(value) ? value : {});
const enabled = (value: unknown) => value === true || value === 'true';

export interface PolicyHeader {
  readonly name: string;
  readonly value: string;
  readonly override: boolean;
}

// Like behaviors, a policy object is replaced, never changed, when its stack resource is updated.
const policyHeaderLists = new WeakMap<ResponseHeadersPolicy, readonly PolicyHeader[]>();

/** Headers a response headers policy sets; `Override: false` keeps the origin's value. */
export function policyHeaders(policy: ResponseHeadersPolicy): readonly PolicyHeader[] {
  let headers = policyHeaderLists.get(policy);
  if (headers === undefined) {
    headers = headersOfPolicy(policy);
    policyHeaderLists.set(policy, headers);
  }
  return headers;
}

function headersOfPolicy(policy: ResponseHeadersPolicy): PolicyHeader[] {
  const headers: PolicyHeader[] = [];
  const security = record(policy['SecurityHeadersConfig']);
  const add = (name: string, value: string, config: Item) => headers.push({ name, value, override: enabled(config['Override']) });
  const sts = record(security['StrictTransportSecurity']);
  if (Object.keys(sts).length > 0) {
    const parts = [`max-age=${valueText(sts['AccessControlMaxAgeSec'] ?? 0)}`];
    if (enabled(sts['IncludeSubdomains'])) parts.push('includeSubDomains');
    if (enabled(sts['Preload'])) parts.push('preload');
    add('strict-transport-security', parts.join('; '), sts);
  }
  const contentType = record(security['ContentTypeOptions']);
  if (Object.keys(contentType).length > 0) add('x-content-type-options', 'nosniff', contentType);
  const frame = record(security['FrameOptions']);
  if (frame['FrameOption'] !== undefined) add('x-frame-options', valueText(frame['FrameOption']), frame);
  const referrer = record(security['ReferrerPolicy']);
  if (referrer['ReferrerPolicy'] !== undefined) add('referrer-policy', valueText(referrer['ReferrerPolicy']), referrer);
  const xss = record(security['XSSProtection']);
  if (xss['Protection'] !== undefined) {
    const protection = enabled(xss['Protection']);
    const value = !protection
      ? '0'
      : enabled(xss['ModeBlock'])
        ? '1; mode=block'
        : xss['ReportUri']
          ? `1; report=${valueText(xss['ReportUri'])}`
          : '1';
    add('x-xss-protection', value, xss);
  }
  const csp = record(security['ContentSecurityPolicy']);
  if (csp['ContentSecurityPolicy'] !== undefined) add('content-security-policy', valueText(csp['ContentSecurityPolicy']), csp);
  const custom = record(policy['CustomHeadersConfig']);
  for (const item of Array.isArray(custom['Items']) ? custom['Items'] : []) {
    const header = record(item);
    if (header['Header'] !== undefined) add(valueText(header['Header']).toLowerCase(), valueText(header['Value'] ?? ''), header);
  }
  return headers;
}
