// AWS::SNS::Topic and AWS::SNS::Subscription through the SNS API.
import { snsSdk } from './lazy-sdk.js';
import { templateText } from '../template.js';
import {
  generatedName,
  isNotFound,
  list,
  record,
  text,
  type Properties,
  type ProvisionContext,
  type Provisioner,
  type ProvisionResult,
} from './provisioner.js';

// Topic properties that are topic attributes in the API.
const topicAttributeNames = ['DisplayName', 'KmsMasterKeyId', 'DeliveryStatusLogging', 'SignatureVersion', 'TracingConfig'] as const;

function topicResult(arn: string): ProvisionResult {
  return { physicalId: arn, attributes: { TopicArn: arn, TopicName: arn.split(':').pop() ?? '' } };
}

function topicAttributes(properties: Properties): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of topicAttributeNames) {
    const value = properties[name];
    if (value !== undefined) attributes[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  if (properties['FifoTopic'] === true || properties['FifoTopic'] === 'true') attributes['FifoTopic'] = 'true';
  return attributes;
}

async function subscribe(context: ProvisionContext, topicArn: string, subscription: Properties): Promise<string> {
  const attributes: Record<string, string> = {};
  for (const name of ['FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'DeliveryPolicy']) {
    const value = subscription[name];
    if (value !== undefined)
      attributes[name] = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : templateText(value);
  }
  const { SubscriptionArn } = await context.clients.sns.send(
    new (snsSdk().SubscribeCommand)({
      TopicArn: topicArn,
      Protocol: text(subscription['Protocol']),
      Endpoint: text(subscription['Endpoint']),
      ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
      ReturnSubscriptionArn: true,
    }),
  );
  if (SubscriptionArn === undefined) throw new Error(`SNS returned no subscription ARN for ${topicArn}`);
  return SubscriptionArn;
}

export const snsTopic: Provisioner = {
  async create(context, properties) {
    const fifo = properties['FifoTopic'] === true || properties['FifoTopic'] === 'true';
    const name =
      text(properties['TopicName']) ??
      `${generatedName(context.stackName, context.logicalId, { maxLength: fifo ? 251 : 256 })}${fifo ? '.fifo' : ''}`;
    const attributes = topicAttributes(properties);
    const { TopicArn } = await context.clients.sns.send(
      new (snsSdk().CreateTopicCommand)({ Name: name, ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}) }),
    );
    if (TopicArn === undefined) throw new Error(`SNS returned no ARN for topic ${name}`);
    // Inline subscriptions belong to the topic resource.
    for (const item of list(properties['Subscription'])) await subscribe(context, TopicArn, record(item));
    return topicResult(TopicArn);
  },
  async update(context, current, properties) {
    const before = topicAttributes(current.properties);
    for (const [name, value] of Object.entries(topicAttributes(properties))) {
      if (before[name] !== value)
        await context.clients.sns.send(
          new (snsSdk().SetTopicAttributesCommand)({ TopicArn: current.physicalId, AttributeName: name, AttributeValue: value }),
        );
    }
    const known = new Set(list(current.properties['Subscription']).map((item) => JSON.stringify(item)));
    for (const item of list(properties['Subscription']))
      if (!known.has(JSON.stringify(item))) await subscribe(context, current.physicalId, record(item));
    return topicResult(current.physicalId);
  },
  async delete(context, current) {
    try {
      await context.clients.sns.send(new (snsSdk().DeleteTopicCommand)({ TopicArn: current.physicalId }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },
};

export const snsSubscription: Provisioner = {
  async create(context, properties) {
    const arn = await subscribe(context, text(properties['TopicArn']) ?? '', properties);
    return { physicalId: arn, attributes: { Arn: arn } };
  },
  async update(context, current, properties) {
    // Filter and delivery settings: re-subscribing applies them, as the subscription key is unchanged.
    await context.clients.sns.send(new (snsSdk().UnsubscribeCommand)({ SubscriptionArn: current.physicalId })).catch(() => undefined);
    const arn = await subscribe(context, text(properties['TopicArn']) ?? '', properties);
    return { physicalId: arn, attributes: { Arn: arn } };
  },
  async delete(context, current) {
    try {
      await context.clients.sns.send(new (snsSdk().UnsubscribeCommand)({ SubscriptionArn: current.physicalId }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },
};
