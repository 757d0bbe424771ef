import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLambdaRunner, type LambdaRunner } from '../../src/local/functions/lambda-runner.js';
import { SiteRegistry } from '../../src/local/site/site-registry.js';
import { startSiteServer, type SiteObject, type SiteServer } from '../../src/local/site/site-server.js';

const sampleEvent = JSON.parse(readFileSync(new URL('../events/http-api-v2-get-user.json', import.meta.url), 'utf8')) as unknown;

/** The same keys at every level and the same JSON types, whatever the values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]),
    );
  }
  return typeof value;
}

describe('site server', () => {
  let runner: LambdaRunner;
  let site: SiteServer;
  const registry = new SiteRegistry();
  const objects = new Map<string, SiteObject>([
    ['site-bucket/index.html', { body: Buffer.from('<h1>qrcard</h1>'), contentType: 'text/html' }],
    ['site-bucket/app.js', { body: Buffer.from('console.log(1)'), contentType: 'text/javascript' }],
  ]);

  before(async () => {
    runner = createLambdaRunner({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', logs: { append() {} } });
    runner.deploy({
      functionName: 'echo-event',
      codeDirectory: fileURLToPath(new URL('../fixtures/functions/echo-event', import.meta.url)),
    });
    const api = registry.api('a1b2c3d4e5');
    api.cors = { allowOrigins: ['https://example.org'], allowMethods: ['GET', 'POST'], allowHeaders: ['content-type'], maxAge: 300 };
    api.integrations.set('int1', {
      integrationUri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${runner.functionArn('echo-event')}/invocations`,
      payloadFormatVersion: '2.0',
      timeoutMs: 30_000,
    });
    for (const routeKey of ['POST /users', 'GET /users/{user_id}', 'GET /users/{user_id}/{type}'])
      api.routes.set(routeKey, { routeKey, target: 'integrations/int1' });
    api.stages.set('api', { stageName: 'api', stageVariables: {} });
    registry.responseHeadersPolicies.set('policy1', {
      SecurityHeadersConfig: { ContentTypeOptions: { Override: true }, FrameOptions: { FrameOption: 'DENY', Override: true } },
    });
    registry.distributions.set('E1', {
      id: 'E1',
      domainName: 'd111111abcdef8.cloudfront.net',
      enabled: true,
      defaultRootObject: 'index.html',
      origins: [
        { id: 'site', domainName: 'site-bucket.s3.eu-west-1.amazonaws.com', originPath: '' },
        { id: 'api', domainName: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com', originPath: '' },
      ],
      defaultBehavior: { targetOriginId: 'site', responseHeadersPolicyId: 'policy1' },
      behaviors: [{ pathPattern: '/api/*', targetOriginId: 'api' }],
      customErrorResponses: [],
      deployedAt: Date.now(),
    });
    site = await startSiteServer({
      registry,
      region: 'eu-west-1',
      invoke: (arn, event) => runner.invoke(arn, event),
      readObject: (bucket, key) => Promise.resolve(objects.get(`${bucket}/${key}`)),
    });
  });

  after(async () => {
    await site.stop();
    await runner.stop();
  });

  it('sends a payload format 2.0 event shaped like API Gateway', async () => {
    const response = await fetch(`${site.url}/api/users/u-123/speaker?fields=name&fields=title&format=json`, {
      headers: { cookie: 'session=abc; theme=dark', accept: 'application/json' },
    });

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-custom'), 'yes');
    const event = (await response.json()) as Record<string, unknown> & {
      requestContext: Record<string, unknown>;
      headers: Record<string, string>;
    };
    const { body: _body, headers, ...rest } = event;
    const { headers: sampleHeaders, ...sampleRest } = sampleEvent as { headers: Record<string, string> };
    assert.deepEqual(shapeOf(rest), shapeOf(sampleRest));
    for (const name of Object.keys(sampleHeaders).filter((header) => header !== 'content-length')) {
      assert.equal(typeof headers[name], 'string', `header ${name}`);
    }
    assert.ok(Object.keys(headers).every((name) => name === name.toLowerCase()));
    assert.equal(headers['host'], 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com');
    assert.equal(event['routeKey'], 'GET /users/{user_id}/{type}');
    assert.equal(event['rawPath'], '/api/users/u-123/speaker');
    assert.equal(event['rawQueryString'], 'fields=name&fields=title&format=json');
    assert.deepEqual(event['pathParameters'], { user_id: 'u-123', type: 'speaker' });
    assert.deepEqual(event['queryStringParameters'], { fields: 'name,title', format: 'json' });
    assert.deepEqual(event['cookies'], ['session=abc', 'theme=dark']);
    assert.equal(event.headers['cookie'], undefined);
    assert.equal(event.requestContext['stage'], 'api');
    assert.match(String(event.requestContext['time']), /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
  });

  it('base64-encodes binary request bodies and passes JSON as text', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251]);
    const binary = await fetch(`${site.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const json = await fetch(`${site.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Ana"}',
    });

    const binaryEvent = (await binary.json()) as { body: string; isBase64Encoded: boolean; routeKey: string };
    const jsonEvent = (await json.json()) as { body: string; isBase64Encoded: boolean };
    assert.equal(binaryEvent.routeKey, 'POST /users');
    assert.equal(binaryEvent.isBase64Encoded, true);
    assert.deepEqual(Buffer.from(binaryEvent.body, 'base64'), bytes);
    assert.equal(jsonEvent.isBase64Encoded, false);
    assert.equal(jsonEvent.body, '{"name":"Ana"}');
  });

  it('passes a JSON body that is not UTF-8 as its bytes, base64-encoded', async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"Ana '), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);

    const response = await fetch(`${site.url}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });

    const event = (await response.json()) as { body: string; isBase64Encoded: boolean };
    assert.equal(event.isBase64Encoded, true);
    assert.deepEqual(Buffer.from(event.body, 'base64'), bytes);
  });

  it('maps base64 results, cookies, plain results and failures back like API Gateway', async () => {
    const binary = await fetch(`${site.url}/api/users/u-1?mode=binary`);
    const plain = await fetch(`${site.url}/api/users/u-1?mode=plain`);
    const failed = await fetch(`${site.url}/api/users/u-1?mode=fail`);
    const missing = await fetch(`${site.url}/api/nothing-here`);

    assert.equal(binary.status, 201);
    assert.equal(binary.headers.get('content-type'), 'image/png');
    assert.deepEqual(binary.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.deepEqual(Buffer.from(await binary.arrayBuffer()), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('content-type'), 'application/json');
    assert.deepEqual(await plain.json(), { received: '/api/users/u-1' });
    assert.equal(failed.status, 500);
    assert.deepEqual(await failed.json(), { message: 'Internal Server Error' });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { message: 'Not Found' });
  });

  it('answers CORS preflights from the API configuration', async () => {
    const response = await fetch(`${site.url}/api/users`, {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' },
    });
    const actual = await fetch(`${site.url}/api/users/u-1?mode=plain`, { headers: { origin: 'https://example.org' } });

    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://example.org');
    assert.equal(response.headers.get('access-control-allow-methods'), 'GET,POST');
    assert.equal(response.headers.get('access-control-max-age'), '300');
    assert.equal(actual.headers.get('access-control-allow-origin'), 'https://example.org');
  });

  it('serves static files with index.html as the root object, and 404 otherwise', async () => {
    const root = await fetch(`${site.url}/`);
    const script = await fetch(`${site.url}/app.js`);
    const missing = await fetch(`${site.url}/missing.css`);

    assert.equal(root.status, 200);
    assert.equal(root.headers.get('content-type'), 'text/html');
    assert.equal(await root.text(), '<h1>qrcard</h1>');
    assert.equal(root.headers.get('x-frame-options'), 'DENY');
    assert.equal(root.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await script.text(), 'console.log(1)');
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
  });

  it('serves routes, behaviors and header policies that a stack update changes while it runs', async () => {
    // Requests first, so whatever the server derives from the current configuration exists already.
    const routeBefore = await fetch(`${site.url}/api/cards/c-1?mode=plain`);
    const scriptBefore = await fetch(`${site.url}/app.js`);
    await scriptBefore.arrayBuffer();
    const api = registry.api('a1b2c3d4e5');
    const distribution = registry.distributions.get('E1');
    assert.ok(distribution);

    // What the provisioners do on update: set a new route, replace the distribution and the policy objects.
    api.routes.set('route-cards', { routeKey: 'GET /cards/{card_id}', target: 'integrations/int1' });
    const routeAdded = await fetch(`${site.url}/api/cards/c-1`);
    api.routes.set('route-cards', { routeKey: 'GET /cards/{card_id}/{size}', target: 'integrations/int1' });
    const routeChangedOldPath = await fetch(`${site.url}/api/cards/c-1?mode=plain`);
    const routeChangedNewPath = await fetch(`${site.url}/api/cards/c-1/large`);
    registry.responseHeadersPolicies.set('policy2', {
      SecurityHeadersConfig: { FrameOptions: { FrameOption: 'SAMEORIGIN', Override: true } },
    });
    registry.distributions.set('E1', {
      ...distribution,
      behaviors: [{ pathPattern: '*.js', targetOriginId: 'site', responseHeadersPolicyId: 'policy2' }, ...distribution.behaviors],
    });
    const scriptAfter = await fetch(`${site.url}/app.js`);
    registry.responseHeadersPolicies.set('policy2', {
      SecurityHeadersConfig: { ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true } },
    });
    const scriptAfterPolicyUpdate = await fetch(`${site.url}/app.js`);

    assert.equal(routeBefore.status, 404);
    await routeBefore.arrayBuffer();
    assert.equal(scriptBefore.headers.get('x-frame-options'), 'DENY');
    assert.equal(routeAdded.status, 200);
    const added = (await routeAdded.json()) as { routeKey: string; pathParameters: Record<string, string> };
    assert.equal(added.routeKey, 'GET /cards/{card_id}');
    assert.deepEqual(added.pathParameters, { card_id: 'c-1' });
    assert.equal(routeChangedOldPath.status, 404);
    await routeChangedOldPath.arrayBuffer();
    assert.equal(routeChangedNewPath.status, 200);
    assert.deepEqual(((await routeChangedNewPath.json()) as { pathParameters: Record<string, string> }).pathParameters, {
      card_id: 'c-1',
      size: 'large',
    });
    assert.equal(scriptAfter.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(await scriptAfter.text(), 'console.log(1)');
    assert.equal(scriptAfterPolicyUpdate.headers.get('x-frame-options'), null);
    assert.equal(scriptAfterPolicyUpdate.headers.get('referrer-policy'), 'no-referrer');
    await scriptAfterPolicyUpdate.arrayBuffer();
  });
});
