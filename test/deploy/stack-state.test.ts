// What a deploy can do with a stack in each status, the hint for a stuck one, and reading a stack's outputs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { describeStack, stackCondition, stackOutputs, stuckStackHint } from '../../src/deploy/stack-state.js';
import { cfnError, stackMissing, testIo } from './fake-io.js';

describe('stack condition', () => {
  it('sorts every kind of status', () => {
    const statuses = [
      undefined,
      'DELETE_COMPLETE',
      'REVIEW_IN_PROGRESS',
      'ROLLBACK_COMPLETE',
      'CREATE_IN_PROGRESS',
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_ROLLBACK_FAILED',
      'DELETE_FAILED',
      'CREATE_COMPLETE',
      'UPDATE_ROLLBACK_COMPLETE',
      'IMPORT_COMPLETE',
    ];

    assert.deepEqual(
      statuses.map((status) => `${status ?? 'none'}: ${stackCondition(status)}`),
      [
        'none: missing',
        'DELETE_COMPLETE: missing',
        'REVIEW_IN_PROGRESS: review',
        'ROLLBACK_COMPLETE: rollback-complete',
        'CREATE_IN_PROGRESS: in-progress',
        'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: in-progress',
        'UPDATE_ROLLBACK_FAILED: stuck',
        'DELETE_FAILED: stuck',
        'CREATE_COMPLETE: updatable',
        'UPDATE_ROLLBACK_COMPLETE: updatable',
        'IMPORT_COMPLETE: updatable',
      ],
    );
  });

  it('hints continue-update-rollback for a failed update rollback, and destroy for anything else stuck', () => {
    assert.equal(
      stuckStackHint('qrcard-dev', 'UPDATE_ROLLBACK_FAILED'),
      'fix the cause, then run `aws cloudformation continue-update-rollback --stack-name qrcard-dev` and deploy again',
    );
    assert.match(stuckStackHint('qrcard-dev', 'DELETE_FAILED'), /^delete it with `qrcard destroy`/);
    assert.match(stuckStackHint('qrcard-dev', undefined), /^delete it with `qrcard destroy`/);
  });
});

describe('reading a stack', () => {
  it('keeps only outputs that have both a key and a value', () => {
    const outputs = stackOutputs({
      Outputs: [
        { OutputKey: 'SiteUrl', OutputValue: 'https://d1.cloudfront.net' },
        { OutputKey: 'Pending' },
        { OutputValue: 'orphan' },
        { OutputKey: 'Empty', OutputValue: '' },
      ],
    });

    assert.deepEqual(outputs, { SiteUrl: 'https://d1.cloudfront.net', Empty: '' });
    assert.deepEqual(stackOutputs(undefined), {});
    assert.deepEqual(stackOutputs({}), {});
  });

  it('answers undefined for a missing stack and passes any other failure on', async () => {
    const io = testIo();
    const cfn = mockClient(io.cloudformation);
    const denied = cfnError('AccessDenied', 'not authorized to perform cloudformation:DescribeStacks', 403);
    cfn.on(DescribeStacksCommand, { StackName: 'gone' }).rejects(stackMissing('gone'));
    cfn.on(DescribeStacksCommand, { StackName: 'secret' }).rejects(denied);

    const missing = await describeStack('gone', io);

    assert.equal(missing, undefined);
    await assert.rejects(describeStack('secret', io), (error) => error === denied);
    cfn.restore();
  });
});
