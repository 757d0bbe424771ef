// Faulty functions behind the local site server: a throw, a timeout and a process exit each answer like
// API Gateway (500), are logged like Lambda, and leave the server ready for the next request.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createLambdaRunner, type FunctionLogSink, type LambdaRunner, type LogEvent } from '../../src/local/functions/lambda-runner.js';
import { SiteRegistry } from '../../src/local/site/site-registry.js';
import { startSiteServer, type SiteServer } from '../../src/local/site/site-server.js';

class MemoryLogs implements FunctionLogSink {
  readonly lines: string[] = [];
  append(_group: string, _stream: string, events: readonly LogEvent[]): void {
    this.lines.push(...events.map((event) => event.message));
  }
}

describe('site server with failing functions', { timeout: 120_000 }, () => {
  let runner: LambdaRunner;
  let site: SiteServer;
  const logs = new MemoryLogs();

  before(async () => {
    runner = createLambdaRunner({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', logs, maxConcurrencyPerFunction: 1 });
    runner.deploy({
      functionName: 'http-faults',
      codeDirectory: fileURLToPath(new URL('../fixtures/functions/http-faults', import.meta.url)),
      timeoutSeconds: 1,
    });
    const registry = new SiteRegistry();
    const api = registry.api('faultapi01');
    api.integrations.set('int1', { integrationUri: runner.functionArn('http-faults'), payloadFormatVersion: '2.0', timeoutMs: 30_000 });
    api.routes.set('GET /users/{user_id}', { routeKey: 'GET /users/{user_id}', target: 'integrations/int1' });
    api.stages.set('$default', { stageName: '$default', stageVariables: {} });
    registry.distributions.set('E1', {
      id: 'E1',
      domainName: 'd1.cloudfront.net',
      enabled: true,
      defaultRootObject: 'index.html',
      origins: [{ id: 'api', domainName: 'faultapi01.execute-api.us-east-1.amazonaws.com', originPath: '' }],
      defaultBehavior: { targetOriginId: 'api' },
      behaviors: [],
      customErrorResponses: [],
      deployedAt: Date.now(),
    });
    site = await startSiteServer({
      registry,
      region: 'us-east-1',
      invoke: (arn, event) => runner.invoke(arn, event),
      readObject: () => Promise.resolve(undefined),
    });
  });

  after(async () => {
    await site.stop();
    await runner.stop();
  });

  for (const [fault, logged] of [
    ['throw', /\tERROR\tInvoke Error.*RangeError.*thrown on purpose/],
    ['hang', /Task timed out after 1\.00 seconds/],
    ['exit', /Runtime exited with error: exit status 7/],
  ] as const) {
    it(`a function that fails with "${fault}" answers 500, is logged, and the next request works`, async () => {
      const failed = await fetch(`${site.url}/users/u-1?fault=${fault}`);
      const next = await fetch(`${site.url}/users/u-1`);

      assert.equal(failed.status, 500);
      assert.deepEqual(await failed.json(), { message: 'Internal Server Error' });
      assert.equal(next.status, 200);
      assert.equal(typeof ((await next.json()) as { pid: unknown }).pid, 'number');
      assert.ok(
        logs.lines.some((line) => logged.test(line)),
        `logged ${logged}:\n${logs.lines.join('\n')}`,
      );
    });
  }
});
