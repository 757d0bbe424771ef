// `qrcard status` and `qrcard outputs` as a value: a stack of the local engine found, created and deleted, and the
// drift and status details only AWS reports, from a mocked client.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { stackInfo } from '../../src/deploy/stack-info.js';
import { followStack } from '../../src/deploy/stack-events.js';
import { applyTemplate, appTemplate, startEngineIo, type EngineIo } from './engine-io.js';
import { testIo } from './fake-io.js';

describe('stack info from the local engine', () => {
  let io: EngineIo;

  before(async () => {
    io = await startEngineIo();
  });

  after(async () => {
    await io.close();
  });

  it('reports a stack that was never created as missing', async () => {
    assert.deepEqual(await stackInfo('info-never', io), { kind: 'missing', stackName: 'info-never' });
  });

  it('reports a created stack with its id, status, creation time and outputs', async () => {
    const before = Date.now();
    await applyTemplate(
      io,
      'info-live',
      appTemplate({ Topic: { Type: 'AWS::SNS::Topic' } }, { TopicArn: { Description: 'the topic', Value: { Ref: 'Topic' } } }),
    );

    const info = await stackInfo('info-live', io);

    assert.equal(info.kind, 'found');
    assert.match(info.stackId, /^arn:aws:cloudformation:us-east-1:\d{12}:stack\/info-live\//);
    assert.equal(info.status, 'CREATE_COMPLETE');
    assert.equal(info.statusReason, undefined);
    assert.ok(Date.parse(info.lastUpdated ?? '') >= before - 1_000, `last updated ${info.lastUpdated}`);
    assert.match(info.outputs.TopicArn ?? '', /^arn:aws:sns:us-east-1:\d{12}:info-live-Topic-/);
    assert.deepEqual(info.drift, { status: 'NOT_CHECKED' });
  });

  it('reports a deleted stack, looked up by its id, as missing', async () => {
    await applyTemplate(io, 'info-gone', appTemplate({ Topic: { Type: 'AWS::SNS::Topic' } }));
    const stackId = (await io.cloudformation.send(new DescribeStacksCommand({ StackName: 'info-gone' }))).Stacks?.[0]?.StackId ?? '';
    await io.cloudformation.send(new DeleteStackCommand({ StackName: stackId }));
    await followStack({ stackName: stackId, since: new Date(0), label: 'deleting' }, io);

    assert.deepEqual(await stackInfo(stackId, io), { kind: 'missing', stackName: stackId });
  });
});

describe('stack info from AWS answers the engine does not give', () => {
  it('carries the status reason, the last update and a drift check with its time', async () => {
    const io = testIo();
    const cfn = mockClient(io.cloudformation);
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'qrcard-prod',
          StackId: undefined,
          StackStatus: 'UPDATE_ROLLBACK_COMPLETE',
          StackStatusReason: 'The following resource(s) failed to update: [RenderCardFunction].',
          CreationTime: new Date('2025-12-01T00:00:00Z'),
          LastUpdatedTime: new Date('2026-01-02T03:04:05Z'),
          DriftInformation: { StackDriftStatus: 'DRIFTED', LastCheckTimestamp: new Date('2026-01-03T00:00:00Z') },
        },
      ],
    });

    const info = await stackInfo('qrcard-prod', io);

    assert.deepEqual(info, {
      kind: 'found',
      stackName: 'qrcard-prod',
      stackId: 'qrcard-prod',
      status: 'UPDATE_ROLLBACK_COMPLETE',
      statusReason: 'The following resource(s) failed to update: [RenderCardFunction].',
      lastUpdated: '2026-01-02T03:04:05.000Z',
      outputs: {},
      drift: { status: 'DRIFTED', lastChecked: '2026-01-03T00:00:00.000Z' },
    });
    cfn.restore();
  });

  it('leaves out what a stack description lacks', async () => {
    const io = testIo();
    const cfn = mockClient(io.cloudformation);
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'odd', StackId: 'odd-id', StackStatus: undefined, CreationTime: undefined }],
    });

    const info = await stackInfo('odd', io);

    assert.deepEqual(info, { kind: 'found', stackName: 'odd', stackId: 'odd-id', status: 'UNKNOWN', outputs: {} });
    cfn.restore();
  });
});
