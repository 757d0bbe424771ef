// Following log groups through FilterLogEvents (mocked: throttling and missing groups are AWS's doing):
// staggered polls, a longer wait after a throttled poll, a group that does not exist yet, paging.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { followLogs } from '../../src/logs/follow-logs.js';
import type { LogEvent } from '../../src/logs/log-line.js';
import { readGroupEvents, type LogGroupRef } from '../../src/logs/read-events.js';

const INTERVAL = 400;
const register: LogGroupRef = { name: '/aws/lambda/app-dev-register-user', source: 'register-user' };
const access: LogGroupRef = { name: '/aws/apigateway/app-dev/access', source: 'api' };

const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
const missing = () =>
  new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: { httpStatusCode: 400 } });
const page = (...messages: string[]) => ({
  events: messages.map((message, index) => ({ eventId: message, timestamp: 1_000 + index, message, logStreamName: 's' })),
});

/**
 * Follows `groups` with a sleep that returns at once and records each wait per group (in poll order),
 * stopping after `polls` FilterLogEvents calls.
 */
async function follow(logs: CloudWatchLogsClient, groups: readonly LogGroupRef[], polls: number) {
  const stop = new AbortController();
  const waits: number[] = [];
  const shown: LogEvent[] = [];
  const warnings: string[] = [];
  let calls = 0;
  const counting = {
    send: ((command: FilterLogEventsCommand) => {
      calls += 1;
      if (calls >= polls) stop.abort();
      return logs.send(command);
    }) as CloudWatchLogsClient['send'],
  };
  await followLogs(
    { groups, startTime: 0, intervalMs: INTERVAL, lateWindowMs: 5_000, signal: stop.signal },
    {
      logs: counting,
      emit: (events) => shown.push(...events),
      warn: (message) => warnings.push(message),
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    },
  );
  return { waits, shown, warnings };
}

describe('followLogs', () => {
  it('waits twice as long after each throttled poll, shows the events once one succeeds, and returns to the interval', async () => {
    const logs = mockClient(CloudWatchLogsClient);
    logs.on(FilterLogEventsCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves(page('one', 'two'));

    const { waits, shown, warnings } = await follow(logs as unknown as CloudWatchLogsClient, [register], 4);

    // The first wait is the group's offset in the stagger; then 2x, 4x, then the interval again.
    assert.deepEqual(waits, [0, 2 * INTERVAL, 4 * INTERVAL, INTERVAL, INTERVAL]);
    assert.deepEqual(
      shown.map((event) => event.message),
      ['one', 'two'],
    );
    assert.deepEqual(warnings, []);
    logs.restore();
  });

  it('spreads the groups over the interval and reads a missing group as empty until it appears', async () => {
    const logs = mockClient(CloudWatchLogsClient);
    logs.on(FilterLogEventsCommand, { logGroupName: register.name }).resolves(page('registered'));
    logs.on(FilterLogEventsCommand, { logGroupName: access.name }).rejectsOnce(missing()).resolves(page('{"requestId":"r"}'));

    const { waits, shown, warnings } = await follow(logs as unknown as CloudWatchLogsClient, [register, access], 6);

    assert.deepEqual(waits.slice(0, 2), [0, INTERVAL / 2]);
    assert.deepEqual(warnings, []);
    assert.deepEqual(shown.map((event) => event.source).sort(), ['api', 'register-user']);
    logs.restore();
  });

  it('warns about another failure and keeps following', async () => {
    const logs = mockClient(CloudWatchLogsClient);
    logs.on(FilterLogEventsCommand).rejectsOnce(new Error('socket hang up')).resolves(page('after'));

    const { shown, warnings } = await follow(logs as unknown as CloudWatchLogsClient, [register], 3);

    assert.deepEqual(warnings, [`reading ${register.name} failed (socket hang up); trying again`]);
    assert.deepEqual(
      shown.map((event) => event.message),
      ['after'],
    );
    logs.restore();
  });
});

describe('readGroupEvents', () => {
  it('reads every page of the window with its filter pattern', async () => {
    const logs = mockClient(CloudWatchLogsClient);
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ ...page('p1'), nextToken: 't2' })
      .resolvesOnce(page('p2'));

    const events = await readGroupEvents(logs, register, {
      startTime: 5,
      endTime: 9,
      filterPattern: 'ERROR',
    });

    assert.deepEqual(
      events.map((event) => event.message),
      ['p1', 'p2'],
    );
    const inputs = logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);
    assert.deepEqual(inputs[0], { logGroupName: register.name, startTime: 5, endTime: 9, filterPattern: 'ERROR' });
    assert.equal(inputs[1]?.nextToken, 't2');
    logs.restore();
  });
});
