import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  ListChangeSetsCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  ValidateTemplateCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTableCommand, DynamoDBClient, PutItemCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { zipOf } from '../support/zip-of.js';
import { clientConfig, s3Config } from '../../src/aws/clients.js';
import { startEngine, type RunningEngine } from '../../src/local/engine.js';
import { waitFor } from '../support/wait-for.js';

const REGION = 'us-east-1';

/** DescribeStacks' answer once a stack is deleted is the error CloudFormation gives for a missing one; any other error is passed on. */
function stackGone(error: unknown): 'gone' {
  if (error instanceof Error && error.name === 'ValidationError' && / does not exist$/.test(error.message)) return 'gone';
  throw error;
}

/** A template using every supported intrinsic function and pseudo parameter. */
function template(codeKey: string, version: string): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'qrcard local engine test stack',
    Parameters: {
      Stage: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] },
      CodeBucket: { Type: 'String' },
      CodeKey: { Type: 'String' },
    },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
      IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      DevAndEu: { 'Fn::And': [{ Condition: 'IsDev' }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, REGION] }] },
      ProdOrEu: { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'DevAndEu' }] },
    },
    Resources: {
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          TableName: { 'Fn::Sub': '${AWS::StackName}-users' },
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'user_id', AttributeType: 'S' },
            { AttributeName: 'type', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'user_id', KeyType: 'HASH' },
            { AttributeName: 'type', KeyType: 'RANGE' },
          ],
        },
      },
      ProdOnlyTopic: { Type: 'AWS::SNS::Topic', Condition: 'IsProd' },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'card', 'requests']] } } },
      SiteBucket: { Type: 'AWS::S3::Bucket' },
      SitePolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'SiteBucket' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'cloudfront.amazonaws.com' },
                Action: 's3:GetObject',
                Resource: { 'Fn::Sub': ['${Arn}/*', { Arn: { 'Fn::GetAtt': ['SiteBucket', 'Arn'] } }] },
              },
            ],
          },
        },
      },
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
        },
      },
      RolePolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: { PolicyName: 'data', Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [] } },
      },
      Logs: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: { 'Fn::Sub': '/aws/lambda/${AWS::StackName}-reader' }, RetentionInDays: 7 },
      },
      Reader: {
        Type: 'AWS::Lambda::Function',
        DependsOn: ['Logs', 'RolePolicy'],
        Properties: {
          FunctionName: { 'Fn::Sub': '${AWS::StackName}-reader' },
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Timeout: 5,
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'CodeKey' } },
          Environment: {
            Variables: {
              T_TABLE: { Ref: 'Table' },
              T_TOPIC: { Ref: 'Topic' },
              T_VERSION: version,
              T_AZ: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
              T_PART: { 'Fn::Select': [1, { 'Fn::Split': ['-', 'a-b-c'] }] },
              T_BASE64: { 'Fn::Base64': 'qrcard' },
              T_STAGE: { 'Fn::If': ['IsProd', 'production', { Ref: 'AWS::NoValue' }] },
              T_EU: { 'Fn::If': ['ProdOrEu', 'yes', 'no'] },
              T_PSEUDO: {
                'Fn::Join': [
                  '|',
                  [{ Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }],
                ],
              },
              T_STACK_ID: { Ref: 'AWS::StackId' },
            },
          },
        },
      },
      ReaderInvokeConfig: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: { FunctionName: { Ref: 'Reader' }, Qualifier: '$LATEST', MaximumRetryAttempts: 2 },
      },
      TopicPermission: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: { Ref: 'Reader' },
          Principal: 'sns.amazonaws.com',
          SourceArn: { Ref: 'Topic' },
        },
      },
      TopicSubscription: {
        Type: 'AWS::SNS::Subscription',
        Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': ['Reader', 'Arn'] } },
      },
      Api: {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: { Name: 'test-api', ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['*'], AllowMethods: ['GET'] } },
      },
      ApiIntegration: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'Api' },
          IntegrationType: 'AWS_PROXY',
          PayloadFormatVersion: '2.0',
          IntegrationUri: { 'Fn::GetAtt': ['Reader', 'Arn'] },
        },
      },
      ApiRoute: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: {
          ApiId: { Ref: 'Api' },
          RouteKey: 'GET /users/{user_id}',
          Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'ApiIntegration' }]] },
        },
      },
      ApiStage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, StageName: 'api', AutoDeploy: true } },
      SiteAccess: {
        Type: 'AWS::CloudFront::OriginAccessControl',
        Properties: {
          OriginAccessControlConfig: {
            Name: 'site',
            OriginAccessControlOriginType: 's3',
            SigningBehavior: 'always',
            SigningProtocol: 'sigv4',
          },
        },
      },
      SecurityHeaders: {
        Type: 'AWS::CloudFront::ResponseHeadersPolicy',
        Properties: {
          ResponseHeadersPolicyConfig: {
            Name: 'security',
            SecurityHeadersConfig: { FrameOptions: { FrameOption: 'DENY', Override: true } },
          },
        },
      },
      Distribution: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Enabled: true,
            DefaultRootObject: 'index.html',
            Origins: [
              {
                Id: 'site',
                DomainName: { 'Fn::GetAtt': ['SiteBucket', 'RegionalDomainName'] },
                S3OriginConfig: {},
                OriginAccessControlId: { 'Fn::GetAtt': ['SiteAccess', 'Id'] },
              },
              {
                Id: 'api',
                DomainName: { 'Fn::Select': [1, { 'Fn::Split': ['://', { 'Fn::GetAtt': ['Api', 'ApiEndpoint'] }] }] },
                CustomOriginConfig: { OriginProtocolPolicy: 'https-only' },
              },
            ],
            DefaultCacheBehavior: {
              TargetOriginId: 'site',
              ViewerProtocolPolicy: 'redirect-to-https',
              ResponseHeadersPolicyId: { Ref: 'SecurityHeaders' },
            },
            CacheBehaviors: [{ PathPattern: '/api/*', TargetOriginId: 'api', ViewerProtocolPolicy: 'https-only' }],
          },
        },
      },
    },
    Outputs: {
      TableArn: { Value: { 'Fn::GetAtt': ['Table', 'Arn'] } },
      TopicName: { Value: { 'Fn::GetAtt': ['Topic', 'TopicName'] } },
      FunctionArn: { Value: { 'Fn::GetAtt': ['Reader', 'Arn'] } },
      SiteBucket: { Value: { Ref: 'SiteBucket' } },
      SiteUrl: { Value: { 'Fn::Sub': 'https://${Distribution.DomainName}' } },
      ApiEndpoint: { Value: { 'Fn::GetAtt': ['Api', 'ApiEndpoint'] } },
      ProdOnly: { Condition: 'IsProd', Value: { Ref: 'ProdOnlyTopic' } },
      CodeKey: { Value: codeKey },
    },
  });
}

describe('local CloudFormation through the AWS SDK', { timeout: 120_000 }, () => {
  let stateDir: string;
  let engine: RunningEngine;
  let cloudformation: CloudFormationClient;
  let dynamodb: DynamoDBClient;
  let s3: S3Client;
  let logs: CloudWatchLogsClient;
  let sns: SNSClient;
  let siteBucket = '';
  const stackName = 'qrcard-test';
  const parameters = (key: string) => [
    { ParameterKey: 'CodeBucket', ParameterValue: 'test-artifacts' },
    { ParameterKey: 'CodeKey', ParameterValue: key },
  ];

  const connect = () => {
    const target = { kind: 'local', endpoint: engine.endpoint, region: REGION } as const;
    cloudformation = new CloudFormationClient(clientConfig(target));
    dynamodb = new DynamoDBClient(clientConfig(target));
    s3 = new S3Client(s3Config(target));
    logs = new CloudWatchLogsClient(clientConfig(target));
    sns = new SNSClient(clientConfig(target));
  };

  async function functionLogLines(): Promise<string[]> {
    const events = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${stackName}-reader` }));
    return (events.events ?? []).map((event) => event.message ?? '');
  }

  async function waitForStack(name: string): Promise<Stack> {
    return waitFor(
      async () => (await cloudformation.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0],
      (seen): seen is Stack => seen !== undefined && !/_IN_PROGRESS$/.test(seen.StackStatus ?? ''),
      { what: `stack ${name} to finish its operation`, timeoutMs: 30_000, show: (seen) => seen?.StackStatus ?? 'no stack' },
    );
  }

  async function deployChangeSet(name: string, type: 'CREATE' | 'UPDATE', body: string, params: ReturnType<typeof parameters>) {
    const created = await cloudformation.send(
      new CreateChangeSetCommand({
        StackName: name,
        ChangeSetName: `cs-${Date.now()}`,
        ChangeSetType: type,
        TemplateBody: body,
        Parameters: params,
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    return cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
  }

  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'qrcard-cfn-'));
    engine = await startEngine({ stateDir, region: REGION, maxConcurrencyPerFunction: 2, log: () => {} });
    connect();
    const source = await readFile(new URL('../fixtures/functions/table-reader/index.mjs', import.meta.url), 'utf8');
    await s3.send(new CreateBucketCommand({ Bucket: 'test-artifacts' }));
    await s3.send(new PutObjectCommand({ Bucket: 'test-artifacts', Key: 'reader-v1.zip', Body: await zipOf({ 'index.mjs': source }) }));
    await s3.send(
      new PutObjectCommand({
        Bucket: 'test-artifacts',
        Key: 'reader-v2.zip',
        Body: await zipOf({ 'index.mjs': source, 'extra.txt': 'v2' }),
      }),
    );
  });

  after(async () => {
    await engine.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('creates a stack from a change set and resolves every intrinsic', async () => {
    const changeSet = await deployChangeSet(stackName, 'CREATE', template('reader-v1.zip', 'one'), parameters('reader-v1.zip'));

    assert.equal(changeSet.Status, 'CREATE_COMPLETE');
    assert.equal(changeSet.ExecutionStatus, 'AVAILABLE');
    const added = (changeSet.Changes ?? []).map((change) => change.ResourceChange?.LogicalResourceId).sort();
    assert.ok(!added.includes('ProdOnlyTopic'), 'a resource whose condition is false is not added');
    assert.equal(added.length, 18);
    assert.ok((changeSet.Changes ?? []).every((change) => change.ResourceChange?.Action === 'Add'));
    const { Stacks: review } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    assert.equal(review?.[0]?.StackStatus, 'REVIEW_IN_PROGRESS');

    await cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.ChangeSetId }));
    const stack = await waitForStack(stackName);

    assert.equal(stack.StackStatus, 'CREATE_COMPLETE', stack.StackStatusReason);
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue] as const));
    assert.equal(outputs['TableArn'], `arn:aws:dynamodb:${REGION}:000000000000:table/${stackName}-users`);
    assert.equal(outputs['TopicName'], `${stackName}-card-requests`);
    assert.equal(outputs['FunctionArn'], `arn:aws:lambda:${REGION}:000000000000:function:${stackName}-reader`);
    assert.match(outputs['SiteBucket'] ?? '', /^qrcard-test-sitebucket-[a-z0-9]{12}$/);
    assert.match(outputs['SiteUrl'] ?? '', /^https:\/\/d[a-z0-9]{13}\.cloudfront\.net$/);
    assert.match(outputs['ApiEndpoint'] ?? '', new RegExp(`^https://[a-z0-9]{10}\\.execute-api\\.${REGION}\\.amazonaws\\.com$`));
    assert.equal(outputs['ProdOnly'], undefined);
    siteBucket = outputs['SiteBucket'] ?? '';
    await s3.send(new HeadBucketCommand({ Bucket: siteBucket }));

    const result = await engine.runner.invoke(`${stackName}-reader`, {});
    assert.ok(result.ok);
    const env = (result.payload as { env: Record<string, string> }).env;
    assert.equal(env['T_TABLE'], `${stackName}-users`);
    assert.equal(env['T_TOPIC'], `arn:aws:sns:${REGION}:000000000000:${stackName}-card-requests`);
    assert.equal(env['T_AZ'], `${REGION}a`);
    assert.equal(env['T_PART'], 'b');
    assert.equal(env['T_BASE64'], Buffer.from('qrcard').toString('base64'));
    assert.equal(env['T_STAGE'], undefined);
    assert.equal(env['T_EU'], 'yes');
    assert.equal(env['T_PSEUDO'], `${REGION}|000000000000|aws|amazonaws.com`);
    assert.equal(env['T_STACK_ID'], stack.StackId);
  });

  it('routes the site URL through the deployed distribution and HTTP API, logging to the function group', async () => {
    await s3.send(new PutObjectCommand({ Bucket: siteBucket, Key: 'index.html', Body: '<h1>cards</h1>', ContentType: 'text/html' }));

    const response = await fetch(`${engine.siteUrl}/api/users/u-1`);
    const page = await fetch(`${engine.siteUrl}/`);
    const missing = await fetch(`${engine.siteUrl}/nothing.js`);

    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { items: number }).items, 0);
    assert.equal(page.status, 200);
    assert.equal(await page.text(), '<h1>cards</h1>');
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
    const messages = await functionLogLines();
    assert.ok(messages.some((message) => message.startsWith('START RequestId:')));
    assert.ok(messages.some((message) => message.startsWith('END RequestId:')));
    assert.ok(messages.some((message) => message.startsWith('REPORT RequestId:')));
  });

  it('delivers topic messages to the subscribed function', async () => {
    const before = (await functionLogLines()).filter((line) => line.startsWith('START')).length;

    await sns.send(
      new PublishCommand({ TopicArn: `arn:aws:sns:${REGION}:000000000000:${stackName}-card-requests`, Message: '{"user_id":"u-1"}' }),
    );
    await engine.services.sns.idle();

    const after = (await functionLogLines()).filter((line) => line.startsWith('START')).length;
    assert.equal(after, before + 1);
  });

  it('reports an unchanged template as an empty, failed change set', async () => {
    const changeSet = await deployChangeSet(stackName, 'UPDATE', template('reader-v1.zip', 'one'), parameters('reader-v1.zip'));

    assert.equal(changeSet.Status, 'FAILED');
    assert.equal(changeSet.ExecutionStatus, 'UNAVAILABLE');
    assert.equal(
      changeSet.StatusReason,
      "The submitted information didn't contain changes. Submit different information to create a change set.",
    );
    assert.deepEqual(changeSet.Changes ?? [], []);
  });

  it('updates only the changed function in place and keeps table items', async () => {
    await dynamodb.send(new PutItemCommand({ TableName: `${stackName}-users`, Item: { user_id: { S: 'u-1' }, type: { S: 'speaker' } } }));

    const changeSet = await deployChangeSet(stackName, 'UPDATE', template('reader-v1.zip', 'two'), parameters('reader-v2.zip'));

    const changes = (changeSet.Changes ?? []).map((change) => change.ResourceChange);
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.Action, 'Modify');
    assert.equal(changes[0]?.LogicalResourceId, 'Reader');
    assert.equal(changes[0]?.Replacement, 'False');
    assert.deepEqual(changes[0]?.Details?.map((detail) => detail.Target?.Name).sort(), ['Code', 'Environment']);

    await cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.ChangeSetId }));
    const stack = await waitForStack(stackName);

    assert.equal(stack.StackStatus, 'UPDATE_COMPLETE', stack.StackStatusReason);
    const result = await engine.runner.invoke(`${stackName}-reader`, {});
    assert.ok(result.ok);
    assert.deepEqual(
      { version: (result.payload as { version: string }).version, items: (result.payload as { items: number }).items },
      { version: 'two', items: 1 },
    );
    const page = await fetch(`${engine.siteUrl}/index.html`);
    assert.equal(await page.text(), '<h1>cards</h1>', 'bucket objects survive the update');
    const template2 = await cloudformation.send(new GetTemplateCommand({ StackName: stackName }));
    assert.match(template2.TemplateBody ?? '', /reader-v1\.zip/);
  });

  it('finds the stack and its functions again after an engine restart', async () => {
    await engine.stop();
    engine = await startEngine({ stateDir, region: REGION, log: () => {} });
    connect();

    const stack = await waitForStack(stackName);
    const result = await engine.runner.invoke(`${stackName}-reader`, {});
    const response = await fetch(`${engine.siteUrl}/api/users/u-1`);

    assert.equal(stack.StackStatus, 'UPDATE_COMPLETE');
    assert.ok(result.ok);
    assert.equal((result.payload as { items: number }).items, 1);
    assert.equal(response.status, 200);
    await response.arrayBuffer();
  });

  it('fails a stack with an unknown resource type and names the type', async () => {
    const body = JSON.stringify({
      Resources: { Queue: { Type: 'AWS::SNS::Topic' }, Thing: { Type: 'AWS::Foo::Bar', DependsOn: 'Queue' } },
    });
    const changeSet = await deployChangeSet('qrcard-broken', 'CREATE', body, []);
    await cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.ChangeSetId }));

    const stack = await waitForStack('qrcard-broken');
    const { StackEvents } = await cloudformation.send(new DescribeStackEventsCommand({ StackName: 'qrcard-broken' }));

    assert.equal(stack.StackStatus, 'ROLLBACK_COMPLETE');
    const failed = StackEvents?.find((event) => event.ResourceStatus === 'CREATE_FAILED');
    assert.equal(failed?.LogicalResourceId, 'Thing');
    assert.match(failed?.ResourceStatusReason ?? '', /AWS::Foo::Bar/);
    assert.ok(StackEvents?.some((event) => event.LogicalResourceId === 'Queue' && event.ResourceStatus === 'DELETE_COMPLETE'));
  });

  it('rolls a failed update back and keeps the stack usable', async () => {
    const broken = JSON.parse(template('reader-v1.zip', 'two')) as { Resources: Record<string, unknown> };
    broken.Resources['ExtraTopic'] = { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'qrcard-extra' } };
    broken.Resources['Broken'] = { Type: 'AWS::Foo::Bar', DependsOn: 'ExtraTopic' };
    const changeSet = await deployChangeSet(stackName, 'UPDATE', JSON.stringify(broken), parameters('reader-v2.zip'));
    await cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.ChangeSetId }));

    const stack = await waitForStack(stackName);
    const { StackEvents } = await cloudformation.send(new DescribeStackEventsCommand({ StackName: stackName }));
    const result = await engine.runner.invoke(`${stackName}-reader`, {});

    assert.equal(stack.StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
    assert.match(
      StackEvents?.find((event) => event.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS')?.ResourceStatusReason ?? '',
      /\[Broken\]/,
    );
    assert.ok(StackEvents?.some((event) => event.LogicalResourceId === 'ExtraTopic' && event.ResourceStatus === 'DELETE_COMPLETE'));
    assert.ok(result.ok);
    assert.equal((result.payload as { items: number }).items, 1);
  });

  it('answers for a missing stack the way CloudFormation does', async () => {
    await assert.rejects(cloudformation.send(new DescribeStacksCommand({ StackName: 'nope' })), (error: Error) => {
      assert.equal(error.name, 'ValidationError');
      assert.equal(error.message, 'Stack with id nope does not exist');
      return true;
    });
  });

  it('lists change sets not yet executed and deletes one; executing one deleted those before it', async () => {
    const empty = await deployChangeSet(stackName, 'UPDATE', template('reader-v1.zip', 'two'), parameters('reader-v2.zip'));

    const listed = await cloudformation.send(new ListChangeSetsCommand({ StackName: stackName }));

    // The earlier sets went when the failed update ran, and that executed one is not listed, as in CloudFormation.
    assert.deepEqual(
      listed.Summaries?.map((summary) => summary.ExecutionStatus),
      ['UNAVAILABLE'],
    );
    await cloudformation.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: empty.ChangeSetName }));
    const after = await cloudformation.send(new ListChangeSetsCommand({ StackName: stackName }));
    assert.equal(after.Summaries?.length, 0);
    await assert.rejects(cloudformation.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: empty.ChangeSetName })), {
      name: 'ChangeSetNotFoundException',
    });
  });

  it('validates templates given by TemplateURL and lists resources', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'test-artifacts', Key: 'templates/stack.json', Body: template('x', 'y') }));
    const validated = await cloudformation.send(
      new ValidateTemplateCommand({ TemplateURL: `${engine.endpoint}/test-artifacts/templates/stack.json` }),
    );
    const resources = await cloudformation.send(new ListStackResourcesCommand({ StackName: stackName }));

    assert.deepEqual(
      validated.Parameters?.map((parameter) => parameter.ParameterKey),
      ['Stage', 'CodeBucket', 'CodeKey'],
    );
    assert.deepEqual(validated.Capabilities, ['CAPABILITY_IAM']);
    assert.equal(resources.StackResourceSummaries?.length, 18);
  });

  it('deletes the stack and its resources', async () => {
    // As in AWS, a bucket must be empty before its stack can delete it.
    await s3.send(new DeleteObjectCommand({ Bucket: siteBucket, Key: 'index.html' }));
    await cloudformation.send(new DeleteStackCommand({ StackName: stackName }));
    await waitFor(
      () => cloudformation.send(new DescribeStacksCommand({ StackName: stackName })).then((found) => found.Stacks?.[0], stackGone),
      (stack) => {
        if (stack === 'gone') return true;
        assert.notEqual(stack?.StackStatus, 'DELETE_FAILED', stack?.StackStatusReason);
        return false;
      },
      {
        what: `stack ${stackName} to be deleted`,
        timeoutMs: 30_000,
        show: (stack) => (stack === 'gone' ? stack : (stack?.StackStatus ?? 'no stack')),
      },
    );

    await assert.rejects(dynamodb.send(new DescribeTableCommand({ TableName: `${stackName}-users` })), ResourceNotFoundException);
    assert.equal(engine.runner.has(`${stackName}-reader`), false);
    await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: siteBucket })), (error: S3ServiceException) => {
      assert.equal(error.name, 'NotFound');
      assert.equal(error.$metadata.httpStatusCode, 404);
      return true;
    });
  });
});
