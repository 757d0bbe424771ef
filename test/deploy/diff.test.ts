// `qrcard diff` as a function, against the local engine's CloudFormation: what it reports for a stack in each
// state, and that a preview never changes the stack or leaves its change set behind.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteStackCommand,
  DescribeStacksCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { QrcardError } from '../../src/core/errors.js';
import { diff } from '../../src/deploy/diff.js';
import { followStack } from '../../src/deploy/stack-events.js';
import { applyTemplate, appTemplate, startEngineIo, type EngineIo } from './engine-io.js';
import { testIo } from './fake-io.js';

const topics = appTemplate({ Topic: { Type: 'AWS::SNS::Topic' } });
const topicsAndBucket = appTemplate({ Topic: { Type: 'AWS::SNS::Topic' }, Store: { Type: 'AWS::S3::Bucket' } });

describe('diff against the local engine', () => {
  let io: EngineIo;

  before(async () => {
    io = await startEngineIo();
  });

  after(async () => {
    await io.close();
  });

  async function status(stackName: string): Promise<string | undefined> {
    return (await io.cloudformation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.StackStatus;
  }

  it('shows every resource as an Add while there is no stack', async () => {
    const result = await diff({ stackName: 'diff-none', template: topicsAndBucket, artifacts: [] }, io);

    assert.equal(result.kind, 'new-stack');
    assert.deepEqual(
      result.changes.map((row) => `${row.action} ${row.logicalId} ${row.type}`),
      ['Add Topic AWS::SNS::Topic', 'Add Store AWS::S3::Bucket'],
    );
  });

  it('treats a stack whose first create rolled back as new, since a deploy recreates it', async () => {
    const failed = await applyTemplate(io, 'diff-rolled-back', appTemplate({ Odd: { Type: 'Test::NoSuchType' } }));

    const result = await diff({ stackName: 'diff-rolled-back', template: topics, artifacts: [] }, io);

    assert.equal(failed, 'ROLLBACK_COMPLETE');
    assert.equal(result.kind, 'new-stack');
    assert.deepEqual(
      result.changes.map((row) => row.logicalId),
      ['Topic'],
    );
  });

  it('answers no-changes for the deployed template, reusing the stack’s artifacts bucket when there is no bootstrap stack', async () => {
    await applyTemplate(io, 'diff-same', topics);

    const result = await diff({ stackName: 'diff-same', template: topics, artifacts: [] }, io);

    assert.deepEqual(result, { kind: 'no-changes', stackName: 'diff-same', changes: [] });
  });

  it('lists the changes of a new template without running them, and deletes its change set', async () => {
    await applyTemplate(io, 'diff-grow', topics);

    const result = await diff({ stackName: 'diff-grow', template: topicsAndBucket, artifacts: [] }, io);

    assert.equal(result.kind, 'changes');
    assert.deepEqual(
      result.changes.map((row) => `${row.action} ${row.logicalId}`),
      ['Add Store'],
    );
    assert.equal(await status('diff-grow'), 'CREATE_COMPLETE');
    const left = await io.cloudformation.send(new ListChangeSetsCommand({ StackName: 'diff-grow' }));
    assert.deepEqual(left.Summaries ?? [], [], 'the preview left no change set of its own');
  });

  it('refuses a template over the inline limit before asking CloudFormation', async () => {
    await applyTemplate(io, 'diff-large', topics);
    const padded = appTemplate(
      { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'x'.repeat(60_000) } } },
      { Note: { Description: 'padding', Value: 'y' } },
    );

    await assert.rejects(
      diff({ stackName: 'diff-large', template: padded, artifacts: [] }, io),
      (error: unknown) => error instanceof QrcardError && error.code === 'template-too-large' && /qrcard deploy/.test(error.hint ?? ''),
    );
    const left = await io.cloudformation.send(new ListChangeSetsCommand({ StackName: 'diff-large' }));
    assert.deepEqual(left.Summaries ?? [], [], 'the preview left no change set of its own');
  });

  async function physicalId(stackName: string, logicalId: string): Promise<string> {
    const { StackResourceSummaries } = await io.cloudformation.send(new ListStackResourcesCommand({ StackName: stackName }));
    const id = StackResourceSummaries?.find((resource) => resource.LogicalResourceId === logicalId)?.PhysicalResourceId;
    assert.ok(id, `${stackName} has ${logicalId}`);
    return id;
  }

  it('refuses a stack whose deletion failed, pointing at qrcard destroy', async () => {
    await applyTemplate(io, 'diff-stuck', topicsAndBucket);
    // A bucket with an object in it cannot be deleted, so the stack deletion fails.
    await io.s3.send(new PutObjectCommand({ Bucket: await physicalId('diff-stuck', 'Store'), Key: 'keeps-the-bucket', Body: 'x' }));
    await io.cloudformation.send(new DeleteStackCommand({ StackName: 'diff-stuck' }));
    const deletion = await followStack({ stackName: 'diff-stuck', since: new Date(0), label: 'deleting' }, io);

    await assert.rejects(
      diff({ stackName: 'diff-stuck', template: topics, artifacts: [] }, io),
      (error: unknown) =>
        error instanceof QrcardError &&
        error.code === 'stack-stuck' &&
        error.message === 'stack diff-stuck is DELETE_FAILED' &&
        /qrcard destroy/.test(error.hint ?? ''),
    );
    assert.equal(deletion.finalStatus, 'DELETE_FAILED');
  });
});

describe('diff while another operation runs', () => {
  it('stops with stack-busy: the engine settles too fast to catch, so CloudFormation is mocked here', async () => {
    const io = testIo();
    const cfn = mockClient(io.cloudformation);
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'busy', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date('2026-01-01T00:00:00Z') }],
    });

    await assert.rejects(
      diff({ stackName: 'busy', template: topics, artifacts: [] }, io),
      (error: unknown) => error instanceof QrcardError && error.code === 'stack-busy' && /UPDATE_IN_PROGRESS/.test(error.message),
    );
    cfn.restore();
  });
});
