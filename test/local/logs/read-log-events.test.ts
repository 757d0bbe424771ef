// GetLogEvents and FilterLogEvents called directly: pages, tokens, filter patterns and streams interleaved by time.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logsActions } from '../../../src/local/logs/logs-actions.js';
import type { LogsState } from '../../../src/local/logs/logs-state.js';
import type { JsonObject } from '../../../src/local/protocol/json.js';
import { awsError, DAY, NOW, withLogsState } from './logs-fixture.js';

const { CreateLogGroup, CreateLogStream, PutLogEvents, GetLogEvents, FilterLogEvents, PutRetentionPolicy } = logsActions;

/** Creates `/g` with the streams given, each holding its messages at the timestamps given. */
async function putStreams(state: LogsState, streams: Record<string, Array<[number, string]>>): Promise<void> {
  await CreateLogGroup(state, { logGroupName: '/g' });
  for (const [logStreamName, events] of Object.entries(streams)) {
    await CreateLogStream(state, { logGroupName: '/g', logStreamName });
    const logEvents = events.map(([timestamp, message]) => ({ timestamp, message }));
    await PutLogEvents(state, { logGroupName: '/g', logStreamName, logEvents });
  }
}

describe('GetLogEvents', () => {
  const lines = Array.from({ length: 5 }, (_, index): [number, string] => [NOW - 100 + index, `line ${index}`]);
  const get = (state: LogsState, input: JsonObject) => {
    const page = GetLogEvents(state, { logGroupName: '/g', logStreamName: 's', ...input });
    return { ...page, messages: page.events.map((event) => event.message) };
  };

  it('pages forward from the head with the forward token, which repeats at the end', async () => {
    await withLogsState(async (state) => {
      await putStreams(state, { s: lines });

      const head = get(state, { startFromHead: true, limit: 2 });
      const next = get(state, { nextToken: head.nextForwardToken, limit: 2 });
      const last = get(state, { nextToken: next.nextForwardToken, limit: 2 });
      const end = get(state, { nextToken: last.nextForwardToken, limit: 2 });

      assert.deepEqual(
        [head, next, last, end].map((page) => page.messages),
        [['line 0', 'line 1'], ['line 2', 'line 3'], ['line 4'], []],
      );
      assert.deepEqual([head.nextForwardToken, head.nextBackwardToken], ['f/2', 'b/0']);
      assert.equal(end.nextForwardToken, last.nextForwardToken);
    });
  });

  it('starts from the tail without a token and pages backward with the backward token', async () => {
    await withLogsState(async (state) => {
      await putStreams(state, { s: lines });

      const tail = get(state, { limit: 2 });
      const before = get(state, { nextToken: tail.nextBackwardToken, limit: 2 });
      const first = get(state, { nextToken: before.nextBackwardToken, limit: 2 });

      assert.deepEqual(
        [tail, before, first].map((page) => page.messages),
        [['line 3', 'line 4'], ['line 1', 'line 2'], ['line 0']],
      );
      assert.deepEqual([tail.nextForwardToken, tail.nextBackwardToken], ['f/5', 'b/3']);
      assert.equal(first.nextBackwardToken, 'b/0');
    });
  });

  it('reads the window [startTime, endTime) with ingestion times, and refuses a token it did not hand out', async () => {
    await withLogsState(async (state) => {
      await putStreams(state, { s: lines });

      const window = get(state, { startTime: NOW - 99, endTime: NOW - 97, startFromHead: true });

      assert.deepEqual(window.events, [
        { timestamp: NOW - 99, message: 'line 1', ingestionTime: NOW },
        { timestamp: NOW - 98, message: 'line 2', ingestionTime: NOW },
      ]);
      for (const nextToken of ['x/1', 'f/-1', 'f/']) {
        assert.throws(
          () => get(state, { nextToken }),
          awsError('InvalidParameterException', 'The specified nextToken is invalid.'),
          nextToken,
        );
      }
      assert.throws(() => get(state, { limit: 10_001 }), awsError('InvalidParameterException', 'limit must be between 1 and 10000'));
      assert.throws(
        () => get(state, { logStreamName: 'none' }),
        awsError('ResourceNotFoundException', 'The specified log stream does not exist.'),
      );
    });
  });
});

describe('FilterLogEvents', () => {
  const streams: Record<string, Array<[number, string]>> = {
    'b-stream': [
      [NOW - 10, '{"level":"ERROR","ms":900}'],
      [NOW - 8, 'WARN retrying render'],
      [NOW - 6, 'ERROR font missing'],
    ],
    'a-stream': [
      [NOW - 9, '{"level":"INFO","ms":20}'],
      [NOW - 8, 'ERROR timeout GET'],
      [NOW - 7, 'ERROR Internal Server Error'],
    ],
  };
  const filter = (state: LogsState, input: JsonObject) => FilterLogEvents(state, { logGroupName: '/g', ...input });
  const messages = (state: LogsState, input: JsonObject) => filter(state, input).events.map((event) => event.message);

  it('matches term, phrase, exclusion, any-of and JSON patterns', async () => {
    await withLogsState(async (state) => {
      await putStreams(state, streams);

      assert.deepEqual(messages(state, { filterPattern: 'ERROR -GET -level' }), ['ERROR Internal Server Error', 'ERROR font missing']);
      assert.deepEqual(messages(state, { filterPattern: '"Internal Server"' }), ['ERROR Internal Server Error']);
      assert.deepEqual(messages(state, { filterPattern: '?WARN ?timeout' }), ['WARN retrying render', 'ERROR timeout GET']);
      assert.deepEqual(messages(state, { filterPattern: '{ $.ms > 100 }' }), ['{"level":"ERROR","ms":900}']);
      assert.equal(messages(state, {}).length, 6);
    });
  });

  it('interleaves the streams by timestamp, then by arrival, and pages with a cursor', async () => {
    await withLogsState(async (state) => {
      await putStreams(state, streams);
      const pages: string[][] = [];
      let nextToken: string | undefined;

      // Bounded, so a token that does not advance fails the test instead of looping.
      for (let call = 0; call < 5 && (call === 0 || nextToken !== undefined); call++) {
        const page = filter(state, { limit: 2, ...(nextToken === undefined ? {} : { nextToken }) });
        pages.push(page.events.map((event) => `${event.logStreamName} ${event.timestamp - NOW}`));
        nextToken = page.nextToken;
      }

      assert.deepEqual(pages, [
        ['b-stream -10', 'a-stream -9'],
        ['b-stream -8', 'a-stream -8'],
        ['a-stream -7', 'b-stream -6'],
      ]);
    });
  });

  it('keeps a pattern across pages and reports the streams it searched', async () => {
    await withLogsState(async (state) => {
      await putStreams(state, streams);

      const first = filter(state, { filterPattern: 'ERROR', limit: 2 });
      const second = filter(state, { filterPattern: 'ERROR', limit: 2, nextToken: first.nextToken });

      assert.deepEqual(
        [first, second].map((page) => page.events.map((event) => event.message)),
        [
          ['{"level":"ERROR","ms":900}', 'ERROR timeout GET'],
          ['ERROR Internal Server Error', 'ERROR font missing'],
        ],
      );
      assert.equal(second.nextToken, undefined);
      assert.deepEqual(first.searchedLogStreams, [
        { logStreamName: 'b-stream', searchedCompletely: true },
        { logStreamName: 'a-stream', searchedCompletely: true },
      ]);
      assert.match(first.events[0]?.eventId ?? '', /^\d{20}$/);
    });
  });

  it('narrows to named streams, a stream prefix or [startTime, endTime], but not names and prefix together', async () => {
    await withLogsState(async (state) => {
      await putStreams(state, streams);

      assert.deepEqual(messages(state, { logStreamNames: ['a-stream'], filterPattern: 'ERROR' }), [
        'ERROR timeout GET',
        'ERROR Internal Server Error',
      ]);
      assert.deepEqual(messages(state, { logStreamNamePrefix: 'b-', startTime: NOW - 8, endTime: NOW - 6 }), [
        'WARN retrying render',
        'ERROR font missing',
      ]);
      assert.throws(
        () => filter(state, { logStreamNames: ['a-stream'], logStreamNamePrefix: 'a' }),
        awsError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive'),
      );
      assert.throws(
        () => filter(state, { logStreamNames: 'a-stream' }),
        awsError('InvalidParameterException', 'logStreamNames must be a list of names'),
      );
    });
  });

  it('refuses an invalid pattern, a forged token and a missing group', async () => {
    await withLogsState(async (state) => {
      await putStreams(state, streams);

      assert.throws(
        () => filter(state, { filterPattern: '{ $.ms = }' }),
        awsError('InvalidParameterException', /^Invalid filter pattern: /),
      );
      assert.throws(
        () => filter(state, { nextToken: Buffer.from('"text"').toString('base64url') }),
        awsError('InvalidParameterException', 'The specified nextToken is invalid.'),
      );
      assert.throws(
        () => FilterLogEvents(state, { logGroupName: '/none' }),
        awsError('ResourceNotFoundException', 'The specified log group does not exist.'),
      );
    });
  });

  it('leaves out events past the retention', async () => {
    await withLogsState(async (state, clock) => {
      await putStreams(state, { s: [[NOW - 2 * DAY, 'old']], t: [[NOW - 1, 'fresh']] });

      await PutRetentionPolicy(state, { logGroupName: '/g', retentionInDays: 1 });
      const now = messages(state, {});
      clock.now += DAY;
      const later = messages(state, {});

      assert.deepEqual(now, ['fresh']);
      assert.deepEqual(later, []);
    });
  });
});
