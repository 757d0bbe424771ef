// The SNS topic actions: CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes and SetTopicAttributes.

import { LOCAL_ACCOUNT_ID } from '../account.js';
import { entryMap, entryMapXml, type QueryRequest, type QueryResult } from '../protocol/query.js';
import type { XmlNode } from '../protocol/xml.js';
import { invalidParameter, notFound, pageOf, requiredParameter } from './sns-parameters.js';
import type { SnsRecords, SnsState, Topic } from './sns-state.js';

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

/** The saved topic `arn`; NotFound when there is none. */
export function requireTopic(records: SnsRecords, arn: string): Topic {
  const found = records.topics.find((topic) => topic.arn === arn);
  if (!found) throw notFound('Topic does not exist');
  return found;
}

/** Idempotent for the same name and attributes; the same name with other attributes is refused. */
export function createTopic(state: SnsState, { parameters, region }: QueryRequest): Promise<QueryResult> {
  const name = requiredParameter(parameters, 'Name');
  if (!TOPIC_NAME.test(name.replace(/\.fifo$/, ''))) throw invalidParameter('Invalid parameter: Topic Name');
  const arn = `arn:aws:sns:${region}:${LOCAL_ACCOUNT_ID}:${name}`;
  const attributes = entryMap(parameters, 'Attributes');
  const result: XmlNode[] = [['TopicArn', arn]];
  return state.change((saved) => {
    const existing = saved.topics.find((topic) => topic.arn === arn);
    if (existing === undefined) return { next: { ...saved, topics: [...saved.topics, { arn, name, attributes }] }, result };
    const differs = Object.entries(attributes).some(([key, value]) => (existing.attributes[key] ?? '') !== value);
    if (differs) throw invalidParameter('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
    return { result };
  });
}

/** Deletes the topic and its subscriptions; deleting a topic that does not exist succeeds, as on SNS. */
export function deleteTopic(state: SnsState, { parameters }: QueryRequest): Promise<QueryResult> {
  const arn = requiredParameter(parameters, 'TopicArn');
  return state.change((saved) => ({
    next: {
      topics: saved.topics.filter((topic) => topic.arn !== arn),
      subscriptions: saved.subscriptions.filter((subscription) => subscription.topicArn !== arn),
    },
    result: undefined,
  }));
}

/** The topics of the request's region. */
export function listTopics(state: SnsState, { parameters, region }: QueryRequest): QueryResult {
  const topics = state.saved.topics.filter((topic) => topic.arn.split(':')[3] === region);
  const { page, next } = pageOf(topics, parameters.NextToken);
  return [
    ['Topics', page.map((topic): XmlNode => ['member', [['TopicArn', topic.arn]]])],
    ['NextToken', next],
  ];
}

export function getTopicAttributes(state: SnsState, { parameters }: QueryRequest): QueryResult {
  const topic = requireTopic(state.saved, requiredParameter(parameters, 'TopicArn'));
  return [['Attributes', entryMapXml(topicAttributes(state.saved, topic))]];
}

export function setTopicAttributes(state: SnsState, { parameters }: QueryRequest): Promise<QueryResult> {
  const arn = requiredParameter(parameters, 'TopicArn');
  const name = requiredParameter(parameters, 'AttributeName');
  const value = parameters.AttributeValue ?? '';
  if (name === 'TopicArn' || name === 'Owner') throw invalidParameter(`Invalid parameter: AttributeName ${name} is read-only`);
  return state.change((saved) => {
    const topic = requireTopic(saved, arn);
    const changed = { ...topic, attributes: { ...topic.attributes, [name]: value } };
    return { next: { ...saved, topics: saved.topics.map((other) => (other === topic ? changed : other)) }, result: undefined };
  });
}

/** What GetTopicAttributes reports: SNS's own attributes, then those set on the topic. */
function topicAttributes(records: SnsRecords, topic: Topic): Record<string, string> {
  const subscriptions = records.subscriptions.filter((subscription) => subscription.topicArn === topic.arn).length;
  return {
    TopicArn: topic.arn,
    Owner: LOCAL_ACCOUNT_ID,
    DisplayName: '',
    SubscriptionsConfirmed: String(subscriptions),
    SubscriptionsPending: '0',
    SubscriptionsDeleted: '0',
    Policy: JSON.stringify({
      Version: '2008-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'SNS:Publish',
          Resource: topic.arn,
          Condition: { StringEquals: { 'AWS:SourceOwner': LOCAL_ACCOUNT_ID } },
        },
      ],
    }),
    ...topic.attributes,
  };
}
