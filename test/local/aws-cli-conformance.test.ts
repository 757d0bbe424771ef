// Conformance with a client written elsewhere: Debian's AWS CLI v2 against the local engine.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServices, type LocalServices } from '../../src/local/services.js';
import type { SnsLambdaEvent } from '../../src/local/sns/sns-event.js';
import { toolSkipReason } from '../support/external-tool.js';
import { awsCliEnv } from '../support/aws-cli-env.js';

const AWS = '/usr/bin/aws';
const run = promisify(execFile);

// Each CLI call costs a second or two of Python start-up, so the independent services run concurrently.
describe('AWS CLI v2 against the local engine', { skip: toolSkipReason(AWS, 'awscli'), concurrency: true, timeout: 240_000 }, () => {
  let dir: string;
  let services: LocalServices;
  const delivered: Array<{ arn: string; event: SnsLambdaEvent }> = [];

  /** Runs the CLI with dummy credentials and no user config; returns stdout (JSON parsed when it is JSON). */
  async function aws(...args: string[]): Promise<string> {
    const { stdout } = await run(AWS, [...args, '--endpoint-url', services.url, '--output', 'json'], {
      env: awsCliEnv(dir),
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qrcard-cli-'));
    services = await startServices({
      dir: join(dir, 'state'),
      invoke: (arn, event) => {
        delivered.push({ arn, event: event as SnsLambdaEvent });
        return Promise.resolve();
      },
    });
  });

  after(async () => {
    await services.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('dynamodb create-table, put-item, batch-write-item, scan', async () => {
    await aws(
      'dynamodb',
      'create-table',
      '--table-name',
      'users',
      '--attribute-definitions',
      'AttributeName=user_id,AttributeType=S',
      'AttributeName=type,AttributeType=S',
      '--key-schema',
      'AttributeName=user_id,KeyType=HASH',
      'AttributeName=type,KeyType=RANGE',
      '--billing-mode',
      'PAY_PER_REQUEST',
    );
    await aws(
      'dynamodb',
      'put-item',
      '--table-name',
      'users',
      '--item',
      JSON.stringify({ user_id: { S: 'u1' }, type: { S: 'speaker' }, name: { S: 'Ana Conceição' } }),
    );
    const batch = JSON.parse(
      await aws(
        'dynamodb',
        'batch-write-item',
        '--return-consumed-capacity',
        'TOTAL',
        '--request-items',
        JSON.stringify({
          users: ['u2', 'u3'].map((id) => ({
            PutRequest: { Item: { user_id: { S: id }, type: { S: 'staff' }, name: { S: `Zoë ${id}` } } },
          })),
        }),
      ),
    ) as unknown;
    assert.deepEqual(batch, { UnprocessedItems: {}, ConsumedCapacity: [{ TableName: 'users', CapacityUnits: 2 }] });
    const scan = JSON.parse(await aws('dynamodb', 'scan', '--table-name', 'users')) as {
      Count: number;
      Items: Array<Record<string, { S: string }>>;
    };
    assert.equal(scan.Count, 3);
    assert.deepEqual(scan.Items.map((item) => item.name?.S).sort(), ['Ana Conceição', 'Zoë u2', 'Zoë u3']);
  });

  it('s3 mb, cp up and down (including a 9 MB multipart file), ls', async () => {
    const small = randomBytes(1000);
    const large = randomBytes(9 * 1024 * 1024);
    await writeFile(join(dir, 'small.bin'), small);
    await writeFile(join(dir, 'large.bin'), large);
    await aws('s3', 'mb', 's3://cli-bucket');
    await Promise.all([
      aws('s3', 'cp', join(dir, 'small.bin'), 's3://cli-bucket/dir/small file.bin'),
      aws('s3', 'cp', join(dir, 'large.bin'), 's3://cli-bucket/dir/large.bin'),
    ]);
    assert.match(services.s3.store.head('cli-bucket', 'dir/large.bin')?.etag ?? '', /-2"$/, 'the CLI used a two-part multipart upload');
    const [, , top, inside] = await Promise.all([
      aws('s3', 'cp', 's3://cli-bucket/dir/small file.bin', join(dir, 'small.out')),
      aws('s3', 'cp', 's3://cli-bucket/dir/large.bin', join(dir, 'large.out')),
      aws('s3', 'ls', 's3://cli-bucket/'),
      aws('s3', 'ls', 's3://cli-bucket/dir/'),
    ]);
    assert.ok((await readFile(join(dir, 'small.out'))).equals(small));
    assert.ok((await readFile(join(dir, 'large.out'))).equals(large));
    assert.match(top, /PRE dir\//);
    assert.match(inside, /\s9437184 large\.bin/);
    assert.match(inside, /\s1000 small file\.bin/);
  });

  it('sns create-topic, subscribe, publish', async () => {
    const { TopicArn } = JSON.parse(await aws('sns', 'create-topic', '--name', 'card-requests')) as { TopicArn: string };
    assert.equal(TopicArn, 'arn:aws:sns:us-east-1:000000000000:card-requests');
    const functionArn = 'arn:aws:lambda:us-east-1:000000000000:function:render-card';
    await aws('sns', 'subscribe', '--topic-arn', TopicArn, '--protocol', 'lambda', '--notification-endpoint', functionArn);
    const { MessageId } = JSON.parse(
      await aws(
        'sns',
        'publish',
        '--topic-arn',
        TopicArn,
        '--message',
        '{"user_id":"u1"}',
        '--message-attributes',
        '{"reason":{"DataType":"String","StringValue":"regen"}}',
      ),
    ) as { MessageId: string };
    await services.sns.idle();
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0]?.arn, functionArn);
    assert.equal(delivered[0]?.event.Records[0]?.Sns.MessageId, MessageId);
    assert.deepEqual(delivered[0]?.event.Records[0]?.Sns.MessageAttributes, { reason: { Type: 'String', Value: 'regen' } });
  });

  it('logs filter-log-events', async () => {
    const group = '/aws/lambda/render-card';
    const now = Date.now();
    await services.logs.append(group, 's1', [
      { timestamp: now - 2, message: JSON.stringify({ level: 'ERROR', msg: 'font missing' }) },
      { timestamp: now - 1, message: JSON.stringify({ level: 'INFO', msg: 'card ready' }) },
    ]);
    await services.logs.append(group, 's2', [{ timestamp: now, message: JSON.stringify({ level: 'ERROR', msg: 'timeout' }) }]);
    const found = JSON.parse(
      await aws('logs', 'filter-log-events', '--log-group-name', group, '--filter-pattern', '{ $.level = "ERROR" }'),
    ) as {
      events: Array<{ logStreamName: string; message: string }>;
    };
    assert.deepEqual(
      found.events.map((e) => [e.logStreamName, (JSON.parse(e.message) as { msg: string }).msg]),
      [
        ['s1', 'font missing'],
        ['s2', 'timeout'],
      ],
    );
  });
});
