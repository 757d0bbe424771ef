// PutLogEvents called directly: where it refuses a batch, and which events it stores or reports back by index.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logsActions } from '../../../src/local/logs/logs-actions.js';
import { screenByAge } from '../../../src/local/logs/put-log-events.js';
import type { LogsState } from '../../../src/local/logs/logs-state.js';
import { awsError, DAY, HOUR, NOW, withLogsState } from './logs-fixture.js';

const { CreateLogGroup, CreateLogStream, PutLogEvents, PutRetentionPolicy } = logsActions;

async function withStream(test: (state: LogsState) => Promise<void>): Promise<void> {
  await withLogsState(async (state) => {
    await CreateLogGroup(state, { logGroupName: '/g' });
    await CreateLogStream(state, { logGroupName: '/g', logStreamName: 's' });
    await test(state);
  });
}

function storedMessages(state: LogsState): string[] {
  const group = state.store.groups.get('/g');
  const stream = group?.streams.get('s');
  return group && stream ? state.store.visibleEvents(group, stream).map((event) => event.message) : [];
}

describe('PutLogEvents', () => {
  it('refuses a group or a stream that does not exist', async () => {
    await withStream(async (state) => {
      const logEvents = [{ timestamp: NOW, message: 'x' }];

      await assert.rejects(
        () => PutLogEvents(state, { logGroupName: '/none', logStreamName: 's', logEvents }),
        awsError('ResourceNotFoundException', 'The specified log group does not exist.'),
      );
      await assert.rejects(
        () => PutLogEvents(state, { logGroupName: '/g', logStreamName: 'none', logEvents }),
        awsError('ResourceNotFoundException', 'The specified log stream does not exist.'),
      );
      assert.deepEqual(storedMessages(state), []);
    });
  });

  it('stores a batch in order and answers the next sequence token', async () => {
    await withStream(async (state) => {
      const result = await PutLogEvents(state, {
        logGroupName: '/g',
        logStreamName: 's',
        logEvents: [
          { timestamp: NOW - 2, message: 'a' },
          { timestamp: NOW - 2, message: 'b' },
          { timestamp: NOW - 1, message: 'c' },
        ],
      });

      assert.deepEqual(result, { nextSequenceToken: '3' });
      assert.deepEqual(storedMessages(state), ['a', 'b', 'c']);
    });
  });

  it('refuses a batch out of timestamp order, or spanning more than 24 hours, and stores none of it', async () => {
    await withStream(async (state) => {
      await assert.rejects(
        () =>
          PutLogEvents(state, {
            logGroupName: '/g',
            logStreamName: 's',
            logEvents: [
              { timestamp: NOW - 1, message: 'later' },
              { timestamp: NOW - 2, message: 'earlier' },
            ],
          }),
        awsError('InvalidParameterException', 'Log events in a single PutLogEvents request must be in chronological order.'),
      );
      await assert.rejects(
        () =>
          PutLogEvents(state, {
            logGroupName: '/g',
            logStreamName: 's',
            logEvents: [
              { timestamp: NOW - DAY - 2, message: 'a' },
              { timestamp: NOW - 1, message: 'b' },
            ],
          }),
        awsError('InvalidParameterException', 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.'),
      );
      assert.deepEqual(storedMessages(state), []);
    });
  });

  it('refuses an empty batch and events without a timestamp or a message', async () => {
    await withStream(async (state) => {
      for (const logEvents of [[], undefined, 'x', [{ timestamp: NOW }], [{ message: 'm' }], ['m']]) {
        await assert.rejects(
          () => PutLogEvents(state, { logGroupName: '/g', logStreamName: 's', logEvents }),
          awsError('InvalidParameterException', /logEvents must hold at least one event|every log event needs a timestamp and a message/),
          JSON.stringify(logEvents),
        );
      }
      await assert.rejects(
        () => PutLogEvents(state, { logGroupName: '/g', logStreamName: 's', logEvents: [{ timestamp: String(NOW), message: 'm' }] }),
        awsError('InvalidParameterException', 'timestamp must be a number'),
      );
    });
  });

  it('reports events past retention or too new by index, and stores the rest', async () => {
    await withStream(async (state) => {
      await PutRetentionPolicy(state, { logGroupName: '/g', retentionInDays: 1 });

      const pastRetention = await PutLogEvents(state, {
        logGroupName: '/g',
        logStreamName: 's',
        logEvents: [
          { timestamp: NOW - DAY - 2, message: 'expired' },
          { timestamp: NOW - DAY - 1, message: 'expired too' },
          { timestamp: NOW - HOUR, message: 'kept' },
        ],
      });
      const tooNew = await PutLogEvents(state, {
        logGroupName: '/g',
        logStreamName: 's',
        logEvents: [
          { timestamp: NOW + 2 * HOUR, message: 'kept, just' },
          { timestamp: NOW + 2 * HOUR + 1, message: 'too new' },
        ],
      });

      assert.deepEqual(pastRetention, { nextSequenceToken: '1', rejectedLogEventsInfo: { expiredLogEventEndIndex: 2 } });
      assert.deepEqual(tooNew, { nextSequenceToken: '2', rejectedLogEventsInfo: { tooNewLogEventStartIndex: 1 } });
      assert.deepEqual(storedMessages(state), ['kept', 'kept, just']);
    });
  });

  it('reports a batch older than 14 days whole, whatever the retention', async () => {
    await withStream(async (state) => {
      const result = await PutLogEvents(state, {
        logGroupName: '/g',
        logStreamName: 's',
        logEvents: [
          { timestamp: NOW - 14 * DAY - 2, message: 'ancient' },
          { timestamp: NOW - 14 * DAY - 1, message: 'ancient too' },
        ],
      });

      assert.deepEqual(result, { nextSequenceToken: '0', rejectedLogEventsInfo: { tooOldLogEventEndIndex: 2 } });
      assert.deepEqual(storedMessages(state), []);
    });
  });
});

describe('screenByAge', () => {
  const at = (offset: number) => ({ timestamp: NOW + offset, message: String(offset) });

  it('keeps the events between the oldest and newest cut, with and without retention', () => {
    const events = [at(-15 * DAY), at(-8 * DAY), at(-1), at(3 * HOUR)];

    assert.deepEqual(screenByAge(events, NOW, undefined), {
      accepted: [at(-8 * DAY), at(-1)],
      rejected: { tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 3 },
    });
    assert.deepEqual(screenByAge(events, NOW, 7), {
      accepted: [at(-1)],
      rejected: { tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 2, tooNewLogEventStartIndex: 3 },
    });
    assert.deepEqual(screenByAge([at(0)], NOW, 1), { accepted: [at(0)], rejected: undefined });
  });
});
