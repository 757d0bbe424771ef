// The log group actions, called directly on a store in a temporary directory.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logsActions } from '../../../src/local/logs/logs-actions.js';
import { awsError, request, withLogsState } from './logs-fixture.js';

const { CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy, DeleteRetentionPolicy } = logsActions;

describe('log group actions', () => {
  it('CreateLogGroup refuses a name that exists, and an invalid name', async () => {
    await withLogsState(async (state) => {
      await CreateLogGroup(state, { logGroupName: '/aws/lambda/get-user' });

      await assert.rejects(
        () => CreateLogGroup(state, { logGroupName: '/aws/lambda/get-user' }),
        awsError('ResourceAlreadyExistsException', 'The specified log group already exists'),
      );
      await assert.rejects(
        () => CreateLogGroup(state, { logGroupName: 'a group' }),
        awsError('InvalidParameterException', /Invalid log group name/),
      );
      await assert.rejects(() => CreateLogGroup(state, {}), awsError('InvalidParameterException', /Value null at 'logGroupName'/));
      assert.deepEqual([...state.store.groups.keys()], ['/aws/lambda/get-user']);
    });
  });

  it('DeleteLogGroup takes a name or an ARN, and refuses a group that does not exist', async () => {
    await withLogsState(async (state) => {
      await CreateLogGroup(state, { logGroupName: '/a' });
      await CreateLogGroup(state, { logGroupName: '/b' });

      await DeleteLogGroup(state, { logGroupIdentifier: 'arn:aws:logs:eu-central-1:000000000000:log-group:/a:*' });
      await DeleteLogGroup(state, { logGroupName: '/b' });

      assert.equal(state.store.groups.size, 0);
      await assert.rejects(
        () => DeleteLogGroup(state, { logGroupName: '/a' }),
        awsError('ResourceNotFoundException', 'The specified log group does not exist.'),
      );
    });
  });

  it('PutRetentionPolicy accepts the days CloudWatch offers and refuses any other value', async () => {
    await withLogsState(async (state) => {
      await CreateLogGroup(state, { logGroupName: '/kept' });

      await PutRetentionPolicy(state, { logGroupName: '/kept', retentionInDays: 14 });
      for (const retentionInDays of [2, 0, -1, 15, 3654, '14', null, 14.5]) {
        await assert.rejects(
          () => PutRetentionPolicy(state, { logGroupName: '/kept', retentionInDays }),
          awsError('InvalidParameterException', /retentionInDays/),
          `retentionInDays ${JSON.stringify(retentionInDays)}`,
        );
      }

      assert.equal(state.store.groups.get('/kept')?.retentionInDays, 14);
      await DeleteRetentionPolicy(state, { logGroupName: '/kept' });
      assert.equal(state.store.groups.get('/kept')?.retentionInDays, undefined);
      await assert.rejects(
        () => PutRetentionPolicy(state, { logGroupName: '/none', retentionInDays: 14 }),
        awsError('ResourceNotFoundException'),
      );
    });
  });

  it('DescribeLogGroups filters by prefix in name order and describes each group for the signed region', async () => {
    await withLogsState(async (state) => {
      for (const logGroupName of ['/aws/lambda/b', '/aws/lambda/a', '/aws/other', '/app']) await CreateLogGroup(state, { logGroupName });
      await PutRetentionPolicy(state, { logGroupName: '/aws/lambda/a', retentionInDays: 7 });

      const { logGroups, nextToken } = DescribeLogGroups(state, { logGroupNamePrefix: '/aws/lambda/' }, request);

      assert.deepEqual(
        logGroups.map((group) => group.logGroupName),
        ['/aws/lambda/a', '/aws/lambda/b'],
      );
      assert.equal(nextToken, undefined);
      const [first] = logGroups;
      assert.equal(first?.retentionInDays, 7);
      assert.equal(first?.arn, 'arn:aws:logs:eu-central-1:000000000000:log-group:/aws/lambda/a:*');
      assert.equal(first?.logGroupArn, 'arn:aws:logs:eu-central-1:000000000000:log-group:/aws/lambda/a');
      assert.equal(first?.storedBytes, 0);
      assert.equal(logGroups[1]?.retentionInDays, undefined);
    });
  });

  it('DescribeLogGroups matches a pattern anywhere in the name, ignoring case, but not together with a prefix', async () => {
    await withLogsState(async (state) => {
      for (const logGroupName of ['/aws/lambda/Render-Card', '/aws/lambda/get-user', '/card-events'])
        await CreateLogGroup(state, { logGroupName });

      const { logGroups } = DescribeLogGroups(state, { logGroupNamePattern: 'CARD' }, request);

      assert.deepEqual(
        logGroups.map((group) => group.logGroupName),
        ['/aws/lambda/Render-Card', '/card-events'],
      );
      assert.throws(
        () => DescribeLogGroups(state, { logGroupNamePattern: 'card', logGroupNamePrefix: '/aws' }, request),
        awsError('InvalidParameterException', 'logGroupNamePrefix and logGroupNamePattern are mutually exclusive'),
      );
    });
  });

  it('DescribeLogGroups pages with a limit and a token, and refuses a limit out of range or a forged token', async () => {
    await withLogsState(async (state) => {
      for (let index = 0; index < 7; index++) await CreateLogGroup(state, { logGroupName: `/page/g${index}` });

      const first = DescribeLogGroups(state, { logGroupNamePrefix: '/page/', limit: 3 }, request);
      const second = DescribeLogGroups(state, { logGroupNamePrefix: '/page/', limit: 3, nextToken: first.nextToken }, request);
      const third = DescribeLogGroups(state, { logGroupNamePrefix: '/page/', limit: 3, nextToken: second.nextToken }, request);

      assert.deepEqual(
        [first, second, third].map((page) => page.logGroups.map((group) => group.logGroupName)),
        [['/page/g0', '/page/g1', '/page/g2'], ['/page/g3', '/page/g4', '/page/g5'], ['/page/g6']],
      );
      assert.equal(typeof first.nextToken, 'string');
      assert.equal(third.nextToken, undefined);
      for (const limit of [0, 51, 2.5]) {
        assert.throws(
          () => DescribeLogGroups(state, { limit }, request),
          awsError('InvalidParameterException', 'limit must be between 1 and 50'),
        );
      }
      assert.throws(
        () => DescribeLogGroups(state, { nextToken: Buffer.from('7').toString('base64url') }, request),
        awsError('InvalidParameterException', 'The specified nextToken is invalid.'),
      );
    });
  });

  it('DescribeLogGroups without a limit returns 50 groups a page', async () => {
    await withLogsState(async (state) => {
      for (let index = 0; index < 52; index++) await CreateLogGroup(state, { logGroupName: `/g${String(index).padStart(2, '0')}` });

      const first = DescribeLogGroups(state, {}, request);
      const second = DescribeLogGroups(state, { nextToken: first.nextToken }, request);

      assert.equal(first.logGroups.length, 50);
      assert.deepEqual(
        second.logGroups.map((group) => group.logGroupName),
        ['/g50', '/g51'],
      );
    });
  });
});
