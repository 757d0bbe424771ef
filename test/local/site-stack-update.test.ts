// A CloudFormation update that adds an HTTP API route and a CloudFront behavior to a running engine is served
// by the site URL as soon as the stack reports UPDATE_COMPLETE.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { clientConfig } from '../../src/aws/clients.js';
import { startEngine, type RunningEngine } from '../../src/local/engine.js';
import { waitFor } from '../support/wait-for.js';

const REGION = 'us-east-1';
const STACK = 'qrcard-site-update';

/** An HTTP API behind a distribution; `extra` adds a second route and a behavior for `/v2/*`. */
function template(extra: boolean): string {
  const route = (routeKey: string) => ({
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: { ApiId: { Ref: 'Api' }, RouteKey: routeKey, Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'Integration' }]] } },
  });
  const apiOrigin = {
    Id: 'api',
    DomainName: { 'Fn::Select': [1, { 'Fn::Split': ['://', { 'Fn::GetAtt': ['Api', 'ApiEndpoint'] }] }] },
    CustomOriginConfig: { OriginProtocolPolicy: 'https-only' },
  };
  return JSON.stringify({
    Resources: {
      Echo: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Code: { ZipFile: 'exports.handler = async (event) => ({ routeKey: event.routeKey, path: event.rawPath });' },
        },
      },
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'site-update', ProtocolType: 'HTTP' } },
      Integration: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'Api' },
          IntegrationType: 'AWS_PROXY',
          PayloadFormatVersion: '2.0',
          IntegrationUri: { 'Fn::GetAtt': ['Echo', 'Arn'] },
        },
      },
      UsersRoute: route('GET /api/users/{user_id}'),
      ...(extra ? { CardsRoute: route('GET /api/cards/{card_id}'), V2Route: route('GET /v2/{proxy+}') } : {}),
      Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, StageName: '$default', AutoDeploy: true } },
      Distribution: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Enabled: true,
            Origins: [apiOrigin, { Id: 'nowhere', DomainName: 'example.org', CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }],
            DefaultCacheBehavior: { TargetOriginId: 'nowhere', ViewerProtocolPolicy: 'https-only' },
            CacheBehaviors: [
              { PathPattern: '/api/*', TargetOriginId: 'api', ViewerProtocolPolicy: 'https-only' },
              ...(extra ? [{ PathPattern: '/v2/*', TargetOriginId: 'api', ViewerProtocolPolicy: 'https-only' }] : []),
            ],
          },
        },
      },
    },
  });
}

describe('site server during a stack update', () => {
  let stateDir: string;
  let engine: RunningEngine;
  let cloudformation: CloudFormationClient;

  async function deploy(type: 'CREATE' | 'UPDATE', body: string): Promise<Stack> {
    const created = await cloudformation.send(
      new CreateChangeSetCommand({ StackName: STACK, ChangeSetName: `cs-${type.toLowerCase()}`, ChangeSetType: type, TemplateBody: body }),
    );
    await cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    await cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
    return waitFor(
      async () => (await cloudformation.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0],
      (stack): stack is Stack => stack !== undefined && !/_IN_PROGRESS$/.test(stack.StackStatus ?? ''),
      { what: `the ${type} of ${STACK} to finish`, timeoutMs: 30_000, intervalMs: 25, show: (stack) => stack?.StackStatus ?? 'no stack' },
    );
  }

  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'qrcard-site-update-'));
    engine = await startEngine({ stateDir, region: REGION, maxConcurrencyPerFunction: 1, log: () => {} });
    cloudformation = new CloudFormationClient(clientConfig({ kind: 'local', endpoint: engine.endpoint, region: REGION }));
  });

  after(async () => {
    await engine.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('serves a route and a behavior added by an update right after it completes', async () => {
    const created = await deploy('CREATE', template(false));
    const users = await fetch(`${engine.siteUrl}/api/users/u-1`);
    const cardsBefore = await fetch(`${engine.siteUrl}/api/cards/c-1`);
    const v2Before = await fetch(`${engine.siteUrl}/v2/cards/c-1`);

    const updated = await deploy('UPDATE', template(true));
    const cardsAfter = await fetch(`${engine.siteUrl}/api/cards/c-1`);
    const v2After = await fetch(`${engine.siteUrl}/v2/cards/c-1`);

    assert.equal(created.StackStatus, 'CREATE_COMPLETE', created.StackStatusReason);
    assert.deepEqual(await users.json(), { routeKey: 'GET /api/users/{user_id}', path: '/api/users/u-1' });
    assert.equal(cardsBefore.status, 404);
    await cardsBefore.arrayBuffer();
    assert.equal(v2Before.status, 502, 'before the update /v2 goes to the default behavior and its unreachable origin');
    await v2Before.arrayBuffer();
    assert.equal(updated.StackStatus, 'UPDATE_COMPLETE', updated.StackStatusReason);
    assert.deepEqual(await cardsAfter.json(), { routeKey: 'GET /api/cards/{card_id}', path: '/api/cards/c-1' });
    assert.deepEqual(await v2After.json(), { routeKey: 'GET /v2/{proxy+}', path: '/v2/cards/c-1' });
  });
});
