// The SNS subscription actions: Subscribe (lambda endpoints only), Unsubscribe, the two listings and
// GetSubscriptionAttributes.

import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from '../account.js';
import { entryMap, entryMapXml, type QueryRequest, type QueryResult } from '../protocol/query.js';
import type { XmlNode } from '../protocol/xml.js';
import { invalidParameter, notFound, pageOf, requiredParameter } from './sns-parameters.js';
import type { SnsState, Subscription } from './sns-state.js';
import { requireTopic } from './sns-topic-actions.js';

/** Idempotent for the same topic, protocol and endpoint. */
export function subscribe(state: SnsState, { parameters }: QueryRequest): Promise<QueryResult> {
  const topic = requireTopic(state.saved, requiredParameter(parameters, 'TopicArn'));
  const protocol = requiredParameter(parameters, 'Protocol');
  const endpoint = parameters.Endpoint ?? '';
  if (protocol !== 'lambda')
    throw invalidParameter(`Invalid parameter: the local SNS delivers only to 'lambda' subscriptions, not '${protocol}'`);
  if (!endpoint.startsWith('arn:aws:lambda:')) throw invalidParameter('Invalid parameter: Lambda endpoint ARN');
  const attributes = entryMap(parameters, 'Attributes');
  // Delivering everything despite a filter would differ silently from AWS, so it is refused instead.
  if (attributes.FilterPolicy !== undefined) throw invalidParameter('Invalid parameter: FilterPolicy is not supported by the local SNS');
  return state.change((saved) => {
    const existing = saved.subscriptions.find((s) => s.topicArn === topic.arn && s.protocol === protocol && s.endpoint === endpoint);
    if (existing) return { result: [['SubscriptionArn', existing.arn]] };
    requireTopic(saved, topic.arn); // still there after the changes queued before this one
    const arn = `${topic.arn}:${randomUUID()}`;
    const subscription: Subscription = { arn, topicArn: topic.arn, protocol, endpoint, attributes };
    return { next: { ...saved, subscriptions: [...saved.subscriptions, subscription] }, result: [['SubscriptionArn', arn]] };
  });
}

export function unsubscribe(state: SnsState, { parameters }: QueryRequest): Promise<QueryResult> {
  const arn = requiredParameter(parameters, 'SubscriptionArn');
  return state.change((saved) => {
    if (!saved.subscriptions.some((subscription) => subscription.arn === arn)) throw notFound('Subscription does not exist');
    return { next: { ...saved, subscriptions: saved.subscriptions.filter((subscription) => subscription.arn !== arn) }, result: undefined };
  });
}

export function listSubscriptionsByTopic(state: SnsState, { parameters }: QueryRequest): QueryResult {
  const topic = requireTopic(state.saved, requiredParameter(parameters, 'TopicArn'));
  const subscriptions = state.saved.subscriptions.filter((subscription) => subscription.topicArn === topic.arn);
  return subscriptionPage(subscriptions, parameters.NextToken);
}

export function listSubscriptions(state: SnsState, { parameters }: QueryRequest): QueryResult {
  return subscriptionPage(state.saved.subscriptions, parameters.NextToken);
}

export function getSubscriptionAttributes(state: SnsState, { parameters }: QueryRequest): QueryResult {
  const arn = requiredParameter(parameters, 'SubscriptionArn');
  const subscription = state.saved.subscriptions.find((candidate) => candidate.arn === arn);
  if (!subscription) throw notFound('Subscription does not exist');
  return [
    [
      'Attributes',
      entryMapXml({
        SubscriptionArn: subscription.arn,
        TopicArn: subscription.topicArn,
        Protocol: subscription.protocol,
        Endpoint: subscription.endpoint,
        Owner: LOCAL_ACCOUNT_ID,
        PendingConfirmation: 'false',
        ConfirmationWasAuthenticated: 'true',
        RawMessageDelivery: 'false',
        ...subscription.attributes,
      }),
    ],
  ];
}

function subscriptionPage(subscriptions: readonly Subscription[], token: string | undefined): XmlNode[] {
  const { page, next } = pageOf(subscriptions, token);
  return [
    [
      'Subscriptions',
      page.map((subscription): XmlNode => [
        'member',
        [
          ['TopicArn', subscription.topicArn],
          ['Protocol', subscription.protocol],
          ['SubscriptionArn', subscription.arn],
          ['Owner', LOCAL_ACCOUNT_ID],
          ['Endpoint', subscription.endpoint],
        ],
      ]),
    ],
    ['NextToken', next],
  ];
}
