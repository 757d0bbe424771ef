// The local CloudWatch Logs through the real AWS SDK v3 client, plus the in-process append API.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  PutRetentionPolicyCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  PutLogEventsCommand,
  GetLogEventsCommand,
  FilterLogEventsCommand,
  ResourceNotFoundException,
  ResourceAlreadyExistsException,
  InvalidParameterException,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { startEdge, type Edge } from '../../src/local/edge.js';
import { startLogs, type LogsService } from '../../src/local/logs/logs-service.js';

const DAY = 86_400_000;

describe('local CloudWatch Logs through the AWS SDK', () => {
  let dir: string;
  let edge: Edge;
  let logs: LogsService;
  let client: CloudWatchLogsClient;
  /** A settable clock, so retention can be tested without waiting days. */
  let clock = Date.now();

  async function start(): Promise<void> {
    logs = await startLogs({ dir, now: () => clock });
    edge.mount('logs', logs.handler);
  }

  async function restart(): Promise<void> {
    edge.unmount('logs');
    await logs.stop();
    await start();
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qrcard-logs-'));
    edge = await startEdge();
    await start();
    client = new CloudWatchLogsClient({
      endpoint: edge.url,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
  });

  after(async () => {
    client.destroy();
    await logs.stop();
    await edge.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates, describes and deletes groups and streams with typed errors', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/get-user' }));
    await assert.rejects(client.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/get-user' })), ResourceAlreadyExistsException);
    await client.send(new CreateLogStreamCommand({ logGroupName: '/aws/lambda/get-user', logStreamName: '2026/01/01/[$LATEST]abc' }));
    await assert.rejects(
      client.send(new CreateLogStreamCommand({ logGroupName: '/aws/lambda/nope', logStreamName: 's' })),
      ResourceNotFoundException,
    );
    await client.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/get-user', retentionInDays: 14 }));
    await assert.rejects(
      client.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/get-user', retentionInDays: 2 })),
      InvalidParameterException,
    );

    const groups = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    assert.equal(groups.logGroups?.length, 1);
    const [described] = groups.logGroups ?? [];
    assert.equal(described?.retentionInDays, 14);
    assert.equal(described?.arn, 'arn:aws:logs:eu-central-1:000000000000:log-group:/aws/lambda/get-user:*');
    await client.send(new DeleteRetentionPolicyCommand({ logGroupName: '/aws/lambda/get-user' }));
    const after = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/get' }));
    assert.equal(after.logGroups?.[0]?.retentionInDays, undefined);

    const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/get-user' }));
    assert.deepEqual(
      streams.logStreams?.map((s) => s.logStreamName),
      ['2026/01/01/[$LATEST]abc'],
    );

    await client.send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/get-user' }));
    await assert.rejects(client.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/get-user' })), ResourceNotFoundException);
    await assert.rejects(client.send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/get-user' })), ResourceNotFoundException);
  });

  it('pages DescribeLogGroups', async () => {
    for (let i = 0; i < 55; i++) await client.send(new CreateLogGroupCommand({ logGroupName: `/page/g${String(i).padStart(2, '0')}` }));
    const first = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/page/' }));
    assert.equal(first.logGroups?.length, 50);
    const second = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/page/', nextToken: first.nextToken }));
    assert.deepEqual(
      second.logGroups?.map((g) => g.logGroupName),
      ['/page/g50', '/page/g51', '/page/g52', '/page/g53', '/page/g54'],
    );
    assert.equal(second.nextToken, undefined);
  });

  it('puts events in order, rejects disorder and reads them back with GetLogEvents tokens', async () => {
    const group = '/aws/lambda/register-user';
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's1' }));
    const base = clock - 60_000;
    const put = await client.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's1',
        logEvents: Array.from({ length: 5 }, (_, i) => ({ timestamp: base + i, message: `line ${i}` })),
      }),
    );
    assert.equal(put.rejectedLogEventsInfo, undefined);
    await assert.rejects(
      client.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 's1',
          logEvents: [
            { timestamp: base + 9, message: 'b' },
            { timestamp: base + 8, message: 'a' },
          ],
        }),
      ),
      InvalidParameterException,
    );
    await assert.rejects(
      client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'nope', logEvents: [{ timestamp: base, message: 'x' }] })),
      ResourceNotFoundException,
    );

    const tooOld = await client.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's1',
        logEvents: [
          { timestamp: clock - 20 * DAY, message: 'ancient' },
          { timestamp: clock - 20 * DAY + 1, message: 'ancient too' },
        ],
      }),
    );
    assert.equal(tooOld.rejectedLogEventsInfo?.tooOldLogEventEndIndex, 2);
    await assert.rejects(
      client.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 's1',
          logEvents: [
            { timestamp: base - 2 * DAY, message: 'a' },
            { timestamp: base, message: 'b' },
          ],
        }),
      ),
      InvalidParameterException,
      'a batch spans at most 24 hours',
    );
    await client.send(
      new PutLogEventsCommand({ logGroupName: group, logStreamName: 's1', logEvents: [{ timestamp: base + 5, message: 'line 5' }] }),
    );

    const head = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 's1', startFromHead: true, limit: 4 }));
    assert.deepEqual(
      head.events?.map((e) => e.message),
      ['line 0', 'line 1', 'line 2', 'line 3'],
    );
    const rest = await client.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 's1', nextToken: head.nextForwardToken, limit: 4 }),
    );
    assert.deepEqual(
      rest.events?.map((e) => e.message),
      ['line 4', 'line 5'],
    );
    const end = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 's1', nextToken: rest.nextForwardToken }));
    assert.deepEqual(end.events, []);
    assert.equal(end.nextForwardToken, rest.nextForwardToken, 'the forward token repeats at the end');
    const tail = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 's1', limit: 2 }));
    assert.deepEqual(
      tail.events?.map((e) => e.message),
      ['line 4', 'line 5'],
    );
  });

  it('filters across streams with patterns, time windows and pagination', async () => {
    const group = '/aws/lambda/render-card';
    const t0 = clock - 10 * 60_000;
    await logs.append(group, 'b-stream', [
      { timestamp: t0 + 1, message: JSON.stringify({ level: 'ERROR', x: 9, msg: 'font missing' }) },
      { timestamp: t0 + 3, message: 'WARN retrying render' },
    ]);
    await logs.append(group, 'a-stream', [
      { timestamp: t0 + 2, message: JSON.stringify({ level: 'INFO', x: 2, msg: 'card ready' }) },
      { timestamp: t0 + 4, message: 'ERROR Internal Server Error' },
      { timestamp: t0 + 5, message: 'ERROR timeout GET' },
    ]);
    const filter = async (filterPattern: string, extra: Record<string, unknown> = {}) =>
      ((await client.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern, ...extra }))).events ?? []).map(
        (e) => e.message,
      );

    assert.equal((await filter('')).length, 5);
    assert.deepEqual(await filter('ERROR -GET'), [
      JSON.stringify({ level: 'ERROR', x: 9, msg: 'font missing' }),
      'ERROR Internal Server Error',
    ]);
    assert.deepEqual(await filter('ERROR -GET -level'), ['ERROR Internal Server Error']);
    assert.deepEqual(await filter('"Internal Server"'), ['ERROR Internal Server Error']);
    assert.deepEqual(await filter('?WARN ?timeout'), ['WARN retrying render', 'ERROR timeout GET']);
    assert.deepEqual(await filter('{ $.level = "ERROR" }'), [JSON.stringify({ level: 'ERROR', x: 9, msg: 'font missing' })]);
    assert.deepEqual(await filter('{ $.x > 5 }'), [JSON.stringify({ level: 'ERROR', x: 9, msg: 'font missing' })]);
    assert.deepEqual(await filter('ERROR', { logStreamNames: ['a-stream'] }), ['ERROR Internal Server Error', 'ERROR timeout GET']);
    assert.deepEqual(await filter('', { startTime: t0 + 2, endTime: t0 + 3 }), [
      JSON.stringify({ level: 'INFO', x: 2, msg: 'card ready' }),
      'WARN retrying render',
    ]);
    await assert.rejects(
      client.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.x = }' })),
      InvalidParameterException,
    );
    await assert.rejects(client.send(new FilterLogEventsCommand({ logGroupName: '/none' })), ResourceNotFoundException);

    const pages: string[][] = [];
    for await (const page of paginateFilterLogEvents({ client }, { logGroupName: group, limit: 2 })) {
      pages.push((page.events ?? []).map((e) => e.logStreamName ?? ''));
    }
    assert.deepEqual(
      pages,
      [['b-stream', 'a-stream'], ['b-stream', 'a-stream'], ['a-stream']],
      'timestamp order across streams, 2 per page',
    );
  });

  it('hides and prunes events older than the retention, and keeps the rest across a restart', async () => {
    const group = '/retention';
    await logs.append(group, 's', [
      { timestamp: clock - 3 * DAY, message: 'three days old' },
      { timestamp: clock - 1000, message: 'fresh' },
    ]);
    await client.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 1 }));
    const visible = await client.send(new FilterLogEventsCommand({ logGroupName: group }));
    assert.deepEqual(
      visible.events?.map((e) => e.message),
      ['fresh'],
    );

    await restart();
    const kept = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 's', startFromHead: true }));
    assert.deepEqual(
      kept.events?.map((e) => e.message),
      ['fresh'],
    );
    const other = await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/render-card', filterPattern: 'ERROR' }));
    assert.equal(other.events?.length, 3);

    await client.send(new DeleteRetentionPolicyCommand({ logGroupName: group }));
    const pruned = await client.send(new FilterLogEventsCommand({ logGroupName: group }));
    assert.deepEqual(
      pruned.events?.map((e) => e.message),
      ['fresh'],
      'expired events were deleted, not only hidden',
    );
    await client.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 1 }));

    clock += 2 * DAY;
    const expired = await client.send(new FilterLogEventsCommand({ logGroupName: group }));
    assert.deepEqual(expired.events, [], 'the retention applies as time passes');
    clock -= 2 * DAY;
  });
});
