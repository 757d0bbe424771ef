// Change sets against the answers only AWS gives (the local engine computes a change set at once, in one page,
// and frees its name immediately): a name still held, throttled polls, paged changes, and sparse descriptions.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateChangeSetCommand, DeleteChangeSetCommand, DescribeChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { QrcardError } from '../../src/core/errors.js';
import { createChangeSet, deleteChangeSet, isEmptyChangeSetReason } from '../../src/deploy/change-set.js';
import { cfnError, stackMissing, testIo, type TestIo } from './fake-io.js';

const request = {
  stackName: 'qrcard-dev',
  type: 'UPDATE',
  template: { url: 'https://artifacts.s3.amazonaws.com/template.json' },
  parameters: { ArtifactsBucket: 'artifacts' },
  tags: { app: 'qrcard' },
  description: 'deploy 42',
} as const;

const topicChange = (logicalId: string) => ({
  Type: 'Resource' as const,
  ResourceChange: { Action: 'Add' as const, LogicalResourceId: logicalId, ResourceType: 'AWS::SNS::Topic' },
});

describe('change sets against AWS-shaped answers', () => {
  let io: TestIo;
  let cfn: ReturnType<typeof mockClient>;

  beforeEach(() => {
    io = testIo();
    cfn = mockClient(io.cloudformation);
    cfn.on(DeleteChangeSetCommand).resolves({});
  });

  afterEach(() => {
    cfn.restore();
  });

  it('waits while the name is still held, then sends the template URL, tags and description', async () => {
    cfn
      .on(CreateChangeSetCommand)
      .rejectsOnce(cfnError('AlreadyExistsException', 'ChangeSet qrcard-deploy already exists'))
      .resolves({ Id: 'cs-1', StackId: 'stack-1' });
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', Changes: [topicChange('Topic')] });

    const outcome = await createChangeSet(request, io);

    const sent = cfn.commandCalls(CreateChangeSetCommand).map((call) => call.args[0].input);
    assert.equal(sent.length, 2);
    assert.deepEqual(io.sleeps, [500]);
    assert.equal(sent[1]?.TemplateURL, request.template.url);
    assert.equal(sent[1]?.TemplateBody, undefined);
    assert.deepEqual(sent[1]?.Tags, [{ Key: 'app', Value: 'qrcard' }]);
    assert.equal(sent[1]?.Description, 'deploy 42');
    assert.match(sent[1]?.ClientToken ?? '', /^qrcard-[0-9a-f-]{36}$/);
    assert.equal(outcome.kind, 'ready');
    assert.equal(outcome.kind === 'ready' && outcome.changeSetId, 'cs-1');
    assert.equal(outcome.kind === 'ready' && outcome.stackId, 'stack-1');
  });

  it('gives up after the sixth refusal of a held name', async () => {
    const held = cfnError('AlreadyExistsException', 'ChangeSet qrcard-deploy already exists');
    cfn.on(CreateChangeSetCommand).rejects(held);

    await assert.rejects(createChangeSet(request, io), (error) => error === held);
    assert.equal(cfn.commandCalls(CreateChangeSetCommand).length, 6);
  });

  it('polls through throttling and a pending status, and gathers every page of changes', async () => {
    cfn.on(CreateChangeSetCommand).resolves({});
    cfn
      .on(DescribeChangeSetCommand, { StackName: 'qrcard-dev', ChangeSetName: 'qrcard-deploy' })
      .rejectsOnce(cfnError('Throttling', 'Rate exceeded'))
      .resolvesOnce({ Status: 'CREATE_PENDING' })
      .resolves({ Status: 'CREATE_COMPLETE', Changes: [topicChange('First')], NextToken: 'page-2' });
    cfn
      .on(DescribeChangeSetCommand, { StackName: 'qrcard-dev', ChangeSetName: 'qrcard-deploy', NextToken: 'page-2' })
      .resolves({ Status: 'CREATE_COMPLETE', Changes: [topicChange('Second')] });

    const outcome = await createChangeSet(request, io);

    assert.equal(outcome.kind, 'ready');
    assert.deepEqual(outcome.kind === 'ready' ? outcome.changes.map((change) => change.ResourceChange?.LogicalResourceId) : [], [
      'First',
      'Second',
    ]);
    assert.equal(io.sleeps.length, 2);
  });

  it('falls back to the change set and stack names when AWS returns no ids', async () => {
    cfn.on(CreateChangeSetCommand).resolves({});
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE' });

    const before = Date.now();
    const outcome = await createChangeSet({ ...request, changeSetName: 'preview' }, io);

    assert.equal(outcome.kind, 'ready');
    if (outcome.kind !== 'ready') return;
    assert.equal(outcome.changeSetId, 'preview');
    assert.equal(outcome.stackId, 'qrcard-dev');
    assert.ok(outcome.creationTime.getTime() >= before);
    assert.deepEqual(outcome.changes, []);
  });

  it('says when CloudFormation gave no reason for a failed change set', async () => {
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-1' });
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED' });

    await assert.rejects(
      createChangeSet(request, io),
      (error) =>
        error instanceof QrcardError &&
        error.code === 'change-set-failed' &&
        error.message === 'CloudFormation could not plan the change: no reason given',
    );
  });

  it('stops on a poll failure that is not throttling', async () => {
    const denied = cfnError('AccessDenied', 'not authorized to perform cloudformation:DescribeChangeSet', 403);
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-1' });
    cfn.on(DescribeChangeSetCommand).rejects(denied);

    await assert.rejects(createChangeSet(request, io), (error) => error === denied);
  });
});

describe('deleting a stale change set', () => {
  it('takes a change set or stack already gone as deleted, and passes any other failure on', async () => {
    const io = testIo();
    const cfn = mockClient(io.cloudformation);
    const denied = cfnError('AccessDenied', 'not authorized', 403);
    cfn
      .on(DeleteChangeSetCommand)
      .rejectsOnce(cfnError('ChangeSetNotFoundException', 'gone'))
      .rejectsOnce(cfnError('ChangeSetNotFound', 'gone'))
      .rejectsOnce(stackMissing('qrcard-dev'))
      .rejects(denied);

    await deleteChangeSet('qrcard-dev', 'qrcard-deploy', io);
    await deleteChangeSet('qrcard-dev', 'qrcard-deploy', io);
    await deleteChangeSet('qrcard-dev', 'qrcard-deploy', io);

    await assert.rejects(deleteChangeSet('qrcard-dev', 'qrcard-deploy', io), (error) => error === denied);
    cfn.restore();
  });

  it('reads either wording of an empty change set, and nothing into no reason', () => {
    assert.equal(isEmptyChangeSetReason("The submitted information didn't contain changes."), true);
    assert.equal(isEmptyChangeSetReason('No updates are to be performed.'), true);
    assert.equal(isEmptyChangeSetReason('Template format error'), false);
    assert.equal(isEmptyChangeSetReason(undefined), false);
  });
});
