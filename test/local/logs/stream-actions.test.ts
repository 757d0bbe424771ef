// The log stream actions, called directly on a store in a temporary directory.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logsActions } from '../../../src/local/logs/logs-actions.js';
import { awsError, NOW, request, withLogsState } from './logs-fixture.js';

const { CreateLogGroup, CreateLogStream, DeleteLogStream, DescribeLogStreams, PutLogEvents } = logsActions;

describe('log stream actions', () => {
  it('CreateLogStream needs the group, a new name and a name without : or *', async () => {
    await withLogsState(async (state) => {
      await CreateLogGroup(state, { logGroupName: '/g' });
      await CreateLogStream(state, { logGroupName: '/g', logStreamName: '2026/01/15/[$LATEST]abc' });

      await assert.rejects(
        () => CreateLogStream(state, { logGroupName: '/g', logStreamName: '2026/01/15/[$LATEST]abc' }),
        awsError('ResourceAlreadyExistsException', 'The specified log stream already exists'),
      );
      await assert.rejects(
        () => CreateLogStream(state, { logGroupName: '/none', logStreamName: 's' }),
        awsError('ResourceNotFoundException', 'The specified log group does not exist.'),
      );
      for (const logStreamName of ['a:b', 'a*', '', 'x'.repeat(513)]) {
        await assert.rejects(
          () => CreateLogStream(state, { logGroupName: '/g', logStreamName }),
          awsError('InvalidParameterException', /^Invalid log stream name/),
          logStreamName,
        );
      }
      assert.deepEqual([...(state.store.groups.get('/g')?.streams.keys() ?? [])], ['2026/01/15/[$LATEST]abc']);
    });
  });

  it('DeleteLogStream removes the stream and refuses one that does not exist', async () => {
    await withLogsState(async (state) => {
      await CreateLogGroup(state, { logGroupName: '/g' });
      await CreateLogStream(state, { logGroupName: '/g', logStreamName: 's' });

      await DeleteLogStream(state, { logGroupName: '/g', logStreamName: 's' });

      assert.equal(state.store.groups.get('/g')?.streams.size, 0);
      await assert.rejects(
        () => DeleteLogStream(state, { logGroupName: '/g', logStreamName: 's' }),
        awsError('ResourceNotFoundException', 'The specified log stream does not exist.'),
      );
    });
  });

  it('DescribeLogStreams describes the events a stream holds', async () => {
    await withLogsState(async (state) => {
      await CreateLogGroup(state, { logGroupName: '/g' });
      await CreateLogStream(state, { logGroupName: '/g', logStreamName: 'empty' });
      await CreateLogStream(state, { logGroupName: '/g', logStreamName: 'full' });
      await PutLogEvents(state, {
        logGroupName: '/g',
        logStreamName: 'full',
        logEvents: [
          { timestamp: NOW - 2_000, message: 'one' },
          { timestamp: NOW - 1_000, message: 'three' },
        ],
      });

      const { logStreams } = DescribeLogStreams(state, { logGroupName: '/g' }, request);

      assert.deepEqual(logStreams[0], {
        logStreamName: 'empty',
        creationTime: NOW,
        uploadSequenceToken: '0',
        arn: 'arn:aws:logs:eu-central-1:000000000000:log-group:/g:log-stream:empty',
        storedBytes: 0,
      });
      assert.deepEqual(logStreams[1], {
        logStreamName: 'full',
        creationTime: NOW,
        firstEventTimestamp: NOW - 2_000,
        lastEventTimestamp: NOW - 1_000,
        lastIngestionTime: NOW,
        uploadSequenceToken: '2',
        arn: 'arn:aws:logs:eu-central-1:000000000000:log-group:/g:log-stream:full',
        storedBytes: 8,
      });
    });
  });

  it('DescribeLogStreams orders by name or by last event time, either way, and pages', async () => {
    await withLogsState(async (state, clock) => {
      await CreateLogGroup(state, { logGroupName: '/g' });
      for (const [name, age] of [
        ['a', 3_000],
        ['b', 1_000],
        ['c', 2_000],
        ['d', 4_000],
      ] as const) {
        await CreateLogStream(state, { logGroupName: '/g', logStreamName: name });
        await PutLogEvents(state, { logGroupName: '/g', logStreamName: name, logEvents: [{ timestamp: clock.now - age, message: name }] });
      }
      const names = (input: Record<string, unknown>): { names: string[]; nextToken: string | undefined } => {
        const page = DescribeLogStreams(state, { logGroupName: '/g', ...input }, request);
        return { names: page.logStreams.map((stream) => stream.logStreamName), nextToken: page.nextToken };
      };

      const newestFirst = names({ orderBy: 'LastEventTime', descending: true, limit: 3 });
      const rest = names({ orderBy: 'LastEventTime', descending: true, limit: 3, nextToken: newestFirst.nextToken });

      assert.deepEqual(newestFirst.names, ['b', 'c', 'a']);
      assert.deepEqual(rest, { names: ['d'], nextToken: undefined });
      assert.deepEqual(names({}).names, ['a', 'b', 'c', 'd']);
      assert.deepEqual(names({ descending: true }).names, ['d', 'c', 'b', 'a']);
      assert.deepEqual(names({ logStreamNamePrefix: 'c' }).names, ['c']);
      assert.throws(
        () => names({ orderBy: 'LastEventTime', logStreamNamePrefix: 'c' }),
        awsError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.'),
      );
      assert.throws(() => names({ orderBy: 'Size' }), awsError('InvalidParameterException', 'Invalid orderBy: Size'));
    });
  });
});
