// The HTTP API's access log: the template's Format filled as API Gateway fills it, written once per request
// to the stage's log group with the request id the function sees.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../../src/core/config.js';
import type { InvokeResult } from '../../../src/local/functions/lambda-runner.js';
import { accessLogGroupName, accessLogLine, contextVariables, type AccessLogRequest } from '../../../src/local/site/access-log.js';
import type { HttpApiEventV2 } from '../../../src/local/site/http-api-event.js';
import { answerFromApi } from '../../../src/local/site/http-api-origin.js';
import { SiteRegistry, type HttpApi } from '../../../src/local/site/site-registry.js';
import { buildTemplate } from '../../../src/templates/build-template.js';

/** The Format the template declares for the stage's access log. */
function templateFormat(): string {
  const template = buildTemplate({ config: configSchema.parse({}), stage: 'dev' });
  const stage = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::ApiGatewayV2::Stage');
  const settings = (stage?.Properties as { AccessLogSettings?: { Format?: unknown } } | undefined)?.AccessLogSettings;
  assert.equal(typeof settings?.Format, 'string', 'the template declares an access log format');
  return settings?.Format as string;
}

const answered: AccessLogRequest = {
  apiId: 'a1b2c3d4e5',
  stage: '$default',
  requestId: 'JKJaXmPLvHcESHA=',
  receivedAt: new Date(Date.UTC(2026, 11, 5, 2, 3, 4)),
  sourceIp: '10.0.0.7',
  userAgent: 'curl/8 "quoted"',
  method: 'post',
  path: '/api/users',
  protocol: 'HTTP/1.1',
  routeKey: 'POST /api/users',
  status: 201,
  responseLength: 52,
  latencyMs: 31,
  integration: { latencyMs: 29, status: 201, errorMessage: undefined },
};

describe('accessLogLine', () => {
  it("fills the template's Format into one JSON object, unknown values as '-'", () => {
    const line = accessLogLine(templateFormat(), contextVariables(answered));

    assert.deepEqual(JSON.parse(line), {
      requestId: 'JKJaXmPLvHcESHA=',
      time: '05/Dec/2026:02:03:04 +0000',
      ip: '10.0.0.7',
      method: 'POST',
      routeKey: 'POST /api/users',
      path: '/api/users',
      status: '201',
      responseLength: '52',
      latencyMs: '31',
      integrationLatencyMs: '29',
      integrationError: '-',
    });
  });

  it('keeps the line valid JSON when a value holds quotes', () => {
    const line = accessLogLine(
      '{"agent":"$context.identity.userAgent","missing":"$context.authorizer.claims.sub"}',
      contextVariables(answered),
    );

    assert.deepEqual(JSON.parse(line), { agent: 'curl/8 "quoted"', missing: '-' });
  });
});

describe('accessLogGroupName', () => {
  it('reads the group name from the destination ARN, with or without :*', () => {
    assert.equal(
      accessLogGroupName('arn:aws:logs:eu-west-1:000000000000:log-group:/aws/apigateway/app-dev/access'),
      '/aws/apigateway/app-dev/access',
    );
    assert.equal(accessLogGroupName('arn:aws:logs:eu-west-1:000000000000:log-group:/x/y:*'), '/x/y');
    assert.equal(accessLogGroupName('not-an-arn'), undefined);
  });
});

function loggedApi(): HttpApi {
  const api = new SiteRegistry().api('a1b2c3d4e5');
  api.integrations.set('int1', {
    integrationUri: 'arn:aws:lambda:eu-west-1:000000000000:function:f',
    payloadFormatVersion: '2.0',
    timeoutMs: 30_000,
  });
  api.routes.set('r1', { routeKey: 'POST /api/users', target: 'integrations/int1' });
  api.stages.set('$default', {
    stageName: '$default',
    stageVariables: {},
    accessLog: { destinationArn: 'arn:aws:logs:eu-west-1:000000000000:log-group:/aws/apigateway/app-dev/access', format: templateFormat() },
  });
  return api;
}

describe('answerFromApi with access logs', () => {
  it('writes one line per request to the stage group, with the request id the function saw', async () => {
    const events: HttpApiEventV2[] = [];
    const invoke = (_arn: string, event: unknown): Promise<InvokeResult> => {
      events.push(event as HttpApiEventV2);
      return Promise.resolve({ requestId: 'lambda-1', ok: true, payload: { statusCode: 201, body: '{"ok":true}' } });
    };
    const written: Array<{ group: string; stream: string; message: string }> = [];
    const accessLog = (group: string, stream: string, batch: ReadonlyArray<{ message: string }>) => {
      for (const event of batch) written.push({ group, stream, message: event.message });
      return Promise.resolve();
    };
    const request = { method: 'POST', path: '/api/users', query: '', headers: {}, body: Buffer.from('{}'), remoteAddress: '127.0.0.1' };

    await answerFromApi(loggedApi(), '/api/users', request, { region: 'eu-west-1', accountId: '000000000000', invoke, accessLog });
    await answerFromApi(
      loggedApi(),
      '/api/nothing',
      { ...request, path: '/api/nothing' },
      { region: 'eu-west-1', accountId: '000000000000', invoke, accessLog },
    );

    assert.equal(written.length, 2);
    assert.equal(written[0]?.group, '/aws/apigateway/app-dev/access');
    const [created, missing] = written.map((entry) => JSON.parse(entry.message) as Record<string, string>);
    assert.equal(created?.['requestId'], events[0]?.requestContext.requestId);
    assert.equal(created?.['status'], '201');
    assert.equal(created?.['routeKey'], 'POST /api/users');
    assert.equal(created?.['responseLength'], '11');
    assert.equal(missing?.['status'], '404');
    assert.equal(missing?.['routeKey'], '-');
  });
});
