// Our own checks on the synthesized template: least privilege, private buckets, logs, references, retention.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import * as z from 'zod';
import { configSchema, type ConfigInput } from '../../src/core/config.js';
import { FUNCTION_IDS, functionName } from '../../src/core/naming.js';
import { buildTemplate } from '../../src/templates/build-template.js';
import { formatTemplate } from '../../src/templates/format-template.js';
import { functionLogicalIds, LOGICAL_IDS, PARAMETERS } from '../../src/templates/logical-ids.js';
import { OUTPUT_NAMES } from '../../src/templates/outputs.js';
import { QrcardError } from '../../src/core/errors.js';
import {
  collectReferences,
  numberProp,
  permissionStatements,
  policyStatements,
  prop,
  propAs,
  PSEUDO_PARAMETERS,
  resource,
  resourcesOfType,
  stringProp,
  type PolicyStatementFound,
} from './template-inspection.js';

const build = (stage: string, config: ConfigInput = {}) => buildTemplate({ config: configSchema.parse(config), stage });
const VARIANTS = [build('dev'), build('prod'), build('qa', { retainData: true, architecture: 'x86_64' })];

/** The first statement of `statements` with effect `effect`; fails loudly when there is none. */
function statementWithEffect(statements: readonly PolicyStatementFound[], effect: 'Allow' | 'Deny'): PolicyStatementFound {
  const found = statements.find((statement) => statement.Effect === effect);
  if (!found) throw new Error(`no ${effect} statement among ${JSON.stringify(statements)}`);
  return found;
}

// The shapes of the properties the tests below look into; fields they only compare stay `unknown`.
const lifecycleRulesSchema = z.array(
  z.looseObject({ NoncurrentVersionExpiration: z.looseObject({ NoncurrentDays: z.number() }).optional() }),
);
const originSchema = z.looseObject({ Id: z.string(), CustomOriginConfig: z.looseObject({}).optional() });
const cacheBehaviorSchema = z.looseObject({ AllowedMethods: z.array(z.string()) });
const distributionConfigSchema = z.looseObject({
  DefaultCacheBehavior: z.looseObject({}),
  CacheBehaviors: z.tuple([cacheBehaviorSchema], cacheBehaviorSchema),
  Origins: z.array(originSchema),
});
const securityHeadersSchema = z.looseObject({
  ContentSecurityPolicy: z.looseObject({ ContentSecurityPolicy: z.string() }),
  StrictTransportSecurity: z.looseObject({ AccessControlMaxAgeSec: z.number() }),
  FrameOptions: z.looseObject({}),
  ReferrerPolicy: z.looseObject({}),
});

/** The origin of a distribution with id `id`; fails loudly when there is none. */
function originWithId(origins: readonly z.infer<typeof originSchema>[], id: string): z.infer<typeof originSchema> {
  const found = origins.find((origin) => origin.Id === id);
  if (!found) throw new Error(`no origin ${id}`);
  return found;
}

describe('template: IAM least privilege', () => {
  it('grants no wildcard action and no "*" resource in any Allow statement', () => {
    for (const template of VARIANTS) {
      const allows = permissionStatements(template).filter((statement) => statement.Effect === 'Allow');
      assert.ok(allows.length >= 10, 'expected the roles and the site bucket policy to be found');
      for (const statement of allows) {
        for (const action of statement.Action) assert.ok(!action.includes('*'), `${statement.owner} allows ${action}`);
        assert.notEqual(statement.Resource, undefined, `${statement.owner} ${statement.Sid} has no Resource`);
        assert.ok(!JSON.stringify(statement.Resource).match(/"\*"/), `${statement.owner} ${statement.Sid} allows Resource "*"`);
      }
    }
  });

  it('uses wildcards only in the deny-insecure-transport statements, and no Resource "*" there either', () => {
    const denies = permissionStatements(build('dev')).filter((statement) => statement.Effect === 'Deny');
    assert.equal(denies.length, 3);
    for (const statement of denies) {
      assert.deepEqual(statement.Action, ['s3:*']);
      assert.deepEqual(statement.Condition, { Bool: { 'aws:SecureTransport': 'false' } });
      assert.ok(!JSON.stringify(statement.Resource).match(/"\*"/));
    }
  });

  it('gives each function exactly the actions its handler calls, on exactly its resources', () => {
    const template = build('dev');
    const table = { 'Fn::GetAtt': ['UsersTable', 'Arn'] };
    const logs = (fn: (typeof FUNCTION_IDS)[number]) => ({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resource: { 'Fn::GetAtt': [functionLogicalIds(fn).logGroup, 'Arn'] },
    });
    const expected = {
      'register-user': [
        { actions: ['dynamodb:PutItem'], resource: table },
        { actions: ['sns:Publish'], resource: { Ref: 'CardRequestsTopic' } },
        logs('register-user'),
      ],
      'get-user': [
        { actions: ['dynamodb:GetItem', 'dynamodb:Query'], resource: table },
        { actions: ['s3:GetObject'], resource: { 'Fn::Sub': '${CardsBucket.Arn}/cards/*' } },
        logs('get-user'),
      ],
      'render-card': [
        { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resource: table },
        { actions: ['s3:PutObject'], resource: { 'Fn::Sub': '${CardsBucket.Arn}/cards/*' } },
        { actions: ['s3:GetObject'], resource: { 'Fn::Sub': '${AssetsBucket.Arn}/branding/*' } },
        logs('render-card'),
      ],
    };
    for (const fn of FUNCTION_IDS) {
      const granted = permissionStatements(template)
        .filter((statement) => statement.owner === functionLogicalIds(fn).role)
        .map((statement) => ({ actions: [...statement.Action], resource: statement.Resource }));
      assert.deepEqual(granted, expected[fn], fn);
    }
  });

  it('lets only the Lambda service assume each role, one role per function', () => {
    const template = build('dev');
    const roles = resourcesOfType(template, 'AWS::IAM::Role');
    assert.deepEqual(roles.map(([id]) => id).sort(), FUNCTION_IDS.map((fn) => functionLogicalIds(fn).role).sort());
    for (const fn of FUNCTION_IDS) {
      const ids = functionLogicalIds(fn);
      assert.deepEqual(prop(resource(template, ids.function), 'Role'), { 'Fn::GetAtt': [ids.role, 'Arn'] });
      const trust = policyStatements(resource(template, ids.role), 'AssumeRolePolicyDocument');
      assert.deepEqual(trust, [
        { Sid: 'LambdaAssumesRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['sts:AssumeRole'] },
      ]);
      assert.equal(prop(resource(template, ids.role), 'ManagedPolicyArns'), undefined, 'no managed policies');
    }
  });
});

describe('template: buckets', () => {
  for (const [name, template] of [
    ['dev', build('dev')],
    ['prod', build('prod')],
  ] as const) {
    it(`blocks public access, encrypts, enforces ownership and denies plain HTTP on every bucket (${name})`, () => {
      const buckets = resourcesOfType(template, 'AWS::S3::Bucket');
      assert.deepEqual(buckets.map(([id]) => id).sort(), ['AssetsBucket', 'CardsBucket', 'SiteBucket']);
      const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy');
      for (const [id, bucket] of buckets) {
        assert.deepEqual(prop(bucket, 'PublicAccessBlockConfiguration'), {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        assert.deepEqual(prop(bucket, 'BucketEncryption'), {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        });
        assert.deepEqual(prop(bucket, 'OwnershipControls'), { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
        assert.equal(prop(bucket, 'WebsiteConfiguration'), undefined);
        const policy = policies.find(([, candidate]) => JSON.stringify(prop(candidate, 'Bucket')) === JSON.stringify({ Ref: id }));
        assert.ok(policy, `${id} has a bucket policy`);
        const tlsOnly = statementWithEffect(policyStatements(policy[1], 'PolicyDocument'), 'Deny');
        assert.deepEqual(tlsOnly.Resource, [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Sub': `\${${id}.Arn}/*` }]);
        assert.equal(tlsOnly.Principal, '*');
      }
    });
  }

  it('versions the cards bucket only when data is retained, and then expires old versions', () => {
    const prodCards = resource(build('prod'), 'CardsBucket');
    assert.deepEqual(prop(prodCards, 'VersioningConfiguration'), { Status: 'Enabled' });
    const rules = propAs(lifecycleRulesSchema, prodCards, 'LifecycleConfiguration', 'Rules');
    assert.ok(rules.some((rule) => rule.Status === 'Enabled' && (rule.NoncurrentVersionExpiration?.NoncurrentDays ?? 0) > 0));
    const devCards = resource(build('dev'), 'CardsBucket');
    assert.equal(prop(devCards, 'VersioningConfiguration'), undefined);
    assert.ok(!propAs(lifecycleRulesSchema, devCards, 'LifecycleConfiguration', 'Rules').some((rule) => rule.NoncurrentVersionExpiration));
  });

  it('lets only this distribution read the site bucket, through origin access control', () => {
    const template = build('dev');
    const read = statementWithEffect(policyStatements(resource(template, 'SiteBucketPolicy'), 'PolicyDocument'), 'Allow');
    assert.deepEqual(read.Principal, { Service: 'cloudfront.amazonaws.com' });
    assert.deepEqual(read.Action, ['s3:GetObject']);
    assert.deepEqual(read.Condition, {
      StringEquals: {
        'AWS:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${SiteDistribution}' },
      },
    });
    const origins = propAs(z.array(originSchema), resource(template, 'SiteDistribution'), 'DistributionConfig', 'Origins');
    const site = originWithId(origins, 'site');
    assert.deepEqual(site.DomainName, { 'Fn::GetAtt': ['SiteBucket', 'RegionalDomainName'] });
    assert.deepEqual(site.OriginAccessControlId, { 'Fn::GetAtt': ['SiteOriginAccessControl', 'Id'] });
    assert.deepEqual(site.S3OriginConfig, { OriginAccessIdentity: '' });
  });

  it('lets only this distribution read the cards (and nothing else of the cards bucket), through /cards/* without an edge cache', () => {
    const template = build('dev');
    const read = statementWithEffect(policyStatements(resource(template, 'CardsBucketPolicy'), 'PolicyDocument'), 'Allow');
    assert.deepEqual(read.Principal, { Service: 'cloudfront.amazonaws.com' });
    assert.deepEqual(read.Action, ['s3:GetObject']);
    assert.deepEqual(read.Resource, { 'Fn::Sub': '${CardsBucket.Arn}/cards/*' });
    assert.deepEqual(read.Condition, {
      StringEquals: {
        'AWS:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${SiteDistribution}' },
      },
    });
    const config = propAs(distributionConfigSchema, resource(template, 'SiteDistribution'), 'DistributionConfig');
    const cardsOrigin = originWithId(config.Origins, 'cards');
    assert.deepEqual(cardsOrigin.DomainName, { 'Fn::GetAtt': ['CardsBucket', 'RegionalDomainName'] });
    assert.deepEqual(cardsOrigin.OriginAccessControlId, { 'Fn::GetAtt': ['SiteOriginAccessControl', 'Id'] });
    const cards = config.CacheBehaviors.find((behavior) => behavior.PathPattern === '/cards/*');
    assert.ok(cards, 'a /cards/* behavior');
    assert.equal(cards.TargetOriginId, 'cards');
    assert.deepEqual(cards.AllowedMethods, ['GET', 'HEAD']);
    assert.equal(cards.CachePolicyId, '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', 'managed CachingDisabled');
    assert.deepEqual(cards.ResponseHeadersPolicyId, { Ref: 'SecurityHeadersPolicy' });
  });
});

describe('template: functions and logs', () => {
  it('gives every function a log group /aws/lambda/<FunctionName> with the configured retention', () => {
    const template = build('staging', { app: 'badges', logRetentionDays: 14, architecture: 'x86_64' });
    for (const fn of FUNCTION_IDS) {
      const ids = functionLogicalIds(fn);
      const lambda = resource(template, ids.function);
      const name = stringProp(lambda, 'FunctionName');
      assert.equal(name, functionName('badges', 'staging', fn));
      assert.deepEqual(prop(lambda, 'LoggingConfig'), { LogGroup: { Ref: ids.logGroup } });
      assert.equal(prop(resource(template, ids.logGroup), 'LogGroupName'), `/aws/lambda/${name}`);
      assert.equal(prop(resource(template, ids.logGroup), 'RetentionInDays'), 14);
      assert.deepEqual(prop(lambda, 'Architectures'), ['x86_64']);
      assert.equal(prop(lambda, 'Runtime'), 'nodejs22.x');
      assert.equal(prop(lambda, 'Handler'), 'index.handler');
      assert.deepEqual(prop(lambda, 'Code'), { S3Bucket: { Ref: PARAMETERS.artifactsBucket }, S3Key: { Ref: PARAMETERS.codeKey[fn] } });
    }
    for (const [id, group] of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
      assert.equal(prop(group, 'RetentionInDays'), 14, id);
    }
  });

  it('follows the configured architecture and gives render-card the most memory', () => {
    const template = build('dev');
    const memory = (fn: (typeof FUNCTION_IDS)[number]) => numberProp(resource(template, functionLogicalIds(fn).function), 'MemorySize');
    assert.deepEqual(prop(resource(template, 'RenderCardFunction'), 'Architectures'), ['arm64']);
    assert.ok(memory('render-card') >= 1024);
    assert.ok(memory('render-card') > memory('register-user') && memory('render-card') > memory('get-user'));
  });

  it('sets the environment variables of the contract, and no others', () => {
    const template = build('qa', {
      cardTypes: [
        { id: 'guest', label: 'GUEST', accent: '#000000' },
        { id: 'host', label: 'HOST', accent: '#ffffff' },
      ],
      defaultCountry: 'KR',
    });
    const env = (fn: (typeof FUNCTION_IDS)[number]) =>
      prop(resource(template, functionLogicalIds(fn).function), 'Environment', 'Variables');
    const common = { TABLE_NAME: { Ref: 'UsersTable' }, POWERTOOLS_SERVICE_NAME: 'qrcard', LOG_LEVEL: 'INFO', STAGE: 'qa' };
    assert.deepEqual(env('register-user'), {
      ...common,
      TOPIC_ARN: { Ref: 'CardRequestsTopic' },
      CARD_TYPES: 'guest,host',
      DEFAULT_COUNTRY: 'KR',
    });
    assert.deepEqual(env('get-user'), { ...common, CARDS_BUCKET: { Ref: 'CardsBucket' }, CARD_URL_TTL_SECONDS: '300' });
    assert.deepEqual(env('render-card'), {
      ...common,
      CARDS_BUCKET: { Ref: 'CardsBucket' },
      ASSETS_BUCKET: { Ref: 'AssetsBucket' },
      BRANDING_KEY: 'branding/branding.json',
      BRANDING_HASH: { Ref: 'BrandingHash' },
    });
  });

  it('bounds render-card retries and event age, and wires SNS to it with a scoped permission', () => {
    const template = build('dev');
    const invokeConfig = resource(template, LOGICAL_IDS.renderCardEventInvokeConfig);
    assert.deepEqual(prop(invokeConfig, 'FunctionName'), { Ref: 'RenderCardFunction' });
    assert.ok(numberProp(invokeConfig, 'MaximumRetryAttempts') <= 2);
    assert.ok(numberProp(invokeConfig, 'MaximumEventAgeInSeconds') <= 6 * 3600);
    assert.equal(prop(resource(template, 'CardRequestsTopic'), 'KmsMasterKeyId'), 'alias/aws/sns');
    assert.deepEqual(resource(template, 'CardRequestsSubscription').Properties, {
      TopicArn: { Ref: 'CardRequestsTopic' },
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': ['RenderCardFunction', 'Arn'] },
    });
    assert.deepEqual(resource(template, 'CardRequestsInvokePermission').Properties, {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': ['RenderCardFunction', 'Arn'] },
      Principal: 'sns.amazonaws.com',
      SourceArn: { Ref: 'CardRequestsTopic' },
    });
  });
});

describe('template: HTTP API and distribution', () => {
  it('routes the three API paths to the right functions with payload 2.0, throttled from config, with access logs', () => {
    const template = build('dev', { api: { rateLimit: 7, burstLimit: 9 } });
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => [
      prop(route, 'RouteKey'),
      prop(route, 'Target'),
    ]);
    assert.deepEqual(routes.sort(), [
      ['GET /api/users/{user_id}', { 'Fn::Sub': 'integrations/${GetUserIntegration}' }],
      ['GET /api/users/{user_id}/{type}', { 'Fn::Sub': 'integrations/${GetUserIntegration}' }],
      ['POST /api/users', { 'Fn::Sub': 'integrations/${RegisterUserIntegration}' }],
    ]);
    for (const fn of ['register-user', 'get-user'] as const) {
      const integration = resource(template, functionLogicalIds(fn).integration);
      assert.equal(prop(integration, 'PayloadFormatVersion'), '2.0');
      assert.deepEqual(prop(integration, 'IntegrationUri'), { 'Fn::GetAtt': [functionLogicalIds(fn).function, 'Arn'] });
    }
    const stage = resource(template, 'HttpApiStage');
    assert.equal(prop(stage, 'StageName'), '$default');
    assert.equal(prop(stage, 'AutoDeploy'), true);
    assert.deepEqual(prop(stage, 'DefaultRouteSettings'), { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 });
    assert.match(JSON.stringify(prop(stage, 'AccessLogSettings', 'DestinationArn')), /\$\{HttpApiAccessLogGroup\}/);
    assert.doesNotThrow(() => JSON.parse(stringProp(stage, 'AccessLogSettings', 'Format')));
    assert.equal(prop(resource(template, 'HttpApi'), 'CorsConfiguration'), undefined, 'the site calls the API same-origin');
    const apiPermissions = resourcesOfType(template, 'AWS::Lambda::Permission').filter(
      ([, p]) => prop(p, 'Principal') === 'apigateway.amazonaws.com',
    );
    assert.deepEqual(apiPermissions.map(([, p]) => stringProp(p, 'SourceArn', 'Fn::Sub').split(':').at(-1)).sort(), [
      '${HttpApi}/*/GET/api/users/*',
      '${HttpApi}/*/GET/api/users/*/*',
      '${HttpApi}/*/POST/api/users',
    ]);
  });

  it('serves the site over HTTPS with index.html, sends /api/* uncached to the API, and adds security headers', () => {
    const template = build('dev');
    const config = propAs(distributionConfigSchema, resource(template, 'SiteDistribution'), 'DistributionConfig');
    assert.equal(config.DefaultRootObject, 'index.html');
    assert.equal(config.DefaultCacheBehavior.ViewerProtocolPolicy, 'redirect-to-https');
    assert.equal(config.DefaultCacheBehavior.TargetOriginId, 'site');
    const [api, cards, ...others] = config.CacheBehaviors;
    assert.equal(others.length, 0);
    assert.equal(cards?.PathPattern, '/cards/*');
    assert.equal(api.PathPattern, '/api/*');
    assert.equal(api.TargetOriginId, 'api');
    assert.equal(api.ViewerProtocolPolicy, 'redirect-to-https');
    assert.equal(api.CachePolicyId, '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', 'managed CachingDisabled');
    assert.equal(api.OriginRequestPolicyId, 'b689b0a8-53d0-40ab-baf2-68738e2966ac', 'managed AllViewerExceptHostHeader');
    assert.ok(api.AllowedMethods.includes('POST'));
    const apiOrigin = originWithId(config.Origins, 'api');
    assert.equal(apiOrigin.CustomOriginConfig?.OriginProtocolPolicy, 'https-only');
    const headers = propAs(
      securityHeadersSchema,
      resource(template, 'SecurityHeadersPolicy'),
      'ResponseHeadersPolicyConfig',
      'SecurityHeadersConfig',
    );
    assert.match(headers.ContentSecurityPolicy.ContentSecurityPolicy, /default-src 'self'.*frame-ancestors 'none'/);
    // Card images come through the site's own /cards/ path, so the page shows images from itself only.
    assert.match(headers.ContentSecurityPolicy.ContentSecurityPolicy, /(^|; )img-src 'self' data: blob:;/);
    assert.ok(headers.StrictTransportSecurity.AccessControlMaxAgeSec >= 31_536_000);
    assert.deepEqual(headers.ContentTypeOptions, { Override: true });
    assert.equal(headers.FrameOptions.FrameOption, 'DENY');
    assert.ok(headers.ReferrerPolicy.ReferrerPolicy);
    assert.deepEqual(config.DefaultCacheBehavior.ResponseHeadersPolicyId, { Ref: 'SecurityHeadersPolicy' });
  });
});

describe('template: structure', () => {
  it('references only resources, parameters and pseudo parameters that exist', () => {
    for (const template of VARIANTS) {
      const known = new Set([...Object.keys(template.Resources), ...Object.keys(template.Parameters), ...PSEUDO_PARAMETERS]);
      const references = collectReferences(template);
      assert.ok(references.length > 40);
      const dangling = references.filter((reference) => !known.has(reference.target));
      assert.deepEqual(dangling, []);
      for (const id of Object.keys(template.Resources)) {
        for (const dependency of template.Resources[id]?.DependsOn ?? []) assert.ok(known.has(dependency), `${id} DependsOn ${dependency}`);
      }
    }
  });

  it('uses every parameter, and declares the outputs of the contract', () => {
    const template = build('dev');
    const used = new Set(collectReferences(template).map((reference) => reference.target));
    for (const parameter of Object.keys(template.Parameters)) assert.ok(used.has(parameter), `${parameter} unused`);
    assert.deepEqual(Object.keys(template.Parameters), [
      'ArtifactsBucket',
      'RegisterUserCodeKey',
      'GetUserCodeKey',
      'RenderCardCodeKey',
      'BrandingHash',
    ]);
    for (const name of [
      'SiteUrl',
      'ApiUrl',
      'UsersTableName',
      'CardRequestsTopicArn',
      'CardsBucketName',
      'AssetsBucketName',
      'SiteBucketName',
    ]) {
      assert.ok(name in template.Outputs, name);
    }
    assert.deepEqual(Object.keys(template.Outputs), [...OUTPUT_NAMES]);
  });

  const retention: Array<[string, ConfigInput, boolean]> = [
    ['prod', {}, true],
    ['production', {}, true],
    ['eu-prod', {}, true],
    ['dev', {}, false],
    ['product', {}, false],
    ['dev', { retainData: true }, true],
    ['prod', { retainData: false }, false],
  ];
  for (const [stage, config, retained] of retention) {
    it(`${retained ? 'retains' : 'does not retain'} the data for stage ${stage} with ${JSON.stringify(config)}`, () => {
      const template = build(stage, config);
      const retainedIds = Object.entries(template.Resources)
        .filter(([, r]) => r.DeletionPolicy === 'Retain' || r.UpdateReplacePolicy === 'Retain')
        .map(([id]) => id);
      assert.deepEqual(retainedIds.sort(), retained ? ['CardsBucket', 'UsersTable'] : []);
      if (retained) {
        for (const id of retainedIds) assert.equal(template.Resources[id]?.UpdateReplacePolicy, 'Retain');
      }
      assert.equal(prop(resource(template, 'UsersTable'), 'DeletionProtectionEnabled'), retained);
    });
  }

  it('has the users table schema, on-demand billing, recovery and encryption', () => {
    const table = resource(build('dev'), 'UsersTable');
    assert.deepEqual(prop(table, 'KeySchema'), [
      { AttributeName: 'user_id', KeyType: 'HASH' },
      { AttributeName: 'type', KeyType: 'RANGE' },
    ]);
    assert.deepEqual(prop(table, 'AttributeDefinitions'), [
      { AttributeName: 'user_id', AttributeType: 'S' },
      { AttributeName: 'type', AttributeType: 'S' },
    ]);
    assert.equal(prop(table, 'BillingMode'), 'PAY_PER_REQUEST');
    assert.deepEqual(prop(table, 'PointInTimeRecoverySpecification'), { PointInTimeRecoveryEnabled: true });
    assert.deepEqual(prop(table, 'SSESpecification'), { SSEEnabled: true });
  });

  it('tags taggable resources with app and stage', () => {
    const template = build('qa', { app: 'badges' });
    for (const id of ['UsersTable', 'CardRequestsTopic', 'RenderCardFunction', 'RenderCardRole', 'CardsBucket', 'SiteDistribution']) {
      assert.deepEqual(
        prop(resource(template, id), 'Tags'),
        [
          { Key: 'app', Value: 'badges' },
          { Key: 'stage', Value: 'qa' },
        ],
        id,
      );
    }
    assert.deepEqual(prop(resource(template, 'HttpApi'), 'Tags'), { app: 'badges', stage: 'qa' });
  });

  it('is deterministic and survives a YAML round trip unchanged', () => {
    const template = build('prod');
    assert.deepEqual(build('prod'), template);
    assert.deepEqual(parse(formatTemplate(template, 'yaml')), template);
    assert.deepEqual(JSON.parse(formatTemplate(template, 'json')), template);
  });

  it('rejects a stage that breaks the naming rules', () => {
    assert.throws(
      () => build('Prod_1'),
      (error: unknown) => error instanceof QrcardError && error.code === 'usage' && /invalid stage "Prod_1"/.test(error.message),
    );
  });
});
