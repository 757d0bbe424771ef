// An HTTP API as CloudFront's origin: stages in the path, CORS preflights, the route's Lambda integration,
// and a failed invocation answered as API Gateway does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InvokeResult } from '../../../src/local/functions/lambda-runner.js';
import type { HttpApiEventV2 } from '../../../src/local/site/http-api-event.js';
import { answerFromApi, integrationFunctionArn } from '../../../src/local/site/http-api-origin.js';
import { SiteRegistry, type HttpApi } from '../../../src/local/site/site-registry.js';
import type { SiteRequest } from '../../../src/local/site/site-request.js';

const functionArn = 'arn:aws:lambda:eu-west-1:000000000000:function:get-user';

function apiWithStage(stageName: string): HttpApi {
  const api = new SiteRegistry().api('a1b2c3d4e5');
  api.integrations.set('int1', {
    integrationUri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
    payloadFormatVersion: '2.0',
    timeoutMs: 30_000,
  });
  api.routes.set('GET /users/{user_id}', { routeKey: 'GET /users/{user_id}', target: 'integrations/int1' });
  api.stages.set(stageName, { stageName, stageVariables: { table: 'users' } });
  return api;
}

function request(method: string, path: string, headers: SiteRequest['headers'] = {}): SiteRequest {
  return { method, path, query: 'fields=name', headers, body: Buffer.alloc(0), remoteAddress: '::ffff:10.0.0.7' };
}

function isHttpApiEvent(value: unknown): value is HttpApiEventV2 {
  return typeof value === 'object' && value !== null && 'version' in value && value.version === '2.0';
}

/** An invoke that records its calls and answers with `result`. */
function invokeAnswering(result: (requestId: string) => Promise<InvokeResult>) {
  const calls: Array<{ functionArn: string; event: HttpApiEventV2 }> = [];
  const invoke = (arn: string, event: unknown) => {
    assert.ok(isHttpApiEvent(event), 'a payload format 2.0 event');
    calls.push({ functionArn: arn, event });
    return result('r-1');
  };
  return { invoke, calls };
}

const options = (invoke: (arn: string, event: unknown) => Promise<InvokeResult>) => ({
  region: 'eu-west-1',
  accountId: '000000000000',
  invoke,
});

describe('answerFromApi', () => {
  it('calls the route integration with a stage-aware event and returns its response', async () => {
    const { invoke, calls } = invokeAnswering((requestId) =>
      Promise.resolve({ requestId, ok: true, payload: { statusCode: 201, body: 'made' } }),
    );

    const response = await answerFromApi(apiWithStage('api'), '/api/users/u1', request('GET', '/api/users/u1'), options(invoke));

    assert.equal(response.statusCode, 201);
    assert.equal(response.body.toString(), 'made');
    assert.match(String(response.headers['apigw-requestid']), /^[A-Za-z0-9+/]+=*$/);
    assert.equal(calls[0]?.functionArn, functionArn);
    const event = calls[0]?.event;
    assert.equal(event?.rawPath, '/api/users/u1');
    assert.equal(event?.requestContext.stage, 'api');
    assert.equal(event?.requestContext.http.sourceIp, '10.0.0.7');
    assert.deepEqual(event?.pathParameters, { user_id: 'u1' });
    assert.deepEqual(event?.stageVariables, { table: 'users' });
  });

  it('matches routes on the whole path when the API has a $default stage', async () => {
    const { invoke, calls } = invokeAnswering((requestId) => Promise.resolve({ requestId, ok: true, payload: { ok: true } }));

    const response = await answerFromApi(apiWithStage('$default'), '/users/u1', request('GET', '/users/u1'), options(invoke));

    assert.equal(response.statusCode, 200);
    assert.equal(calls[0]?.event.requestContext.stage, '$default');
  });

  it('answers 404 for an unknown stage or route without invoking anything', async () => {
    const { invoke, calls } = invokeAnswering((requestId) => Promise.resolve({ requestId, ok: true, payload: null }));
    const api = apiWithStage('api');

    const unknownStage = await answerFromApi(api, '/v2/users/u1', request('GET', '/v2/users/u1'), options(invoke));
    const unknownRoute = await answerFromApi(api, '/api/cards', request('GET', '/api/cards'), options(invoke));

    assert.deepEqual([unknownStage.statusCode, unknownRoute.statusCode], [404, 404]);
    assert.equal(calls.length, 0);
  });

  it('answers a CORS preflight itself', async () => {
    const { invoke, calls } = invokeAnswering((requestId) => Promise.resolve({ requestId, ok: true, payload: null }));
    const api = apiWithStage('api');
    api.cors = { allowOrigins: ['https://example.org'], allowMethods: ['GET'] };
    const preflight = request('OPTIONS', '/api/users/u1', { origin: 'https://example.org', 'access-control-request-method': 'GET' });

    const response = await answerFromApi(api, '/api/users/u1', preflight, options(invoke));

    assert.equal(response.statusCode, 204);
    assert.equal(response.headers['access-control-allow-origin'], 'https://example.org');
    assert.equal(calls.length, 0);
  });

  it('answers 500 when the function fails or cannot be invoked', async () => {
    const failed = invokeAnswering((requestId) =>
      Promise.resolve({ requestId, ok: false, error: { errorType: 'Error', errorMessage: 'boom' } }),
    );
    const unreachable = invokeAnswering(() => Promise.reject(new Error('Function not found')));
    const api = apiWithStage('api');

    const afterFailure = await answerFromApi(api, '/api/users/u1', request('GET', '/api/users/u1'), options(failed.invoke));
    const afterRejection = await answerFromApi(api, '/api/users/u1', request('GET', '/api/users/u1'), options(unreachable.invoke));

    for (const response of [afterFailure, afterRejection]) {
      assert.equal(response.statusCode, 500);
      assert.deepEqual(JSON.parse(response.body.toString()), { message: 'Internal Server Error' });
    }
  });
});

describe('integrationFunctionArn', () => {
  it('unwraps an API Gateway integration URI and keeps a plain ARN', () => {
    assert.equal(
      integrationFunctionArn(`arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`),
      functionArn,
    );
    assert.equal(integrationFunctionArn(functionArn), functionArn);
  });
});
