// The SNS actions called directly over an in-memory state: what each answers, refuses, saves and delivers.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { QueryRequest, QueryResult } from '../../../src/local/protocol/query.js';
import { snsActions } from '../../../src/local/sns/sns-actions.js';
import type { Delivery } from '../../../src/local/sns/sns-delivery.js';
import type { SnsLambdaEvent } from '../../../src/local/sns/sns-event.js';
import { createSnsState, noRecords, type SnsRecords, type SnsState } from '../../../src/local/sns/sns-state.js';
import { entriesAt, membersAt, textAt } from '../protocol/xml-nodes.js';

const REGION = 'eu-west-1';
const TOPIC_ARN = `arn:aws:sns:${REGION}:000000000000:card-requests`;
const OTHER_TOPIC_ARN = `arn:aws:sns:${REGION}:000000000000:other`;
const RENDER = `arn:aws:lambda:${REGION}:000000000000:function:render-card`;
const AUDIT = `arn:aws:lambda:${REGION}:000000000000:function:audit`;
const ENDPOINT = 'http://127.0.0.1:4566';

type ActionName = keyof typeof snsActions;

interface Harness {
  readonly state: SnsState;
  /** Every set of records saved, in order. */
  readonly saves: SnsRecords[];
  readonly deliveries: Delivery[];
}

function harness(records: SnsRecords = noRecords): Harness {
  const saves: SnsRecords[] = [];
  const deliveries: Delivery[] = [];
  const state = createSnsState({
    records,
    save: (next) => {
      saves.push(next);
      return Promise.resolve();
    },
    deliveries: { enqueue: (delivery) => deliveries.push(delivery) },
  });
  return { state, saves, deliveries };
}

/** Runs an action as the protocol does: whatever it throws, synchronously or not, becomes a rejection. */
function act(state: SnsState, action: ActionName, parameters: Record<string, string> = {}, region = REGION): Promise<QueryResult> {
  const request: QueryRequest = { action, parameters: { Action: action, ...parameters }, region, endpoint: ENDPOINT };
  return Promise.resolve().then(() => snsActions[action](state, request));
}

const topic = (arn: string, attributes: Record<string, string> = {}) => ({ arn, name: arn.split(':')[5] ?? '', attributes });
const subscription = (topicArn: string, endpoint: string, protocol = 'lambda') => ({
  arn: `${topicArn}:${endpoint.split(':').pop() ?? ''}`,
  topicArn,
  protocol,
  endpoint,
  attributes: {},
});

/** A topic with two lambda subscriptions and one of another protocol, beside a second topic with its own. */
const subscribedRecords: SnsRecords = {
  topics: [topic(TOPIC_ARN), topic(OTHER_TOPIC_ARN)],
  subscriptions: [
    subscription(TOPIC_ARN, RENDER),
    subscription(TOPIC_ARN, AUDIT),
    subscription(TOPIC_ARN, 'arn:aws:sqs:eu-west-1:000000000000:queue', 'sqs'),
    subscription(OTHER_TOPIC_ARN, RENDER),
  ],
};

/** The one record of a delivery's event (built by snsLambdaEvent, whose shape sns-event tests check). */
function eventOf(delivery: Delivery | undefined): SnsLambdaEvent['Records'][number] | undefined {
  return (delivery?.event as SnsLambdaEvent | undefined)?.Records[0];
}

describe('CreateTopic', () => {
  it("names the topic in the request's region, saves it once, and answers the same ARN again", async () => {
    const { state, saves } = harness();

    const first = await act(state, 'CreateTopic', { Name: 'card-requests' });
    const again = await act(state, 'CreateTopic', { Name: 'card-requests' });

    assert.equal(textAt(first, 'TopicArn'), TOPIC_ARN);
    assert.equal(textAt(again, 'TopicArn'), TOPIC_ARN);
    assert.equal(saves.length, 1);
    assert.deepEqual(state.saved.topics, [{ arn: TOPIC_ARN, name: 'card-requests', attributes: {} }]);
  });

  it('refuses the name of an existing topic with other attributes, and accepts it with the same ones', async () => {
    const { state, saves } = harness({ topics: [topic(TOPIC_ARN, { DisplayName: 'Cards' })], subscriptions: [] });

    await assert.rejects(
      act(state, 'CreateTopic', { Name: 'card-requests', 'Attributes.entry.1.key': 'DisplayName', 'Attributes.entry.1.value': 'Other' }),
      {
        code: 'InvalidParameter',
        message: 'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
      },
    );
    const same = await act(state, 'CreateTopic', {
      Name: 'card-requests',
      'Attributes.entry.1.key': 'DisplayName',
      'Attributes.entry.1.value': 'Cards',
    });

    assert.equal(textAt(same, 'TopicArn'), TOPIC_ARN);
    assert.equal(saves.length, 0);
  });

  it('refuses a name SNS would refuse', async () => {
    const { state } = harness();

    await assert.rejects(act(state, 'CreateTopic', { Name: 'bad name!' }), {
      code: 'InvalidParameter',
      message: 'Invalid parameter: Topic Name',
    });
    await assert.rejects(act(state, 'CreateTopic', {}), { code: 'InvalidParameter', message: 'Invalid parameter: Name is required' });
  });
});

describe('topic attributes and listing', () => {
  it('reports the subscription count and the attributes set, and refuses to set a read-only one', async () => {
    const { state } = harness(subscribedRecords);

    await act(state, 'SetTopicAttributes', { TopicArn: TOPIC_ARN, AttributeName: 'DisplayName', AttributeValue: 'Cards' });
    const attributes = entriesAt(await act(state, 'GetTopicAttributes', { TopicArn: TOPIC_ARN }), 'Attributes');

    assert.equal(attributes.DisplayName, 'Cards');
    assert.equal(attributes.SubscriptionsConfirmed, '3');
    assert.equal(attributes.Owner, '000000000000');
    await assert.rejects(act(state, 'SetTopicAttributes', { TopicArn: TOPIC_ARN, AttributeName: 'Owner', AttributeValue: 'me' }), {
      code: 'InvalidParameter',
      message: 'Invalid parameter: AttributeName Owner is read-only',
    });
    await assert.rejects(act(state, 'GetTopicAttributes', { TopicArn: `${TOPIC_ARN}-gone` }), { code: 'NotFound', status: 404 });
  });

  it("lists the request region's topics a hundred a page", async () => {
    const many = Array.from({ length: 101 }, (_, index) => topic(`arn:aws:sns:${REGION}:000000000000:t${index}`));
    const { state } = harness({ topics: [...many, topic('arn:aws:sns:us-east-1:000000000000:elsewhere')], subscriptions: [] });

    const first = await act(state, 'ListTopics');
    const second = await act(state, 'ListTopics', { NextToken: textAt(first, 'NextToken') ?? '' });

    assert.equal(membersAt(first, 'Topics').length, 100);
    assert.equal(textAt(first, 'NextToken'), '100');
    assert.deepEqual(
      membersAt(second, 'Topics').map((member) => textAt(member, 'TopicArn')),
      [`arn:aws:sns:${REGION}:000000000000:t100`],
    );
    assert.equal(textAt(second, 'NextToken'), undefined);
    await assert.rejects(act(state, 'ListTopics', { NextToken: 'x' }), {
      code: 'InvalidParameter',
      message: 'Invalid parameter: NextToken',
    });
  });

  it('deletes a topic with its subscriptions, and a missing one quietly', async () => {
    const { state } = harness(subscribedRecords);

    const result = await act(state, 'DeleteTopic', { TopicArn: TOPIC_ARN });
    await act(state, 'DeleteTopic', { TopicArn: `${TOPIC_ARN}-gone` });

    assert.equal(result, undefined);
    assert.deepEqual(
      state.saved.topics.map((saved) => saved.arn),
      [OTHER_TOPIC_ARN],
    );
    assert.deepEqual(
      state.saved.subscriptions.map((saved) => saved.topicArn),
      [OTHER_TOPIC_ARN],
    );
  });
});

describe('Subscribe and Unsubscribe', () => {
  it('subscribes a function once, however often asked', async () => {
    const { state, saves } = harness({ topics: [topic(TOPIC_ARN)], subscriptions: [] });

    const first = await act(state, 'Subscribe', { TopicArn: TOPIC_ARN, Protocol: 'lambda', Endpoint: RENDER });
    const again = await act(state, 'Subscribe', { TopicArn: TOPIC_ARN, Protocol: 'lambda', Endpoint: RENDER });

    assert.match(textAt(first, 'SubscriptionArn') ?? '', new RegExp(`^${TOPIC_ARN}:[0-9a-f-]{36}$`));
    assert.equal(textAt(again, 'SubscriptionArn'), textAt(first, 'SubscriptionArn'));
    assert.equal(saves.length, 1);
  });

  it('refuses a filter policy, another protocol, an endpoint that is no function and a missing topic, saving nothing', async () => {
    const { state, saves } = harness({ topics: [topic(TOPIC_ARN)], subscriptions: [] });
    const lambda = { TopicArn: TOPIC_ARN, Protocol: 'lambda', Endpoint: RENDER };

    await assert.rejects(
      act(state, 'Subscribe', { ...lambda, 'Attributes.entry.1.key': 'FilterPolicy', 'Attributes.entry.1.value': '{}' }),
      {
        code: 'InvalidParameter',
        message: 'Invalid parameter: FilterPolicy is not supported by the local SNS',
      },
    );
    await assert.rejects(act(state, 'Subscribe', { ...lambda, Protocol: 'email', Endpoint: 'a@example.com' }), {
      code: 'InvalidParameter',
      message: "Invalid parameter: the local SNS delivers only to 'lambda' subscriptions, not 'email'",
    });
    await assert.rejects(act(state, 'Subscribe', { ...lambda, Endpoint: 'arn:aws:sqs:eu-west-1:000000000000:q' }), {
      code: 'InvalidParameter',
      message: 'Invalid parameter: Lambda endpoint ARN',
    });
    await assert.rejects(act(state, 'Subscribe', { ...lambda, TopicArn: OTHER_TOPIC_ARN }), {
      code: 'NotFound',
      message: 'Topic does not exist',
    });
    assert.equal(saves.length, 0);
  });

  it('unsubscribes a known subscription and answers NotFound for an unknown one', async () => {
    const { state } = harness(subscribedRecords);
    const [known] = subscribedRecords.subscriptions;

    await act(state, 'Unsubscribe', { SubscriptionArn: known?.arn ?? '' });

    assert.ok(!state.saved.subscriptions.some((saved) => saved.arn === known?.arn));
    await assert.rejects(act(state, 'Unsubscribe', { SubscriptionArn: known?.arn ?? '' }), {
      code: 'NotFound',
      status: 404,
      message: 'Subscription does not exist',
    });
    await assert.rejects(act(state, 'GetSubscriptionAttributes', { SubscriptionArn: known?.arn ?? '' }), { code: 'NotFound' });
  });

  it("lists a topic's subscriptions, and all of them", async () => {
    const { state } = harness(subscribedRecords);

    const byTopic = await act(state, 'ListSubscriptionsByTopic', { TopicArn: OTHER_TOPIC_ARN });
    const all = await act(state, 'ListSubscriptions');

    assert.deepEqual(
      membersAt(byTopic, 'Subscriptions').map((member) => [textAt(member, 'Protocol'), textAt(member, 'Endpoint')]),
      [['lambda', RENDER]],
    );
    assert.equal(membersAt(all, 'Subscriptions').length, 4);
  });
});

describe('Publish', () => {
  it('hands the message to the queue once per lambda subscription of its topic, with the endpoint in the event', async () => {
    const { state, deliveries } = harness(subscribedRecords);

    const result = await act(state, 'Publish', { TopicArn: TOPIC_ARN, Message: 'hello', Subject: 'card' });

    assert.deepEqual(
      deliveries.map((delivery) => delivery.functionArn),
      [RENDER, AUDIT],
    );
    const record = eventOf(deliveries[0]);
    assert.equal(record?.Sns.MessageId, textAt(result, 'MessageId'));
    assert.equal(record?.Sns.Message, 'hello');
    assert.equal(record?.Sns.Subject, 'card');
    assert.equal(record?.EventSubscriptionArn, subscribedRecords.subscriptions[0]?.arn);
    assert.ok(record?.Sns.UnsubscribeUrl.startsWith(`${ENDPOINT}/?Action=Unsubscribe&`));
  });

  it('gives Lambda the lambda or default text of a JSON structure, and refuses one without a default entry', async () => {
    const { state, deliveries } = harness(subscribedRecords);

    await act(state, 'Publish', { TopicArn: OTHER_TOPIC_ARN, MessageStructure: 'json', Message: '{"default":"d","lambda":"l"}' });

    assert.equal(eventOf(deliveries[0])?.Sns.Message, 'l');
    await assert.rejects(act(state, 'Publish', { TopicArn: OTHER_TOPIC_ARN, MessageStructure: 'json', Message: '{"lambda":"l"}' }), {
      code: 'InvalidParameter',
      message: 'Invalid parameter: Message Structure - No default entry in JSON message body',
    });
    assert.equal(deliveries.length, 1);
  });

  it('refuses a message over 256 KiB, a bad subject, no topic and a missing one, delivering nothing', async () => {
    const { state, deliveries } = harness(subscribedRecords);

    await assert.rejects(act(state, 'Publish', { TopicArn: TOPIC_ARN, Message: 'x'.repeat(256 * 1024 + 1) }), {
      code: 'InvalidParameter',
      message: 'Invalid parameter: Message too long',
    });
    await assert.rejects(act(state, 'Publish', { TopicArn: TOPIC_ARN, Message: 'x', Subject: 'two\nlines' }), {
      code: 'InvalidParameter',
      message: 'Invalid parameter: Subject',
    });
    await assert.rejects(act(state, 'Publish', { Message: 'x' }), {
      code: 'InvalidParameter',
      message: 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
    });
    await assert.rejects(act(state, 'Publish', { TopicArn: `${TOPIC_ARN}-gone`, Message: 'x' }), { code: 'NotFound', status: 404 });
    assert.equal(deliveries.length, 0);
  });
});

describe('PublishBatch', () => {
  const entry = (index: number, id: string, message: string) => ({
    [`PublishBatchRequestEntries.member.${index}.Id`]: id,
    [`PublishBatchRequestEntries.member.${index}.Message`]: message,
  });

  it('refuses an empty batch, more than ten entries and repeated ids as a whole', async () => {
    const { state, deliveries } = harness(subscribedRecords);
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, index) => Object.entries(entry(index + 1, `m${index}`, 'x'))).flat());

    await assert.rejects(act(state, 'PublishBatch', { TopicArn: TOPIC_ARN }), {
      code: 'EmptyBatchRequest',
      message: "The batch request doesn't contain any entries.",
    });
    await assert.rejects(act(state, 'PublishBatch', { TopicArn: TOPIC_ARN, ...eleven }), { code: 'TooManyEntriesInBatchRequest' });
    await assert.rejects(act(state, 'PublishBatch', { TopicArn: TOPIC_ARN, ...entry(1, 'same', 'a'), ...entry(2, 'same', 'b') }), {
      code: 'BatchEntryIdsNotDistinct',
    });
    await assert.rejects(act(state, 'PublishBatch', { TopicArn: `${TOPIC_ARN}-gone`, ...entry(1, 'a', 'a') }), { code: 'NotFound' });
    assert.equal(deliveries.length, 0);
  });

  it('answers each entry on its own: published ones with a message id, failed ones with their code', async () => {
    const { state, deliveries } = harness(subscribedRecords);

    const result = await act(state, 'PublishBatch', {
      TopicArn: OTHER_TOPIC_ARN,
      ...entry(1, 'one', 'first'),
      ...entry(2, 'two', 'x'.repeat(256 * 1024 + 1)),
      ...entry(3, 'bad id!', 'third'),
      ...entry(4, 'four', 'fourth'),
    });

    const successful = membersAt(result, 'Successful');
    assert.deepEqual(
      successful.map((member) => textAt(member, 'Id')),
      ['one', 'four'],
    );
    assert.deepEqual(
      membersAt(result, 'Failed').map((member) => [
        textAt(member, 'Id'),
        textAt(member, 'Code'),
        textAt(member, 'Message'),
        textAt(member, 'SenderFault'),
      ]),
      [
        ['two', 'InvalidParameter', 'Invalid parameter: Message too long', 'true'],
        ['bad id!', 'InvalidParameter', 'Invalid parameter: Id', 'true'],
      ],
    );
    assert.deepEqual(
      deliveries.map((delivery) => eventOf(delivery)?.Sns.MessageId),
      successful.map((member) => textAt(member, 'MessageId')),
    );
  });
});
