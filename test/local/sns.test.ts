// The local SNS through the real AWS SDK v3 client: topic lifecycle, typed errors, delivery shape and retries.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SNSClient,
  CreateTopicCommand,
  DeleteTopicCommand,
  ListTopicsCommand,
  GetTopicAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  GetSubscriptionAttributesCommand,
  PublishCommand,
  PublishBatchCommand,
  NotFoundException,
  InvalidParameterException,
  InternalErrorException,
  TooManyEntriesInBatchRequestException,
} from '@aws-sdk/client-sns';
import { startEdge, type Edge } from '../../src/local/edge.js';
import { startSns, type SnsService } from '../../src/local/sns/sns-service.js';
import type { SnsLambdaEvent } from '../../src/local/sns/sns-event.js';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:000000000000:function:render-card';

interface Invocation {
  readonly functionArn: string;
  readonly event: SnsLambdaEvent;
  readonly at: number;
}

describe('local SNS through the AWS SDK', () => {
  let dir: string;
  let edge: Edge;
  let sns: SnsService;
  let client: SNSClient;
  const invocations: Invocation[] = [];
  const dropped: string[] = [];
  /** Message bodies whose deliveries fail, and how many more times. */
  const failures = new Map<string, number>();
  /** Message bodies whose handler waits until the test releases it. */
  const gates = new Map<string, Promise<void>>();
  let completed = 0;

  async function start(): Promise<void> {
    sns = await startSns({
      dir,
      retryDelaysMs: [20, 40],
      log: (line) => dropped.push(line),
      invoke: async (functionArn, event) => {
        const typed = event as SnsLambdaEvent;
        invocations.push({ functionArn, event: typed, at: Date.now() });
        const message = typed.Records[0]?.Sns.Message ?? '';
        await gates.get(message);
        completed++;
        const left = failures.get(message) ?? 0;
        if (left > 0) {
          failures.set(message, left - 1);
          throw new Error('handler failed');
        }
      },
    });
    edge.mount('sns', sns.handler);
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qrcard-sns-'));
    edge = await startEdge();
    await start();
    client = new SNSClient({ endpoint: edge.url, region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  });

  after(async () => {
    client.destroy();
    await sns.stop();
    await edge.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates topics idempotently and manages their attributes', async () => {
    const first = await client.send(new CreateTopicCommand({ Name: 'card-requests' }));
    const again = await client.send(new CreateTopicCommand({ Name: 'card-requests' }));
    assert.equal(first.TopicArn, 'arn:aws:sns:eu-west-1:000000000000:card-requests');
    assert.equal(again.TopicArn, first.TopicArn);
    const topics = await client.send(new ListTopicsCommand({}));
    assert.deepEqual(
      topics.Topics?.map((t) => t.TopicArn),
      [first.TopicArn],
    );

    await client.send(new SetTopicAttributesCommand({ TopicArn: first.TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Cards' }));
    const attributes = await client.send(new GetTopicAttributesCommand({ TopicArn: first.TopicArn }));
    assert.equal(attributes.Attributes?.DisplayName, 'Cards');
    assert.equal(attributes.Attributes?.TopicArn, first.TopicArn);

    const missing = 'arn:aws:sns:eu-west-1:000000000000:nope';
    await assert.rejects(client.send(new GetTopicAttributesCommand({ TopicArn: missing })), NotFoundException);
    await assert.rejects(client.send(new PublishCommand({ TopicArn: missing, Message: 'x' })), NotFoundException);
    await assert.rejects(client.send(new CreateTopicCommand({ Name: 'bad name!' })), InvalidParameterException);
  });

  it('subscribes a function and delivers the SNS event shape asynchronously', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'deliveries' }));
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: FUNCTION_ARN }));
    const attributes = await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    assert.equal(attributes.Attributes?.Endpoint, FUNCTION_ARN);
    assert.ok((await client.send(new ListSubscriptionsCommand({}))).Subscriptions?.some((s) => s.SubscriptionArn === SubscriptionArn));
    await assert.rejects(
      client.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'lambda',
          Endpoint: FUNCTION_ARN,
          Attributes: { FilterPolicy: '{"reason":["created"]}' },
        }),
      ),
      InvalidParameterException,
    );
    await assert.rejects(
      client.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'a@example.com' })),
      InvalidParameterException,
    );
    const listed = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    assert.deepEqual(
      listed.Subscriptions?.map((s) => [s.Protocol, s.Endpoint, s.SubscriptionArn]),
      [['lambda', FUNCTION_ARN, SubscriptionArn]],
    );

    invocations.length = 0;
    completed = 0;
    const message = JSON.stringify({ user_id: 'u1', type: 'attendee', reason: 'created' });
    let release = (): void => {};
    gates.set(message, new Promise((resolve) => (release = resolve)));
    const published = await client.send(
      new PublishCommand({
        TopicArn,
        Subject: 'card',
        Message: message,
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: 'created' },
          raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2]) },
        },
      }),
    );
    assert.equal(completed, 0, 'Publish answers while the function is still running');
    release();
    await sns.idle();
    assert.equal(completed, 1);

    assert.equal(invocations.length, 1);
    const [invocation] = invocations;
    assert.equal(invocation?.functionArn, FUNCTION_ARN);
    const record = invocation?.event.Records[0];
    assert.equal(record?.EventSource, 'aws:sns');
    assert.equal(record?.EventVersion, '1.0');
    assert.equal(record?.EventSubscriptionArn, SubscriptionArn);
    assert.equal(record?.Sns.Type, 'Notification');
    assert.equal(record?.Sns.MessageId, published.MessageId);
    assert.equal(record?.Sns.TopicArn, TopicArn);
    assert.equal(record?.Sns.Subject, 'card');
    assert.deepEqual(JSON.parse(record?.Sns.Message ?? ''), { user_id: 'u1', type: 'attendee', reason: 'created' });
    assert.match(record?.Sns.Timestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(record?.Sns.SignatureVersion, '1');
    assert.ok(
      record?.Sns.Signature && record.Sns.SigningCertUrl && record.Sns.UnsubscribeUrl.includes(encodeURIComponent(SubscriptionArn ?? '')),
    );
    assert.deepEqual(record?.Sns.MessageAttributes, {
      reason: { Type: 'String', Value: 'created' },
      raw: { Type: 'Binary', Value: Buffer.from([1, 2]).toString('base64') },
    });

    await client.send(new UnsubscribeCommand({ SubscriptionArn }));
    await client.send(new PublishCommand({ TopicArn, Message: 'after unsubscribe' }));
    await sns.idle();
    assert.equal(invocations.length, 1);
    await assert.rejects(client.send(new UnsubscribeCommand({ SubscriptionArn })), NotFoundException);
  });

  it('retries a failing delivery twice with back-off, then drops it with a logged error', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'retries' }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: FUNCTION_ARN }));
    invocations.length = 0;
    dropped.length = 0;
    failures.set('recovers', 2);
    failures.set('never', 5);
    await client.send(new PublishCommand({ TopicArn, Message: 'recovers' }));
    await client.send(new PublishCommand({ TopicArn, Message: 'never' }));
    await sns.idle();

    const recovers = invocations.filter((i) => i.event.Records[0]?.Sns.Message === 'recovers');
    const never = invocations.filter((i) => i.event.Records[0]?.Sns.Message === 'never');
    assert.equal(recovers.length, 3, 'two failures, then success on the second retry');
    assert.equal(never.length, 3, 'one attempt and two retries');
    const gaps = never.slice(1).map((i, index) => i.at - (never[index]?.at ?? 0));
    assert.ok((gaps[0] ?? 0) >= 18 && (gaps[1] ?? 0) >= 38, `back-off gaps ${gaps.join(', ')}`);
    assert.equal(dropped.length, 1);
    assert.match(dropped[0] ?? '', /dropped .* after 3 attempts: handler failed/);
  });

  it('publishes batches with per-entry results', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'batches' }));
    const result = await client.send(
      new PublishBatchCommand({
        TopicArn,
        PublishBatchRequestEntries: [
          { Id: 'one', Message: 'first', MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } } },
          { Id: 'two', Message: 'x'.repeat(256 * 1024 + 1) },
          { Id: 'three', Message: 'third', Subject: 'hello' },
        ],
      }),
    );
    assert.deepEqual(
      result.Successful?.map((s) => s.Id),
      ['one', 'three'],
    );
    assert.ok(result.Successful?.every((s) => s.MessageId));
    assert.deepEqual(
      result.Failed?.map((f) => [f.Id, f.Code, f.SenderFault]),
      [['two', 'InvalidParameter', true]],
    );

    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, Message: 'x' }));
    await assert.rejects(
      client.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: eleven })),
      TooManyEntriesInBatchRequestException,
    );
  });

  it('keeps topics and subscriptions across a restart, and deletes topics', async () => {
    edge.unmount('sns');
    await sns.stop();
    await start();
    const topics = await client.send(new ListTopicsCommand({}));
    assert.ok(topics.Topics?.some((t) => t.TopicArn?.endsWith(':retries')));
    const retries = 'arn:aws:sns:eu-west-1:000000000000:retries';
    const subscriptions = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: retries }));
    assert.equal(subscriptions.Subscriptions?.length, 1);

    await client.send(new DeleteTopicCommand({ TopicArn: retries }));
    await assert.rejects(client.send(new ListSubscriptionsByTopicCommand({ TopicArn: retries })), NotFoundException);
  });

  it('reports a state file it cannot write, keeps nothing of that change, and saves again once it can', async () => {
    const statePath = join(dir, 'sns.json');
    await rm(statePath);
    await mkdir(join(statePath, 'blocker'), { recursive: true }); // a rename cannot replace a non-empty directory

    await assert.rejects(client.send(new CreateTopicCommand({ Name: 'unsaved' })), (error: unknown) => {
      assert.ok(error instanceof InternalErrorException, String(error));
      assert.equal(error.$metadata.httpStatusCode, 500);
      assert.match(error.message, /rename '.*' -> '.*\/sns\.json'$/);
      return true;
    });
    await rm(statePath, { recursive: true });
    await client.send(new CreateTopicCommand({ Name: 'saved' }));

    const saved = JSON.parse(await readFile(statePath, 'utf8')) as { topics: Array<{ arn: string }> };
    assert.ok(saved.topics.some((topic) => topic.arn.endsWith(':saved')));
    const listed = (await client.send(new ListTopicsCommand({}))).Topics?.map((topic) => topic.TopicArn) ?? [];
    assert.ok(!listed.some((arn) => arn?.endsWith(':unsaved')), 'the topic whose save failed was not kept');
  });
});
