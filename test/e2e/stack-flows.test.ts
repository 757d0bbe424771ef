// The deploy core's flows (deploy, destroy) against a real local engine in this process, where the engine
// produces the real thing: an empty change set, a first create left in ROLLBACK_COMPLETE, a refused table
// replacement, Retain on destroy. What only AWS does (throttling, credentials, object locks) stays on mocks
// in test/deploy. One engine, one stack, each step building on the state the one before left.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, s3Config } from '../../src/aws/clients.js';
import type { Target } from '../../src/aws/target.js';
import { defaultConfig } from '../../src/core/config.js';
import type { QrcardError } from '../../src/core/errors.js';
import { deploy, uploadCount, type DeployOptions } from '../../src/deploy/deploy-stack.js';
import type { DeployIo } from '../../src/deploy/deploy-io.js';
import { destroy } from '../../src/deploy/destroy.js';
import { startEngine, type RunningEngine } from '../../src/local/engine.js';
import type { CfnResource, CloudFormationTemplate } from '../../src/templates/cfn-types.js';
import { recordingOutput, type RecordedOutput } from '../deploy/fake-io.js';

const STACK = 'qrcard-flows';
const FAULTS_VARIABLE = 'QRCARD_LOCAL_FAULTS';

interface Shape {
  /** A fixed users table name; changing it replaces the table. */
  readonly tableName?: string;
  /** DeletionPolicy Retain on the users table and the cards bucket. */
  readonly retain?: boolean;
}

/** A small stage: a users table, a cards bucket and a site bucket, with the parameters deploy passes. */
function template(shape: Shape = {}): CloudFormationTemplate {
  const policy: Pick<CfnResource, 'DeletionPolicy'> = shape.retain ? { DeletionPolicy: 'Retain' } : {};
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'deploy flows against the local engine',
    Parameters: {
      ArtifactsBucket: { Type: 'String', Description: 'where the function zips are' },
      BrandingHash: { Type: 'String', Description: "the published branding's content hash", Default: 'none' },
    },
    Resources: {
      UsersTable: {
        Type: 'AWS::DynamoDB::Table',
        ...policy,
        Properties: {
          ...(shape.tableName ? { TableName: shape.tableName } : {}),
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'user_id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'user_id', KeyType: 'HASH' }],
        },
      },
      CardsBucket: { Type: 'AWS::S3::Bucket', ...policy },
      SiteBucket: { Type: 'AWS::S3::Bucket' },
    },
    Outputs: {
      SiteUrl: { Description: 'the site', Value: { 'Fn::Sub': 'http://${SiteBucket}.local' } },
      // A policy change alone plans no change, so the stage that keeps its data also says where it is.
      ...(shape.retain ? { UsersTableName: { Description: 'the users table, kept on destroy', Value: { Ref: 'UsersTable' } } } : {}),
    },
  };
}

describe('deploy and destroy flows against the local engine', { timeout: 120_000 }, () => {
  let stateDir: string;
  let engine: RunningEngine;
  let target: Target;
  let cloudformation: CloudFormationClient;
  let s3: S3Client;
  let dynamodb: DynamoDBClient;

  function options(shape: Shape = {}, extra: Partial<DeployOptions> = {}): DeployOptions {
    return {
      stackName: STACK,
      stage: 'flows',
      template: template(shape),
      artifacts: [],
      config: defaultConfig(),
      configDir: stateDir,
      ...extra,
    };
  }

  function io(confirm?: (message: string) => Promise<boolean>): DeployIo & { readonly output: RecordedOutput } {
    return {
      target,
      cloudformation,
      s3,
      output: recordingOutput(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
      ...(confirm ? { confirm } : {}),
    };
  }

  async function physicalId(logicalId: string): Promise<string> {
    const { StackResourceDetail } = await cloudformation.send(
      new DescribeStackResourceCommand({ StackName: STACK, LogicalResourceId: logicalId }),
    );
    return StackResourceDetail?.PhysicalResourceId ?? '';
  }

  async function eventCount(): Promise<number> {
    return (await cloudformation.send(new DescribeStackEventsCommand({ StackName: STACK }))).StackEvents?.length ?? 0;
  }

  async function changeSetNames(): Promise<string[]> {
    return ((await cloudformation.send(new ListChangeSetsCommand({ StackName: STACK }))).Summaries ?? []).map(
      (summary) => summary.ChangeSetName ?? '',
    );
  }

  async function userIds(table: string): Promise<string[]> {
    const { Items } = await dynamodb.send(new ScanCommand({ TableName: table }));
    return (Items ?? []).map((item) => item.user_id?.S ?? '?').sort();
  }

  before(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), 'qrcard-stack-flows-'));
    // The engine reads its faults when it starts: the first create of UsersTable fails, once.
    process.env[FAULTS_VARIABLE] = 'create:UsersTable';
    try {
      engine = await startEngine({ stateDir, log: () => {} });
    } finally {
      delete process.env[FAULTS_VARIABLE];
    }
    target = { kind: 'local', endpoint: engine.endpoint, region: 'us-east-1' };
    cloudformation = new CloudFormationClient(clientConfig(target));
    s3 = new S3Client(s3Config(target));
    dynamodb = new DynamoDBClient(clientConfig(target));
  });

  after(async () => {
    cloudformation?.destroy();
    s3?.destroy();
    dynamodb?.destroy();
    await engine?.stop();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('a first create that fails is a failed result, root cause first with the handler message unwrapped', async () => {
    const result = await deploy(options(), io());

    assert.equal(result.kind, 'failed');
    assert.ok(result.kind === 'failed');
    assert.equal(result.analysis.finalStatus, 'ROLLBACK_COMPLETE');
    assert.equal(result.analysis.rootCause?.logicalId, 'UsersTable');
    assert.equal(
      result.analysis.rootCause?.reason,
      'Fault injected by QRCARD_LOCAL_FAULTS=create:UsersTable: create refused (GeneralServiceException)',
    );
  });

  it('a first create left in ROLLBACK_COMPLETE is deleted with a notice and created again', async () => {
    const { StackEvents: before = [] } = await cloudformation.send(new DescribeStackEventsCommand({ StackName: STACK }));
    const oldStackId = before[0]?.StackId;
    const recorded = io();

    const result = await deploy(options(), recorded);

    assert.equal(result.kind, 'deployed', recorded.output.lines.join('\n'));
    assert.ok(
      recorded.output.lines.some((line) => line.startsWith('warn') && /ROLLBACK_COMPLETE.*deleting it and creating it again/.test(line)),
      recorded.output.lines.join('\n'),
    );
    const { StackEvents: after = [] } = await cloudformation.send(new DescribeStackEventsCommand({ StackName: STACK }));
    assert.notEqual(after[0]?.StackId, oldStackId, 'a new stack, not the rolled-back one');
    assert.ok(after.some((event) => event.LogicalResourceId === STACK && event.ResourceStatus === 'CREATE_COMPLETE'));
  });

  it('an empty change set is a successful no-op: deleted, not executed, nothing uploaded', async () => {
    const events = await eventCount();

    const result = await deploy(options(), io());

    assert.equal(result.kind, 'no-changes');
    assert.ok(result.kind === 'no-changes');
    assert.equal(uploadCount(result.uploads), 0);
    assert.match(result.outputs.SiteUrl ?? '', /^http:\/\/\S+\.local$/);
    assert.deepEqual(await changeSetNames(), [], 'the empty change set was deleted');
    assert.equal(await eventCount(), events, 'nothing was executed');
  });

  it('a change that replaces the users table is refused without a terminal, declined on one, and nothing changes', async () => {
    const table = await physicalId('UsersTable');
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: { user_id: { S: 'ana' } } }));
    const events = await eventCount();

    await assert.rejects(deploy(options({ tableName: 'qrcard-flows-users-v2' }), io()), (error: QrcardError) => {
      assert.equal(error.code, 'confirmation-required');
      assert.equal(error.message, 'this deploy deletes or replaces stored data and there is no terminal to confirm on');
      assert.deepEqual(error.details, ['UsersTable (AWS::DynamoDB::Table): replaced by an empty one, and its data deleted']);
      assert.equal(error.hint, 'review the changes with `qrcard diff`, then deploy again with --yes');
      return true;
    });
    const asked: string[] = [];
    const declined = await deploy(
      options({ tableName: 'qrcard-flows-users-v2' }, { canPrompt: true }),
      io((message) => (asked.push(message), Promise.resolve(false))),
    );

    assert.equal(declined.kind, 'declined');
    assert.match(asked[0] ?? '', /UsersTable \(AWS::DynamoDB::Table\): replaced by an empty one, and its data deleted/);
    assert.deepEqual(await changeSetNames(), [], 'both change sets were removed');
    assert.equal(await eventCount(), events, 'nothing was executed');
    assert.equal(await physicalId('UsersTable'), table);
    assert.deepEqual(await userIds(table), ['ana']);
  });

  it('destroy refuses without a terminal or --yes, and declining on one deletes nothing', async () => {
    const events = await eventCount();

    await assert.rejects(destroy({ stackName: STACK }, io()), (error: QrcardError) => {
      assert.equal(error.code, 'confirmation-required');
      assert.equal(error.hint, 'run it again with --yes');
      return true;
    });
    const declined = await destroy(
      { stackName: STACK, canPrompt: true },
      io(() => Promise.resolve(false)),
    );

    assert.equal(declined.kind, 'declined');
    assert.equal(await eventCount(), events, 'no deletion started');
    assert.deepEqual(await userIds(await physicalId('UsersTable')), ['ana']);
  });

  it('destroy --yes empties the buckets it deletes, keeps the Retain ones with their data, and names them', async () => {
    const retained = await deploy(options({ retain: true }), io());
    assert.equal(retained.kind, 'deployed');
    const [table, cards, site] = [await physicalId('UsersTable'), await physicalId('CardsBucket'), await physicalId('SiteBucket')];
    await s3.send(new PutObjectCommand({ Bucket: cards, Key: 'cards/ana/attendee.png', Body: 'png' }));
    await s3.send(new PutObjectCommand({ Bucket: site, Key: 'index.html', Body: '<html>' }));
    await s3.send(new PutObjectCommand({ Bucket: site, Key: 'app.js', Body: '//' }));

    const result = await destroy({ stackName: STACK, yes: true }, io());

    assert.equal(result.kind, 'destroyed');
    assert.ok(result.kind === 'destroyed');
    assert.deepEqual(result.stack.emptied, [{ bucket: site, deleted: 2 }], 'the retained cards bucket is not emptied');
    assert.deepEqual(
      [...result.stack.kept].sort((a, b) => a.logicalId.localeCompare(b.logicalId)),
      [
        { logicalId: 'CardsBucket', type: 'AWS::S3::Bucket', physicalId: cards },
        { logicalId: 'UsersTable', type: 'AWS::DynamoDB::Table', physicalId: table },
      ],
    );
    assert.deepEqual(await userIds(table), ['ana']);
    assert.equal((await dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus, 'ACTIVE');
    const kept = await s3.send(new ListObjectsV2Command({ Bucket: cards }));
    assert.deepEqual(
      kept.Contents?.map((object) => object.Key),
      ['cards/ana/attendee.png'],
    );
    await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: site })), { name: 'NoSuchBucket' });
  });

  it('destroying a stack that does not exist is reported, not an error', async () => {
    const result = await destroy({ stackName: STACK, yes: true }, io());

    assert.ok(result.kind === 'destroyed');
    assert.equal(result.stack.existed, false);
    assert.deepEqual(result.stack.kept, []);
  });
});
