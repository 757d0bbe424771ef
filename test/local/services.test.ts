// The composed local engine: DynamoDB through the SDK, every service behind one edge, state kept across
// a restart, and a failed start that leaves nothing running.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DynamoDBClient,
  CreateTableCommand,
  PutItemCommand,
  GetItemCommand,
  QueryCommand,
  ConditionalCheckFailedException,
  ResourceNotFoundException as TableNotFound,
} from '@aws-sdk/client-dynamodb';
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { SNSClient, CreateTopicCommand, SubscribeCommand, PublishCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startServices, type LocalServices } from '../../src/local/services.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';

describe('local services composed behind one edge', () => {
  let dir: string;
  let services: LocalServices;
  const delivered: unknown[] = [];

  const start = () =>
    startServices({
      dir,
      invoke: (_arn, event) => {
        delivered.push(event);
        return Promise.resolve();
      },
      snsRetryDelaysMs: [10, 10],
    });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qrcard-services-'));
    services = await start();
  });

  after(async () => {
    await services.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves DynamoDB with typed errors', async () => {
    const dynamodb = new DynamoDBClient({ endpoint: services.url, region, credentials });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'users',
        AttributeDefinitions: [
          { AttributeName: 'user_id', AttributeType: 'S' },
          { AttributeName: 'type', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'user_id', KeyType: 'HASH' },
          { AttributeName: 'type', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const item = { user_id: { S: 'u1' }, type: { S: 'attendee' }, name: { S: 'Jiwoo 김' } };
    await dynamodb.send(new PutItemCommand({ TableName: 'users', Item: item, ConditionExpression: 'attribute_not_exists(user_id)' }));
    await assert.rejects(
      dynamodb.send(new PutItemCommand({ TableName: 'users', Item: item, ConditionExpression: 'attribute_not_exists(user_id)' })),
      ConditionalCheckFailedException,
    );
    const got = await dynamodb.send(new GetItemCommand({ TableName: 'users', Key: { user_id: { S: 'u1' }, type: { S: 'attendee' } } }));
    assert.equal(got.Item?.name?.S, 'Jiwoo 김');
    const query = await dynamodb.send(
      new QueryCommand({
        TableName: 'users',
        KeyConditionExpression: 'user_id = :u',
        ExpressionAttributeValues: { ':u': { S: 'u1' } },
      }),
    );
    assert.equal(query.Count, 1);
    await assert.rejects(dynamodb.send(new GetItemCommand({ TableName: 'missing', Key: { user_id: { S: 'x' } } })), TableNotFound);
    dynamodb.destroy();
  });

  it('routes S3, SNS and Logs from one endpoint, and the Lambda runner can write logs in-process', async () => {
    const s3 = new S3Client({ endpoint: services.url, region, credentials, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'cards' }));
    await s3.send(new PutObjectCommand({ Bucket: 'cards', Key: 'cards/u1/attendee.png', Body: 'png' }));

    const sns = new SNSClient({ endpoint: services.url, region, credentials });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'card-requests' }));
    await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:render-card' }),
    );
    await sns.send(new PublishCommand({ TopicArn, Message: '{"user_id":"u1"}' }));
    await services.sns.idle();
    assert.equal(delivered.length, 1);

    await services.logs.append('/aws/lambda/render-card', '2026/01/01/[$LATEST]x', [{ timestamp: Date.now(), message: 'rendered u1' }]);
    const logs = new CloudWatchLogsClient({ endpoint: services.url, region, credentials });
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/render-card', filterPattern: 'rendered' }));
    assert.deepEqual(
      found.events?.map((e) => e.message),
      ['rendered u1'],
    );
    for (const client of [s3, sns, logs]) client.destroy();
  });

  it('keeps every service state across stop and start', async () => {
    await services.stop();
    services = await start();
    const dynamodb = new DynamoDBClient({ endpoint: services.url, region, credentials });
    const got = await dynamodb.send(new GetItemCommand({ TableName: 'users', Key: { user_id: { S: 'u1' }, type: { S: 'attendee' } } }));
    assert.equal(got.Item?.name?.S, 'Jiwoo 김');
    const s3 = new S3Client({ endpoint: services.url, region, credentials, forcePathStyle: true });
    const object = await s3.send(new GetObjectCommand({ Bucket: 'cards', Key: 'cards/u1/attendee.png' }));
    assert.equal(await object.Body?.transformToString(), 'png');
    const sns = new SNSClient({ endpoint: services.url, region, credentials });
    assert.equal((await sns.send(new ListTopicsCommand({}))).Topics?.length, 1);
    const logs = new CloudWatchLogsClient({ endpoint: services.url, region, credentials });
    assert.equal((await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/render-card' }))).events?.length, 1);
    for (const client of [dynamodb, s3, sns, logs]) client.destroy();
  });

  it('tears down the started services when a later one fails, leaving the state folder reusable', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busyPort = (blocker.address() as AddressInfo).port;
    const otherDir = await mkdtemp(join(tmpdir(), 'qrcard-services-fail-'));
    try {
      await assert.rejects(startServices({ dir: otherDir, port: busyPort }), /starting edge failed/);
      // dynalite holds a LevelDB lock while running: starting again in the same folder proves it was stopped.
      const again = await startServices({ dir: otherDir });
      await again.stop();
    } finally {
      blocker.close();
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});

describe('one engine per state folder', () => {
  it('refuses a second start on a folder in use instead of crashing later', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qrcard-services-lock-'));
    const first = await startServices({ dir });
    try {
      await assert.rejects(startServices({ dir }), /in use by another running engine/);
    } finally {
      await first.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
