// Settling a stack before a change set, against the local engine's stacks in each state, and the two answers only
// a mocked AWS gives: an operation that never settles, and a deletion that keeps resources.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { QrcardError } from '../../src/core/errors.js';
import { deleteStackAndWait, prepareStack } from '../../src/deploy/stack-prepare.js';
import { PARAMETERS } from '../../src/templates/logical-ids.js';
import { applyTemplate, appTemplate, startEngineIo, type EngineIo } from './engine-io.js';
import { testIo } from './fake-io.js';

const topic = appTemplate({ Topic: { Type: 'AWS::SNS::Topic' } });
const topicAndBucket = appTemplate({ Topic: { Type: 'AWS::SNS::Topic' }, Store: { Type: 'AWS::S3::Bucket' } });

describe('preparing stacks of the local engine', () => {
  let io: EngineIo;

  before(async () => {
    io = await startEngineIo();
  });

  after(async () => {
    await io.close();
  });

  async function stackId(stackName: string): Promise<string> {
    const id = (await io.cloudformation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.StackId;
    assert.ok(id, `${stackName} exists`);
    return id;
  }

  /** A stack whose deletion failed: its bucket holds an object. */
  async function stackWithFullBucket(stackName: string): Promise<string> {
    await applyTemplate(io, stackName, topicAndBucket);
    const resources = await io.cloudformation.send(new ListStackResourcesCommand({ StackName: stackName }));
    const bucket = resources.StackResourceSummaries?.find((resource) => resource.LogicalResourceId === 'Store')?.PhysicalResourceId;
    await io.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'kept', Body: 'x' }));
    return stackId(stackName);
  }

  it('creates a stack that does not exist, and one left under review by an unexecuted change set', async () => {
    await io.cloudformation.send(
      new CreateChangeSetCommand({
        StackName: 'prepare-review',
        ChangeSetName: 'never-run',
        ChangeSetType: 'CREATE',
        TemplateBody: JSON.stringify(topic),
        Parameters: [{ ParameterKey: PARAMETERS.artifactsBucket, ParameterValue: 'unused' }],
      }),
    );

    assert.deepEqual(await prepareStack({ stackName: 'prepare-none' }, io), { changeSetType: 'CREATE', status: undefined });
    assert.deepEqual(await prepareStack({ stackName: 'prepare-review' }, io), { changeSetType: 'CREATE', status: 'REVIEW_IN_PROGRESS' });
  });

  it('updates a stack that is complete', async () => {
    await applyTemplate(io, 'prepare-ready', topic);

    assert.deepEqual(await prepareStack({ stackName: 'prepare-ready' }, io), { changeSetType: 'UPDATE', status: 'CREATE_COMPLETE' });
  });

  it('deletes a first create that rolled back, with a warning, and creates the stack again', async () => {
    const failed = await applyTemplate(io, 'prepare-rolled-back', appTemplate({ Odd: { Type: 'Test::NoSuchType' } }));

    const prepared = await prepareStack({ stackName: 'prepare-rolled-back' }, io);

    assert.equal(failed, 'ROLLBACK_COMPLETE');
    assert.deepEqual(prepared, { changeSetType: 'CREATE', status: undefined });
    assert.ok(io.output.lines.some((line) => line.startsWith('warn stack prepare-rolled-back is ROLLBACK_COMPLETE')));
    assert.ok(io.output.lines.includes('succeed deleting prepare-rolled-back: DELETE_COMPLETE'));
  });

  it('refuses a stack whose deletion failed, and names the resource that would not go', async () => {
    const id = await stackWithFullBucket('prepare-stuck');

    const deletion = deleteStackAndWait({ stackName: 'prepare-stuck', stackId: id, label: 'deleting prepare-stuck' }, io);

    await assert.rejects(
      deletion,
      (error: unknown) =>
        error instanceof QrcardError &&
        error.code === 'stack-delete-failed' &&
        error.message === 'could not delete stack prepare-stuck' &&
        error.details.some((line) => line.startsWith('root cause: Store (AWS::S3::Bucket) DELETE_FAILED')) &&
        error.details.at(-1) === 'final state: DELETE_FAILED',
    );
    await assert.rejects(
      prepareStack({ stackName: 'prepare-stuck' }, io),
      (error: unknown) =>
        error instanceof QrcardError &&
        error.code === 'stack-stuck' &&
        error.message === 'stack prepare-stuck is DELETE_FAILED and cannot be updated' &&
        /qrcard destroy/.test(error.hint ?? ''),
    );
  });
});

describe('preparing stacks against AWS-shaped answers', () => {
  it('gives up when another operation starts each time the last one settles', async () => {
    const io = testIo();
    const cfn = mockClient(io.cloudformation);
    // By name the stack is always busy again; by id (what the wait follows) its operation has ended.
    cfn.on(DescribeStacksCommand, { StackName: 'qrcard-dev' }).resolves({
      Stacks: [{ StackName: 'qrcard-dev', StackId: 'stack-id', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date(0) }],
    });
    cfn.on(DescribeStacksCommand, { StackName: 'stack-id' }).resolves({
      Stacks: [{ StackName: 'qrcard-dev', StackId: 'stack-id', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(0) }],
    });
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });

    await assert.rejects(
      prepareStack({ stackName: 'qrcard-dev' }, io),
      (error: unknown) =>
        error instanceof QrcardError && error.code === 'stack-busy' && error.message === 'stack qrcard-dev did not settle',
    );
    assert.equal(io.output.lines.filter((line) => line.startsWith('info stack qrcard-dev is UPDATE_IN_PROGRESS')).length, 3);
    cfn.restore();
  });

  it('asks CloudFormation to keep the resources a deletion retains', async () => {
    const io = testIo();
    const cfn = mockClient(io.cloudformation);
    cfn.on(DeleteStackCommand).resolves({});
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [] });
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });

    const result = await deleteStackAndWait(
      { stackName: 'qrcard-dev', stackId: 'stack-id', label: 'deleting', retain: ['UsersTable'] },
      io,
    );

    assert.deepEqual(result, { finalStatus: 'DELETE_COMPLETE' });
    assert.deepEqual(cfn.commandCalls(DeleteStackCommand)[0]?.args[0].input.RetainResources, ['UsersTable']);
    cfn.restore();
  });
});
