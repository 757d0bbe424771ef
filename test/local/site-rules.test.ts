// HTTP API route selection and CloudFront behavior selection, including a configuration replaced after first use.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { policyHeaders, selectBehavior } from '../../src/local/site/cloudfront-rules.js';
import { selectRoute } from '../../src/local/site/http-api-routes.js';
import type { Distribution } from '../../src/local/site/site-registry.js';

const route = (routeKey: string) => ({ routeKey });

describe('selectRoute', () => {
  const routes = [
    route('ANY /users/{user_id}'),
    route('GET /users/{user_id}'),
    route('GET /users/me'),
    route('GET /files/{path+}'),
    route('POST /users'),
    route('$default'),
  ];

  it('prefers literal segments over variables over greedy variables, and an exact method over ANY', () => {
    assert.equal(selectRoute(routes, 'GET', '/users/me')?.routeKey, 'GET /users/me');
    assert.deepEqual(selectRoute(routes, 'get', '/users/u-1')?.pathParameters, { user_id: 'u-1' });
    assert.equal(selectRoute(routes, 'GET', '/users/u-1')?.routeKey, 'GET /users/{user_id}');
    assert.equal(selectRoute(routes, 'DELETE', '/users/u-1')?.routeKey, 'ANY /users/{user_id}');
    assert.deepEqual(selectRoute(routes, 'GET', '/files/a/b%20c.txt')?.pathParameters, { path: 'a/b c.txt' });
  });

  it('falls back to $default, and to nothing without one', () => {
    assert.deepEqual(selectRoute(routes, 'GET', '/files'), { route: routes[5], routeKey: '$default', pathParameters: {} });
    assert.equal(selectRoute(routes.slice(0, 5), 'PUT', '/users'), undefined);
  });

  it('uses a route object replaced under the same id at once', () => {
    const table = new Map([['r1', route('GET /cards/{id}')]]);
    const before = selectRoute(table.values(), 'GET', '/cards/c-1');
    table.set('r1', route('GET /cards/{id}/{size}'));

    assert.equal(before?.routeKey, 'GET /cards/{id}');
    assert.equal(selectRoute(table.values(), 'GET', '/cards/c-1'), undefined);
    assert.deepEqual(selectRoute(table.values(), 'GET', '/cards/c-1/large')?.pathParameters, { id: 'c-1', size: 'large' });
  });
});

describe('selectBehavior', () => {
  const distribution = (patterns: ReadonlyArray<string | undefined>): Distribution => ({
    id: 'E1',
    domainName: 'd1.cloudfront.net',
    enabled: true,
    origins: [],
    defaultBehavior: { targetOriginId: 'default' },
    behaviors: patterns.map((pathPattern, index) => ({ pathPattern, targetOriginId: `origin-${index}` })),
    customErrorResponses: [],
    deployedAt: 0,
  });

  it('takes the first matching pattern in order, with * and ? as wildcards and everything else literal', () => {
    const site = distribution(['/api/*', 'img/?.png', '/a.b', undefined, '*']);

    assert.equal(selectBehavior(site, '/api/users/1').targetOriginId, 'origin-0');
    assert.equal(selectBehavior(site, '/img/x.png').targetOriginId, 'origin-1');
    assert.equal(selectBehavior(site, '/img/xy.png').targetOriginId, 'origin-4');
    assert.equal(selectBehavior(site, '/a.b').targetOriginId, 'origin-2');
    assert.equal(selectBehavior(site, '/aXb').targetOriginId, 'origin-4');
    assert.equal(selectBehavior(distribution(['/api/*']), '/API/x').targetOriginId, 'default');
  });

  it('follows a distribution replaced by an update', () => {
    const first = distribution(['/api/*']);
    const before = selectBehavior(first, '/v2/x');

    const updated = distribution(['/v2/*', '/api/*']);

    assert.equal(before.targetOriginId, 'default');
    assert.equal(selectBehavior(updated, '/v2/x').targetOriginId, 'origin-0');
    assert.equal(selectBehavior(first, '/v2/x').targetOriginId, 'default');
  });
});

describe('policyHeaders', () => {
  it('lists the security and custom headers of a policy, each with its override flag', () => {
    const headers = policyHeaders({
      SecurityHeadersConfig: { FrameOptions: { FrameOption: 'DENY', Override: true }, ContentTypeOptions: { Override: false } },
      CustomHeadersConfig: { Items: [{ Header: 'X-Card', Value: 'yes', Override: 'true' }] },
    });

    assert.deepEqual(headers, [
      { name: 'x-content-type-options', value: 'nosniff', override: false },
      { name: 'x-frame-options', value: 'DENY', override: true },
      { name: 'x-card', value: 'yes', override: true },
    ]);
  });
});
