// Following a stack operation: event lines, when a status counts as settled, and the event pages, gaps and
// failures only AWS produces (the local engine answers every event in one page), against a mocked client.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeStackEventsCommand, DescribeStacksCommand, type StackEvent, type StackStatus } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { followStack, formatEvent, isSettled } from '../../src/deploy/stack-events.js';
import { cfnError, stackMissing, testIo, type TestIo } from './fake-io.js';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/qrcard-dev/5c1e7a10-0000-11f0-8000-0a1b2c3d4e5f';
const SINCE = new Date('2026-01-01T12:00:00.000Z');
const at = (second: number) => new Date(SINCE.getTime() + second * 1000);
const stackIn = (status: string) => ({
  Stacks: [{ StackName: 'qrcard-dev', StackId: STACK_ID, StackStatus: status as StackStatus, CreationTime: SINCE }],
});
// The SDK types every field, but AWS may leave one out; an id-less event is such a gap.
const event = (id: string | undefined, logicalId: string, status: string, second: number): StackEvent => ({
  StackId: STACK_ID,
  StackName: 'qrcard-dev',
  EventId: id,
  LogicalResourceId: logicalId,
  ResourceType: 'AWS::SNS::Topic',
  ResourceStatus: status as StackEvent['ResourceStatus'],
  Timestamp: at(second),
});

describe('event lines and settled statuses', () => {
  it('formats an event with its reason, and marks fields the event lacks', () => {
    const bare: StackEvent = { StackId: undefined, EventId: undefined, StackName: undefined, Timestamp: undefined };

    assert.equal(
      formatEvent({
        ...bare,
        LogicalResourceId: 'Topic',
        ResourceType: 'AWS::SNS::Topic',
        ResourceStatus: 'CREATE_FAILED',
        ResourceStatusReason: 'denied',
      }),
      'Topic  AWS::SNS::Topic  CREATE_FAILED  denied',
    );
    assert.equal(formatEvent(bare), '?    ');
  });

  it('counts a stack waiting for review as settled, and any other operation in progress as not', () => {
    assert.equal(isSettled('REVIEW_IN_PROGRESS'), true);
    assert.equal(isSettled('UPDATE_COMPLETE'), true);
    assert.equal(isSettled('DELETE_FAILED'), true);
    assert.equal(isSettled('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'), false);
    assert.equal(isSettled('CREATE_IN_PROGRESS'), false);
  });
});

describe('following a stack against AWS-shaped answers', () => {
  let io: TestIo;
  let cfn: ReturnType<typeof mockClient>;

  beforeEach(() => {
    io = testIo();
    cfn = mockClient(io.cloudformation);
  });

  afterEach(() => {
    cfn.restore();
  });

  it('pages back through events until it meets older ones, and reports each event once, oldest first', async () => {
    cfn.on(DescribeStacksCommand).resolvesOnce(stackIn('UPDATE_IN_PROGRESS')).resolves(stackIn('UPDATE_COMPLETE'));
    cfn
      .on(DescribeStackEventsCommand, { StackName: STACK_ID })
      .resolvesOnce({ StackEvents: [event('e2', 'Topic', 'UPDATE_IN_PROGRESS', 2)], NextToken: 'page-2' })
      .resolves({ StackEvents: [event('e3', 'qrcard-dev', 'UPDATE_COMPLETE', 3), event('e2', 'Topic', 'UPDATE_IN_PROGRESS', 2)] });
    cfn
      .on(DescribeStackEventsCommand, { StackName: STACK_ID, NextToken: 'page-2' })
      .resolves({ StackEvents: [event('e1', 'Topic', 'UPDATE_COMPLETE', 1), event('e0', 'Topic', 'CREATE_COMPLETE', -60)] });

    const result = await followStack({ stackName: STACK_ID, since: SINCE, label: 'updating' }, io);

    assert.equal(result.finalStatus, 'UPDATE_COMPLETE');
    assert.deepEqual(
      result.events.map((entry) => entry.EventId),
      ['e1', 'e2', 'e3'],
    );
    assert.equal(io.output.lines.filter((line) => line.startsWith('update ')).length, 3);
    assert.ok(io.output.lines.includes('succeed updating: UPDATE_COMPLETE'));
  });

  it('tells events without an id apart by resource, status and time', async () => {
    cfn.on(DescribeStacksCommand).resolvesOnce(stackIn('CREATE_IN_PROGRESS')).resolves(stackIn('CREATE_COMPLETE'));
    const unnamed = [event(undefined, 'Topic', 'CREATE_COMPLETE', 2), event(undefined, 'Topic', 'CREATE_IN_PROGRESS', 1)];
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: unnamed });

    const result = await followStack({ stackName: STACK_ID, since: SINCE, label: 'creating' }, io);

    assert.deepEqual(
      result.events.map((entry) => entry.ResourceStatus),
      ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'],
    );
  });

  it('ends with DELETE_COMPLETE when the stack is gone, and a page of nothing for its events', async () => {
    cfn.on(DescribeStacksCommand).rejects(stackMissing('qrcard-dev'));
    cfn.on(DescribeStackEventsCommand).rejects(stackMissing('qrcard-dev'));

    const result = await followStack({ stackName: 'qrcard-dev', since: SINCE, label: 'deleting' }, io);

    assert.deepEqual(result, { finalStatus: 'DELETE_COMPLETE', events: [] });
  });

  it('marks a failed or rolled-back operation as failed on the progress line', async () => {
    cfn.on(DescribeStacksCommand).resolves(stackIn('UPDATE_ROLLBACK_COMPLETE'));
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });

    const result = await followStack({ stackName: STACK_ID, since: SINCE, label: 'updating' }, io);

    assert.equal(result.finalStatus, 'UPDATE_ROLLBACK_COMPLETE');
    assert.ok(io.output.lines.includes('fail updating: UPDATE_ROLLBACK_COMPLETE'));
  });

  it('polls AWS less and less often, and the local engine every 50 ms', async () => {
    const local = testIo();
    const localIo = { ...local, target: { kind: 'local', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' } as const };
    const localCfn = mockClient(local.cloudformation);
    for (const client of [cfn, localCfn]) {
      const stacks = client.on(DescribeStacksCommand);
      for (let poll = 0; poll < 5; poll++) stacks.resolvesOnce(stackIn('CREATE_IN_PROGRESS'));
      stacks.resolves(stackIn('CREATE_COMPLETE'));
      client.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    }

    await followStack({ stackName: STACK_ID, since: SINCE, label: 'creating' }, io);
    await followStack({ stackName: STACK_ID, since: SINCE, label: 'creating' }, localIo);
    localCfn.restore();

    assert.deepEqual(io.sleeps, [100, 150, 225, 338, 507]);
    assert.deepEqual(local.sleeps, [50, 50, 50, 50, 50]);
  });

  it('stops on a failure that is not throttling, naming it on the progress line', async () => {
    const denied = cfnError('AccessDenied', 'not authorized to perform cloudformation:DescribeStackEvents', 403);
    cfn.on(DescribeStacksCommand).resolves(stackIn('UPDATE_IN_PROGRESS'));
    cfn.on(DescribeStackEventsCommand).rejects(denied);

    await assert.rejects(followStack({ stackName: STACK_ID, since: SINCE, label: 'updating' }, io), (error) => error === denied);
    assert.ok(io.output.lines.includes('fail updating: not authorized to perform cloudformation:DescribeStackEvents'));
  });
});
