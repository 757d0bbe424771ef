// Publish and PublishBatch: each message checked as SNS checks it, then handed to the delivery queue once per
// lambda subscription of its topic; Publish answers before any delivery runs.

import { randomUUID } from 'node:crypto';
import { indexedGroups, QueryError, type QueryParameters, type QueryRequest, type QueryResult } from '../protocol/query.js';
import type { XmlNode } from '../protocol/xml.js';
import { messageForLambda, snsLambdaEvent, type MessageAttributeValue, type PublishedMessage } from './sns-event.js';
import { invalidParameter, parseMessageAttributes, requiredParameter } from './sns-parameters.js';
import type { SnsState } from './sns-state.js';
import { requireTopic } from './sns-topic-actions.js';

const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_BATCH_ENTRIES = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

interface OutgoingMessage {
  readonly message: string;
  readonly subject: string | undefined;
  readonly structure: string | undefined;
  readonly attributes: Record<string, MessageAttributeValue>;
}

/** The message of a Publish request, or of one batch entry. */
function outgoingMessage(parameters: QueryParameters): OutgoingMessage {
  return {
    message: requiredParameter(parameters, 'Message'),
    subject: parameters.Subject,
    structure: parameters.MessageStructure,
    attributes: parseMessageAttributes(parameters),
  };
}

/** Checks one message, enqueues its deliveries and returns its message id. */
function publishOne(state: SnsState, topicArn: string, outgoing: OutgoingMessage, endpoint: string): string {
  const topic = requireTopic(state.saved, topicArn);
  if (Buffer.byteLength(outgoing.message) > MAX_MESSAGE_BYTES) throw invalidParameter('Invalid parameter: Message too long');
  const { subject } = outgoing;
  if (subject !== undefined && (subject.length > 100 || /[\r\n]/.test(subject))) throw invalidParameter('Invalid parameter: Subject');
  const text = messageForLambda(outgoing.message, outgoing.structure);
  if (text === undefined) throw invalidParameter('Invalid parameter: Message Structure - No default entry in JSON message body');
  const published: PublishedMessage = {
    messageId: randomUUID(),
    topicArn: topic.arn,
    subject,
    message: text,
    timestamp: new Date().toISOString(),
    attributes: outgoing.attributes,
  };
  for (const subscription of state.saved.subscriptions) {
    if (subscription.topicArn !== topic.arn || subscription.protocol !== 'lambda') continue;
    state.deliveries.enqueue({
      functionArn: subscription.endpoint,
      event: snsLambdaEvent(published, subscription.arn, endpoint),
      label: `message ${published.messageId} (${subscription.arn})`,
    });
  }
  return published.messageId;
}

export function publish(state: SnsState, { parameters, endpoint }: QueryRequest): QueryResult {
  const topicArn = parameters.TopicArn ?? parameters.TargetArn;
  if (topicArn === undefined) throw invalidParameter('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
  return [['MessageId', publishOne(state, topicArn, outgoingMessage(parameters), endpoint)]];
}

/** The whole batch is refused when empty, too long or with repeated ids; otherwise each entry succeeds or fails alone. */
export function publishBatch(state: SnsState, { parameters, endpoint }: QueryRequest): QueryResult {
  const topicArn = requiredParameter(parameters, 'TopicArn');
  requireTopic(state.saved, topicArn);
  const entries = batchEntries(parameters);
  const successful: XmlNode[] = [];
  const failed: XmlNode[] = [];
  for (const entry of entries) {
    const id = entry.Id ?? '';
    try {
      if (!BATCH_ENTRY_ID.test(id)) throw invalidParameter('Invalid parameter: Id');
      const messageId = publishOne(state, topicArn, outgoingMessage(entry), endpoint);
      successful.push([
        'member',
        [
          ['Id', id],
          ['MessageId', messageId],
        ],
      ]);
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      failed.push([
        'member',
        [
          ['Id', id],
          ['Code', error.code],
          ['Message', error.message],
          ['SenderFault', true],
        ],
      ]);
    }
  }
  return [
    ['Successful', successful],
    ['Failed', failed],
  ];
}

function batchEntries(parameters: QueryParameters): Array<Record<string, string>> {
  const entries = indexedGroups(parameters, 'PublishBatchRequestEntries.member');
  if (entries.length === 0) throw new QueryError(400, 'EmptyBatchRequest', "The batch request doesn't contain any entries.");
  if (entries.length > MAX_BATCH_ENTRIES)
    throw new QueryError(400, 'TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.');
  const ids = entries.map((entry) => entry.Id ?? '');
  if (new Set(ids).size !== ids.length)
    throw new QueryError(400, 'BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
  return entries;
}
