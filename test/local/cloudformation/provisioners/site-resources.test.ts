// The API Gateway and CloudFront provisioners, which only build the site registry the site server routes by:
// what each property becomes, what is assumed when it is left out, and that delete and restore undo and redo it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { httpApi, httpApiIntegration, httpApiRoute, httpApiStage } from '../../../../src/local/cloudformation/provisioners/api-gateway.js';
import { cloudFrontDistribution, cloudFrontResponseHeadersPolicy } from '../../../../src/local/cloudformation/provisioners/cloudfront.js';
import { deployed, siteContext } from './provision-context.js';

describe('HTTP API provisioners', () => {
  it('registers an API with its CORS settings, and its endpoint in the stack’s region', async () => {
    const context = siteContext('Api');
    const properties = {
      Name: 'cards-api',
      CorsConfiguration: {
        AllowOrigins: ['https://cards.example'],
        AllowMethods: ['GET', 'POST'],
        MaxAge: '600',
        AllowCredentials: 'true',
      },
    };

    const created = await httpApi.create(context, properties);

    const api = context.site.apis.get(created.physicalId);
    assert.match(created.physicalId, /^[a-z0-9]{10}$/);
    assert.equal(created.attributes['ApiEndpoint'], `https://${created.physicalId}.execute-api.eu-west-1.amazonaws.com`);
    assert.equal(api?.name, 'cards-api');
    assert.deepEqual(api?.cors, {
      allowOrigins: ['https://cards.example'],
      allowMethods: ['GET', 'POST'],
      allowHeaders: undefined,
      exposeHeaders: undefined,
      maxAge: 600,
      allowCredentials: true,
    });
  });

  it('names an API after its id and drops CORS when an update removes it', async () => {
    const context = siteContext('Api');
    const properties = { CorsConfiguration: { AllowOrigins: ['*'] } };
    const created = await httpApi.create(context, properties);

    await httpApi.update(context, deployed('Api', 'AWS::ApiGatewayV2::Api', properties, created), {});

    const api = context.site.apis.get(created.physicalId);
    assert.equal(api?.name, created.physicalId);
    assert.equal(api?.cors, undefined);
  });

  it('fills an integration’s payload version and timeout with API Gateway’s defaults', async () => {
    const context = siteContext('Integration');

    const given = await httpApiIntegration.create(context, {
      ApiId: 'api1',
      IntegrationUri: 'arn:aws:lambda:eu-west-1:000000000000:function:get-user',
      PayloadFormatVersion: '1.0',
      TimeoutInMillis: 5000,
    });
    const bare = await httpApiIntegration.create(context, { ApiId: 'api1' });

    const integrations = context.site.apis.get('api1')?.integrations;
    assert.deepEqual(integrations?.get(given.physicalId), {
      integrationUri: 'arn:aws:lambda:eu-west-1:000000000000:function:get-user',
      payloadFormatVersion: '1.0',
      timeoutMs: 5000,
    });
    assert.deepEqual(integrations?.get(bare.physicalId), { integrationUri: '', payloadFormatVersion: '2.0', timeoutMs: 30_000 });
  });

  it('routes $default when no route key is given, and deletes routes and integrations from their API', async () => {
    const context = siteContext('Route');
    const routeProperties = { ApiId: 'api1', Target: 'integrations/abc' };
    const route = await httpApiRoute.create(context, routeProperties);
    const integration = await httpApiIntegration.create(context, { ApiId: 'api1' });
    const routeBefore = context.site.apis.get('api1')?.routes.get(route.physicalId);

    await httpApiRoute.delete(context, deployed('Route', 'AWS::ApiGatewayV2::Route', routeProperties, route));
    await httpApiIntegration.delete(context, deployed('Integration', 'AWS::ApiGatewayV2::Integration', { ApiId: 'api1' }, integration));

    assert.deepEqual(routeBefore, { routeKey: '$default', target: 'integrations/abc' });
    assert.equal(context.site.apis.get('api1')?.routes.size, 0);
    assert.equal(context.site.apis.get('api1')?.integrations.size, 0);
  });

  it('deletes nothing when the API of a route, integration or stage is already gone', async () => {
    const context = siteContext('Stage');
    const orphan = (type: string) => deployed('Orphan', type, { ApiId: 'gone' }, { physicalId: 'x', attributes: {} });

    await httpApiRoute.delete(context, orphan('AWS::ApiGatewayV2::Route'));
    await httpApiIntegration.delete(context, orphan('AWS::ApiGatewayV2::Integration'));
    await httpApiStage.delete(context, orphan('AWS::ApiGatewayV2::Stage'));

    assert.equal(context.site.apis.has('gone'), false);
  });

  it('names a stage $default unless told, keeps its variables as text, and rebuilds it on restore', async () => {
    const context = siteContext('Stage');
    const properties = { ApiId: 'api1', StageVariables: { retries: 3, mode: 'live' } };
    const stage = await httpApiStage.create(context, properties);
    const named = await httpApiStage.create(context, { ApiId: 'api1', StageName: 'prod' });
    const restored = siteContext('Stage');

    await httpApiStage.restore?.(restored, deployed('Stage', 'AWS::ApiGatewayV2::Stage', properties, stage));

    assert.equal(stage.physicalId, '$default');
    assert.equal(named.physicalId, 'prod');
    assert.deepEqual(restored.site.apis.get('api1')?.stages.get('$default'), {
      stageName: '$default',
      stageVariables: { retries: '3', mode: 'live' },
    });
  });

  it("keeps a stage's access log destination and format, also on restore", async () => {
    const properties = {
      ApiId: 'api1',
      AccessLogSettings: {
        DestinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/apigateway/app-dev/access',
        Format: '{"id":"$context.requestId"}',
      },
    };
    const context = siteContext('Stage');
    const stage = await httpApiStage.create(context, properties);

    await httpApiStage.restore?.(context, deployed('Stage', 'AWS::ApiGatewayV2::Stage', properties, stage));

    assert.deepEqual(context.site.apis.get('api1')?.stages.get('$default')?.accessLog, {
      destinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/apigateway/app-dev/access',
      format: '{"id":"$context.requestId"}',
    });
  });

  it('removes an API on delete', async () => {
    const context = siteContext('Api');
    const created = await httpApi.create(context, {});

    await httpApi.delete(context, deployed('Api', 'AWS::ApiGatewayV2::Api', {}, created));

    assert.equal(context.site.apis.has(created.physicalId), false);
  });
});

describe('CloudFront provisioners', () => {
  const siteConfig = {
    DistributionConfig: {
      Enabled: 'false',
      DefaultRootObject: 'index.html',
      Origins: [{ Id: 'site', DomainName: 'bucket.s3.amazonaws.com', OriginPath: '/v1' }, {}],
      DefaultCacheBehavior: { TargetOriginId: 'site', ResponseHeadersPolicyId: 'headers' },
      CacheBehaviors: [{ PathPattern: '/api/*', TargetOriginId: 'api', AllowedMethods: ['GET', 'POST'] }, {}],
      CustomErrorResponses: [{ ErrorCode: 404, ResponseCode: '200', ResponsePagePath: '/index.html' }, {}],
    },
  };

  it('registers a distribution with its origins, behaviors and error pages, and CloudFront-shaped ids', async () => {
    const context = siteContext('Distribution');

    const created = await cloudFrontDistribution.create(context, siteConfig);

    const distribution = context.site.distributions.get(created.physicalId);
    assert.match(created.physicalId, /^E[A-Z0-9]{13}$/);
    assert.match(String(created.attributes['DomainName']), /^d[a-z0-9]{13}\.cloudfront\.net$/);
    assert.equal(distribution?.enabled, false);
    assert.equal(distribution?.defaultRootObject, 'index.html');
    assert.deepEqual(distribution?.origins, [
      { id: 'site', domainName: 'bucket.s3.amazonaws.com', originPath: '/v1' },
      { id: '', domainName: '', originPath: '' },
    ]);
    assert.deepEqual(distribution?.defaultBehavior, {
      pathPattern: undefined,
      targetOriginId: 'site',
      allowedMethods: undefined,
      responseHeadersPolicyId: 'headers',
    });
    assert.deepEqual(distribution?.behaviors, [
      { pathPattern: '/api/*', targetOriginId: 'api', allowedMethods: ['GET', 'POST'], responseHeadersPolicyId: undefined },
      { pathPattern: undefined, targetOriginId: '', allowedMethods: undefined, responseHeadersPolicyId: undefined },
    ]);
    assert.deepEqual(distribution?.customErrorResponses, [
      { errorCode: 404, responseCode: 200, responsePagePath: '/index.html' },
      { errorCode: 0, responseCode: undefined, responsePagePath: undefined },
    ]);
  });

  it('keeps a distribution’s id and domain through an update, enabled unless it says otherwise', async () => {
    const context = siteContext('Distribution');
    const created = await cloudFrontDistribution.create(context, siteConfig);

    const updated = await cloudFrontDistribution.update(
      context,
      deployed('Distribution', 'AWS::CloudFront::Distribution', siteConfig, created),
      { DistributionConfig: {} },
    );

    const distribution = context.site.distributions.get(created.physicalId);
    assert.deepEqual(updated, { physicalId: created.physicalId, attributes: created.attributes });
    assert.equal(distribution?.enabled, true);
    assert.equal(distribution?.domainName, created.attributes['DomainName']);
    assert.deepEqual(distribution?.origins, []);
  });

  it('rebuilds a saved distribution on restore, and forgets it on delete', async () => {
    const first = siteContext('Distribution');
    const created = await cloudFrontDistribution.create(first, siteConfig);
    const saved = deployed('Distribution', 'AWS::CloudFront::Distribution', siteConfig, created);
    const restarted = siteContext('Distribution');

    await cloudFrontDistribution.restore?.(restarted, saved);
    const restored = restarted.site.distributions.get(created.physicalId);
    await cloudFrontDistribution.delete(restarted, saved);

    assert.equal(restored?.domainName, created.attributes['DomainName']);
    assert.equal(restored?.defaultRootObject, 'index.html');
    assert.equal(restarted.site.distributions.size, 0);
  });

  it('keeps a response headers policy’s config by id through update, restore and delete', async () => {
    const context = siteContext('Headers');
    const config = { SecurityHeadersConfig: { FrameOptions: { FrameOption: 'DENY', Override: true } } };
    const created = await cloudFrontResponseHeadersPolicy.create(context, { ResponseHeadersPolicyConfig: config });
    const saved = deployed('Headers', 'AWS::CloudFront::ResponseHeadersPolicy', { ResponseHeadersPolicyConfig: config }, created);
    const afterCreate = context.site.responseHeadersPolicies.get(created.physicalId);

    const updated = await cloudFrontResponseHeadersPolicy.update(context, saved, { ResponseHeadersPolicyConfig: { Comment: 'v2' } });
    const afterUpdate = context.site.responseHeadersPolicies.get(created.physicalId);
    const restarted = siteContext('Headers');
    await cloudFrontResponseHeadersPolicy.restore?.(restarted, saved);
    await cloudFrontResponseHeadersPolicy.delete(context, saved);

    assert.deepEqual(afterCreate, config);
    assert.equal(updated.physicalId, created.physicalId);
    assert.equal(updated.attributes['Id'], created.physicalId);
    assert.deepEqual(afterUpdate, { Comment: 'v2' });
    assert.deepEqual(restarted.site.responseHeadersPolicies.get(created.physicalId), config);
    assert.equal(context.site.responseHeadersPolicies.has(created.physicalId), false);
  });
});
