// Deploy paths no local service produces, against mocked clients answering in AWS's own response shapes:
// client tokens, throttling, runs of failures from a real stack, credentials and permissions. The flows the
// local engine produces for real (empty change set, ROLLBACK_COMPLETE, a refused table replacement) are
// tested against it in test/e2e/stack-flows.test.ts and test/e2e/failure-paths.test.ts.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type ResourceStatus,
  type Stack,
  type StackEvent,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { defaultConfig } from '../../src/core/config.js';
import type { QrcardError } from '../../src/core/errors.js';
import { withAwsErrors } from '../../src/deploy/aws-errors.js';
import { deploy, type DeployOptions } from '../../src/deploy/deploy-stack.js';
import { prepareBranding } from '../../src/deploy/publish-branding.js';
import { cfnError, s3Error, testIo } from './fake-io.js';

const cfn = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);
const STACK = 'qrcard-dev';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/qrcard-dev/5c1e7a10-0000-11f0-8000-0a1b2c3d4e5f';
const CHANGE_SET_ID = 'arn:aws:cloudformation:us-east-1:123456789012:changeSet/qrcard-deploy/8f0e1d2c-0000-4000-8000-000000000001';
const CREATED = new Date('2026-01-01T12:00:00.000Z');
let workDir: string;

const bootstrapStack: Stack = {
  StackName: 'qrcard-bootstrap',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/qrcard-bootstrap/11111111-0000-11f0-8000-0a1b2c3d4e5f',
  StackStatus: 'CREATE_COMPLETE',
  CreationTime: new Date('2025-12-01T00:00:00Z'),
  Outputs: [
    { OutputKey: 'ArtifactsBucketName', OutputValue: 'qrcard-bootstrap-artifactsbucket-1x2y3z' },
    { OutputKey: 'BootstrapVersion', OutputValue: '1' },
  ],
};

const appStack = (status: string, id = STACK_ID): Stack => ({
  StackName: STACK,
  StackId: id,
  StackStatus: status as StackStatus,
  CreationTime: new Date('2025-12-02T00:00:00Z'),
  Outputs: [
    { OutputKey: 'SiteUrl', OutputValue: 'https://d111111abcdef8.cloudfront.net' },
    { OutputKey: 'ApiUrl', OutputValue: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com' },
  ],
});

const event = (id: string, logicalId: string, type: string, status: string, second: number, reason?: string): StackEvent => ({
  StackId: STACK_ID,
  EventId: id,
  StackName: STACK,
  LogicalResourceId: logicalId,
  ResourceType: type,
  ResourceStatus: status as ResourceStatus,
  Timestamp: new Date(CREATED.getTime() + second * 1000),
  ...(reason ? { ResourceStatusReason: reason } : {}),
});

function options(): DeployOptions {
  return {
    stackName: STACK,
    stage: 'dev',
    template: {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: 'test stack',
      Parameters: {},
      Resources: { UsersTable: { Type: 'AWS::DynamoDB::Table' } },
      Outputs: {},
    },
    artifacts: [
      {
        functionId: 'register-user',
        file: path.join(workDir, 'register-user.zip'),
        key: 'functions/register-user/aaaa.zip',
        sha256: 'aaaa',
        bytes: 3,
      },
      {
        functionId: 'render-card',
        file: path.join(workDir, 'render-card.zip'),
        key: 'functions/render-card/bbbb.zip',
        sha256: 'bbbb',
        bytes: 3,
      },
    ],
    config: defaultConfig(),
    configDir: workDir,
  };
}

/** A change set that computes to one Lambda modification. */
function changeSetWithLambdaChange() {
  cfn.on(CreateChangeSetCommand).resolves({ Id: CHANGE_SET_ID, StackId: STACK_ID });
  cfn
    .on(DescribeChangeSetCommand)
    .resolvesOnce({ Status: 'CREATE_IN_PROGRESS', ChangeSetId: CHANGE_SET_ID, StackId: STACK_ID })
    .resolves({
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      ChangeSetId: CHANGE_SET_ID,
      StackId: STACK_ID,
      CreationTime: CREATED,
      Changes: [
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Modify',
            LogicalResourceId: 'RenderCardFunction',
            ResourceType: 'AWS::Lambda::Function',
            Replacement: 'False',
          },
        },
      ],
    });
  cfn.on(ExecuteChangeSetCommand).resolves({});
}

beforeEach(async () => {
  cfn.reset();
  s3.reset();
  workDir = await mkdtemp(path.join(tmpdir(), 'qrcard-deploy-'));
  await writeFile(path.join(workDir, 'register-user.zip'), 'zip');
  await writeFile(path.join(workDir, 'render-card.zip'), 'zip');
  cfn.on(DescribeStacksCommand, { StackName: 'qrcard-bootstrap' }).resolves({ Stacks: [bootstrapStack] });
  cfn.on(DeleteChangeSetCommand).rejects(cfnError('ChangeSetNotFoundException', 'ChangeSet [qrcard-deploy] does not exist', 404));
  s3.on(HeadObjectCommand).resolves({ ContentLength: 3, ETag: '"e1"' });
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

test("the change set requests carry client tokens, so the SDK's retries stay one request, and the artifact parameters", async () => {
  cfn.on(DescribeStacksCommand, { StackName: STACK }).resolves({ Stacks: [appStack('UPDATE_COMPLETE')] });
  changeSetWithLambdaChange();
  cfn.on(DescribeStacksCommand, { StackName: STACK_ID }).resolves({ Stacks: [appStack('UPDATE_COMPLETE')] });
  cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });

  const result = await deploy(options(), testIo());

  assert.equal(result.kind, 'deployed');
  const create = cfn.commandCalls(CreateChangeSetCommand)[0]!.args[0].input;
  assert.equal(create.ChangeSetName, 'qrcard-deploy');
  assert.equal(create.ChangeSetType, 'UPDATE');
  assert.match(create.ClientToken ?? '', /^qrcard-/);
  assert.deepEqual(
    create.Parameters?.map((parameter) => [parameter.ParameterKey, parameter.ParameterValue]),
    [
      ['ArtifactsBucket', 'qrcard-bootstrap-artifactsbucket-1x2y3z'],
      ['RegisterUserCodeKey', 'functions/register-user/aaaa.zip'],
      ['RenderCardCodeKey', 'functions/render-card/bbbb.zip'],
      ['BrandingHash', (await prepareBranding(options().config, options().configDir)).hash],
    ],
  );
  assert.match(cfn.commandCalls(ExecuteChangeSetCommand)[0]!.args[0].input.ClientRequestToken ?? '', /^qrcard-/);
});

test('throttling while following events backs off and carries on to the result', async () => {
  cfn.on(DescribeStacksCommand, { StackName: STACK }).resolves({ Stacks: [appStack('UPDATE_COMPLETE')] });
  changeSetWithLambdaChange();
  cfn
    .on(DescribeStacksCommand, { StackName: STACK_ID })
    .resolvesOnce({ Stacks: [appStack('UPDATE_IN_PROGRESS')] })
    .resolvesOnce({ Stacks: [appStack('UPDATE_IN_PROGRESS')] })
    .resolves({ Stacks: [appStack('UPDATE_COMPLETE')] });
  cfn
    .on(DescribeStackEventsCommand)
    .resolvesOnce({ StackEvents: [event('e1', 'RenderCardFunction', 'AWS::Lambda::Function', 'UPDATE_IN_PROGRESS', 1)] })
    .rejectsOnce(cfnError('Throttling', 'Rate exceeded'))
    .resolves({
      StackEvents: [
        event('e3', STACK, 'AWS::CloudFormation::Stack', 'UPDATE_COMPLETE', 3),
        event('e2', 'RenderCardFunction', 'AWS::Lambda::Function', 'UPDATE_COMPLETE', 2),
        event('e1', 'RenderCardFunction', 'AWS::Lambda::Function', 'UPDATE_IN_PROGRESS', 1),
      ],
    });
  const io = testIo();

  const result = await deploy(options(), io);

  assert.equal(result.kind, 'deployed');
  assert.ok(
    io.output.lines.some((line) => /throttling/.test(line)),
    'the back-off is reported',
  );
  // the throttled wait is longer than the poll delay before it
  const [pollDelay, throttledDelay] = io.sleeps.slice(-2);
  assert.ok(throttledDelay! >= 2 * pollDelay!, `sleeps ${io.sleeps.join(',')}`);
  const updates = io.output.lines.filter((line) => line.startsWith('update updating'));
  assert.equal(updates.length, 3, 'each event is reported once');
  assert.match(updates[0]!, /RenderCardFunction .*UPDATE_IN_PROGRESS/);
});

test('a failed update returns each failed resource with the nested reason unwrapped, root cause first', async () => {
  cfn.on(DescribeStacksCommand, { StackName: STACK }).resolves({ Stacks: [appStack('UPDATE_COMPLETE')] });
  changeSetWithLambdaChange();
  cfn.on(DescribeStacksCommand, { StackName: STACK_ID }).resolves({ Stacks: [appStack('UPDATE_ROLLBACK_COMPLETE')] });
  cfn.on(DescribeStackEventsCommand).resolves({
    StackEvents: [
      event('e5', STACK, 'AWS::CloudFormation::Stack', 'UPDATE_ROLLBACK_COMPLETE', 9),
      event('e4', 'GetUserFunction', 'AWS::Lambda::Function', 'UPDATE_FAILED', 3, 'Resource update cancelled'),
      event(
        'e3',
        'RenderCardFunction',
        'AWS::Lambda::Function',
        'UPDATE_FAILED',
        2,
        'Resource handler returned message: "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist. (Service: Lambda, Status Code: 400, Request ID: 9b1)" (RequestToken: 3e8c, HandlerErrorCode: InvalidRequest)',
      ),
      event('e2', 'RenderCardFunction', 'AWS::Lambda::Function', 'UPDATE_IN_PROGRESS', 1),
      // an older operation's event is not part of this one
      { ...event('e0', 'UsersTable', 'AWS::DynamoDB::Table', 'UPDATE_FAILED', -60, 'old failure') },
    ],
  });
  const io = testIo();

  const result = await deploy(options(), io);

  assert.equal(result.kind, 'failed');
  if (result.kind !== 'failed') return;
  assert.equal(result.analysis.finalStatus, 'UPDATE_ROLLBACK_COMPLETE');
  assert.deepEqual(
    result.analysis.failures.map((failure) => failure.logicalId),
    ['RenderCardFunction', 'GetUserFunction'],
  );
  assert.match(result.analysis.rootCause!.reason, /^Error occurred while GetObject\. S3 Error Code: NoSuchKey.*\(InvalidRequest\)$/);
  assert.equal(s3.commandCalls(PutObjectCommand).length, 0, 'branding and site wait for a successful stack');
});

test('a stack already updating is waited for before the change set', async () => {
  cfn
    .on(DescribeStacksCommand, { StackName: STACK })
    .resolvesOnce({ Stacks: [appStack('UPDATE_IN_PROGRESS')] })
    .resolves({ Stacks: [appStack('UPDATE_COMPLETE')] });
  changeSetWithLambdaChange();
  cfn
    .on(DescribeStacksCommand, { StackName: STACK_ID })
    .resolvesOnce({ Stacks: [appStack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')] })
    .resolves({ Stacks: [appStack('UPDATE_COMPLETE')] });
  cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
  const io = testIo();

  const result = await deploy(options(), io);

  assert.equal(result.kind, 'deployed');
  assert.ok(io.output.lines.some((line) => /is UPDATE_IN_PROGRESS; waiting/.test(line)));
  const commands = cfn.calls().map((call) => call.args[0]);
  const describedAt = (stackName: string) =>
    commands.flatMap((command, index) =>
      command instanceof DescribeStacksCommand && command.input.StackName === stackName ? [index] : [],
    );
  const settledAt = describedAt(STACK_ID)[1]; // the follow's second look: past UPDATE_COMPLETE_CLEANUP_IN_PROGRESS
  const lookedUpAgainAt = describedAt(STACK)[1];
  const changeSetAt = commands.findIndex((command) => command instanceof CreateChangeSetCommand);
  assert.ok(settledAt !== undefined && lookedUpAgainAt !== undefined, 'the running update was followed, then the stack looked up again');
  assert.ok(settledAt < lookedUpAgainAt && lookedUpAgainAt < changeSetAt, 'the change set came only after the running update settled');
});

test('a stack already updating is named with a clear message when waiting is off', async () => {
  cfn.on(DescribeStacksCommand, { StackName: STACK }).resolves({ Stacks: [appStack('UPDATE_IN_PROGRESS')] });

  await assert.rejects(deploy({ ...options(), waitForRunning: false }, testIo()), (error: QrcardError) => {
    assert.equal(error.code, 'stack-busy');
    assert.match(error.message, /qrcard-dev is UPDATE_IN_PROGRESS/);
    return true;
  });
});

test('access denied on upload is one line naming the object and the fix', async () => {
  cfn.on(DescribeStacksCommand, { StackName: STACK }).resolves({ Stacks: [appStack('UPDATE_COMPLETE')] });
  s3.on(HeadObjectCommand).rejects(s3Error('NotFound', 'UnknownError', 404));
  s3.on(PutObjectCommand).rejects(
    s3Error('AccessDenied', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: s3:PutObject', 403),
  );
  const io = testIo();

  await assert.rejects(deploy(options(), io), (error: QrcardError) => {
    assert.equal(error.code, 'aws-access-denied');
    assert.match(
      error.message,
      /^access denied while uploading s3:\/\/qrcard-bootstrap-artifactsbucket-1x2y3z\/functions\/(register-user|render-card)\/\w+\.zip: User: .* not authorized/,
    );
    assert.ok(error.hint);
    return true;
  });
  assert.equal(cfn.commandCalls(CreateChangeSetCommand).length, 0);
});

test('expired credentials stop the deploy with one line and the fix', async () => {
  cfn.on(DescribeStacksCommand).rejects(cfnError('ExpiredToken', 'The security token included in the request is expired', 403));
  const io = testIo();

  await assert.rejects(
    withAwsErrors({ target: { kind: 'aws', region: 'us-east-1', profile: 'work' } }, () => deploy(options(), io)),
    (error: QrcardError) => {
      assert.equal(error.code, 'aws-credentials-expired');
      assert.equal(error.hint, 'refresh them (`aws sso login --profile work`, or new temporary keys) and try again');
      return true;
    },
  );
});
