// The local SNS: topics and lambda subscriptions kept on disk, the awsQuery actions qrcard uses, async delivery.

import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { LOCAL_ACCOUNT_ID } from '../account.js';
import { writeFileAtomically } from '../atomic-file.js';
import { KeyedSerialQueue } from '../keyed-serial-queue.js';
import type { ServiceHandler } from '../edge.js';
import {
  entryMap,
  indexedGroups,
  parseQueryForm,
  QueryError,
  queryErrorXml,
  queryResponseXml,
  sendQueryXml,
  type QueryParameters,
} from '../protocol/query.js';
import { requestRegion } from '../protocol/sigv4-scope.js';
import type { XmlNode } from '../protocol/xml.js';
import { createDeliveryQueue, type InvokeFunction } from './sns-delivery.js';
import { messageForLambda, snsLambdaEvent, type MessageAttributeValue, type PublishedMessage } from './sns-event.js';

export const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

export interface SnsOptions {
  /** Directory for the topic and subscription state (created if missing). */
  readonly dir: string;
  /** Runs a subscribed function; rejects when the invocation failed, which triggers the retries. */
  readonly invoke: InvokeFunction;
  /** Waits before retry 1 and 2. Default `[60_000, 120_000]`, as Lambda's async invocations. */
  readonly retryDelaysMs?: readonly number[];
  /** Receives one line per dropped delivery. Default: stderr. */
  readonly log?: (line: string) => void;
}

export interface SnsService {
  readonly handler: ServiceHandler;
  /** Resolves when every published message has been delivered or dropped. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface Topic {
  readonly arn: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
}

interface Subscription {
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly attributes: Readonly<Record<string, string>>;
}

interface SnsState {
  readonly topics: readonly Topic[];
  readonly subscriptions: readonly Subscription[];
}

const PAGE_SIZE = 100;
const MAX_MESSAGE_BYTES = 256 * 1024;
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

function invalid(message: string): QueryError {
  return new QueryError(400, 'InvalidParameter', message);
}

function required(parameters: QueryParameters, name: string): string {
  const value = parameters[name];
  if (value === undefined || value === '') throw invalid(`Invalid parameter: ${name} is required`);
  return value;
}

/** `MessageAttributes.entry.N.Name` + `.Value.DataType/StringValue/BinaryValue`. */
export function parseMessageAttributes(parameters: QueryParameters, prefix = 'MessageAttributes'): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const group of indexedGroups(parameters, `${prefix}.entry`)) {
    const name = group.Name;
    const dataType = group['Value.DataType'];
    if (name === undefined || dataType === undefined) throw invalid('Message attributes need a Name and a Value.DataType');
    if (!/^(String|Number|Binary)(\..+)?$/.test(dataType))
      throw invalid(`The message attribute '${name}' has an invalid type '${dataType}'`);
    const stringValue = group['Value.StringValue'];
    const binaryValue = group['Value.BinaryValue'];
    if (dataType.startsWith('Binary') ? binaryValue === undefined : stringValue === undefined) {
      throw invalid(`The message attribute '${name}' must contain a non-empty message attribute value`);
    }
    attributes[name] = {
      DataType: dataType,
      ...(stringValue === undefined ? {} : { StringValue: stringValue }),
      ...(binaryValue === undefined ? {} : { BinaryValue: binaryValue }),
    };
  }
  return attributes;
}

function attributesXml(attributes: Readonly<Record<string, string>>): XmlNode[] {
  return Object.entries(attributes).map(([key, value]): XmlNode => [
    'entry',
    [
      ['key', key],
      ['value', value],
    ],
  ]);
}

function pageOf<T>(items: readonly T[], token: string | undefined): { page: T[]; next: string | undefined } {
  const start = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0) throw invalid('Invalid parameter: NextToken');
  const page = items.slice(start, start + PAGE_SIZE);
  return { page, next: start + PAGE_SIZE < items.length ? String(start + PAGE_SIZE) : undefined };
}

/** Loads the state under `dir` and returns the handler to mount as `sns`. */
export async function startSns(options: SnsOptions): Promise<SnsService> {
  await mkdir(options.dir, { recursive: true });
  const statePath = join(options.dir, 'sns.json');
  let state: SnsState = await readFile(statePath, 'utf8')
    .then((text) => JSON.parse(text) as SnsState)
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return { topics: [], subscriptions: [] };
      throw error;
    });
  const deliveries = createDeliveryQueue({
    invoke: options.invoke,
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });

  const changes = new KeyedSerialQueue();
  /**
   * Runs one change to topics or subscriptions after those before it, so `decide` sees the latest state. The
   * new state is kept only once it is on disk: a failed write leaves nothing behind, and the next change starts
   * from the last saved state.
   */
  function change<T>(decide: () => { readonly next?: SnsState; readonly result: T }): Promise<T> {
    return changes.run(statePath, async () => {
      const { next, result } = decide();
      if (next) {
        await writeFileAtomically(statePath, JSON.stringify(next));
        state = next;
      }
      return result;
    });
  }

  function topic(arn: string): Topic {
    const found = state.topics.find((t) => t.arn === arn);
    if (!found) throw new QueryError(404, 'NotFound', 'Topic does not exist');
    return found;
  }

  function topicAttributes(t: Topic): Record<string, string> {
    const subscriptions = state.subscriptions.filter((s) => s.topicArn === t.arn).length;
    return {
      TopicArn: t.arn,
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
            Resource: t.arn,
            Condition: { StringEquals: { 'AWS:SourceOwner': LOCAL_ACCOUNT_ID } },
          },
        ],
      }),
      ...t.attributes,
    };
  }

  function publishOne(
    topicArn: string,
    message: string,
    subject: string | undefined,
    structure: string | undefined,
    attributes: Record<string, MessageAttributeValue>,
    endpoint: string,
  ): string {
    const t = topic(topicArn);
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw invalid('Invalid parameter: Message too long');
    if (subject !== undefined && (subject.length > 100 || /[\r\n]/.test(subject))) throw invalid('Invalid parameter: Subject');
    const text = messageForLambda(message, structure);
    if (text === undefined) throw invalid('Invalid parameter: Message Structure - No default entry in JSON message body');
    const published: PublishedMessage = {
      messageId: randomUUID(),
      topicArn: t.arn,
      subject,
      message: text,
      timestamp: new Date().toISOString(),
      attributes,
    };
    for (const subscription of state.subscriptions) {
      if (subscription.topicArn !== t.arn || subscription.protocol !== 'lambda') continue;
      deliveries.enqueue({
        functionArn: subscription.endpoint,
        event: snsLambdaEvent(published, subscription.arn, endpoint),
        label: `message ${published.messageId} (${subscription.arn})`,
      });
    }
    return published.messageId;
  }

  async function perform(action: string, p: QueryParameters, request: IncomingMessage): Promise<XmlNode[] | undefined> {
    const region = requestRegion(request);
    const endpoint = `http://${request.headers.host ?? '127.0.0.1'}`;
    switch (action) {
      case 'CreateTopic': {
        const name = required(p, 'Name');
        if (!TOPIC_NAME.test(name.replace(/\.fifo$/, ''))) throw invalid('Invalid parameter: Topic Name');
        const arn = `arn:aws:sns:${region}:${LOCAL_ACCOUNT_ID}:${name}`;
        const attributes = entryMap(p, 'Attributes');
        return change(() => {
          const existing = state.topics.find((t) => t.arn === arn);
          if (existing) {
            const differs = Object.entries(attributes).some(([key, value]) => (existing.attributes[key] ?? '') !== value);
            if (differs) throw invalid('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
            return { result: [['TopicArn', arn]] };
          }
          return { next: { ...state, topics: [...state.topics, { arn, name, attributes }] }, result: [['TopicArn', arn]] };
        });
      }
      case 'DeleteTopic': {
        const arn = required(p, 'TopicArn');
        return change(() => ({
          next: { topics: state.topics.filter((t) => t.arn !== arn), subscriptions: state.subscriptions.filter((s) => s.topicArn !== arn) },
          result: undefined,
        }));
      }
      case 'ListTopics': {
        const topics = state.topics.filter((t) => t.arn.split(':')[3] === region);
        const { page, next } = pageOf(topics, p.NextToken);
        return [
          ['Topics', page.map((t): XmlNode => ['member', [['TopicArn', t.arn]]])],
          ['NextToken', next],
        ];
      }
      case 'GetTopicAttributes':
        return [['Attributes', attributesXml(topicAttributes(topic(required(p, 'TopicArn'))))]];
      case 'SetTopicAttributes': {
        const arn = required(p, 'TopicArn');
        const name = required(p, 'AttributeName');
        const value = p.AttributeValue ?? '';
        if (name === 'TopicArn' || name === 'Owner') throw invalid(`Invalid parameter: AttributeName ${name} is read-only`);
        return change(() => {
          const t = topic(arn);
          const topics = state.topics.map((other) => (other === t ? { ...t, attributes: { ...t.attributes, [name]: value } } : other));
          return { next: { ...state, topics }, result: undefined };
        });
      }
      case 'Subscribe': {
        const t = topic(required(p, 'TopicArn'));
        const protocol = required(p, 'Protocol');
        const endpointArn = p.Endpoint ?? '';
        if (protocol !== 'lambda')
          throw invalid(`Invalid parameter: the local SNS delivers only to 'lambda' subscriptions, not '${protocol}'`);
        if (!endpointArn.startsWith('arn:aws:lambda:')) throw invalid('Invalid parameter: Lambda endpoint ARN');
        const attributes = entryMap(p, 'Attributes');
        // Delivering everything despite a filter would differ silently from AWS, so it is refused instead.
        if (attributes.FilterPolicy !== undefined) throw invalid('Invalid parameter: FilterPolicy is not supported by the local SNS');
        return change(() => {
          const existing = state.subscriptions.find((s) => s.topicArn === t.arn && s.protocol === protocol && s.endpoint === endpointArn);
          if (existing) return { result: [['SubscriptionArn', existing.arn]] };
          topic(t.arn); // still there after the changes queued before this one
          const arn = `${t.arn}:${randomUUID()}`;
          const subscription = { arn, topicArn: t.arn, protocol, endpoint: endpointArn, attributes };
          return { next: { ...state, subscriptions: [...state.subscriptions, subscription] }, result: [['SubscriptionArn', arn]] };
        });
      }
      case 'Unsubscribe': {
        const arn = required(p, 'SubscriptionArn');
        return change(() => {
          if (!state.subscriptions.some((s) => s.arn === arn)) throw new QueryError(404, 'NotFound', 'Subscription does not exist');
          return { next: { ...state, subscriptions: state.subscriptions.filter((s) => s.arn !== arn) }, result: undefined };
        });
      }
      case 'ListSubscriptionsByTopic': {
        const t = topic(required(p, 'TopicArn'));
        const { page, next } = pageOf(
          state.subscriptions.filter((s) => s.topicArn === t.arn),
          p.NextToken,
        );
        return [
          [
            'Subscriptions',
            page.map((s): XmlNode => [
              'member',
              [
                ['TopicArn', s.topicArn],
                ['Protocol', s.protocol],
                ['SubscriptionArn', s.arn],
                ['Owner', LOCAL_ACCOUNT_ID],
                ['Endpoint', s.endpoint],
              ],
            ]),
          ],
          ['NextToken', next],
        ];
      }
      case 'ListSubscriptions': {
        const { page, next } = pageOf(state.subscriptions, p.NextToken);
        return [
          [
            'Subscriptions',
            page.map((s): XmlNode => [
              'member',
              [
                ['TopicArn', s.topicArn],
                ['Protocol', s.protocol],
                ['SubscriptionArn', s.arn],
                ['Owner', LOCAL_ACCOUNT_ID],
                ['Endpoint', s.endpoint],
              ],
            ]),
          ],
          ['NextToken', next],
        ];
      }
      case 'GetSubscriptionAttributes': {
        const arn = required(p, 'SubscriptionArn');
        const s = state.subscriptions.find((candidate) => candidate.arn === arn);
        if (!s) throw new QueryError(404, 'NotFound', 'Subscription does not exist');
        return [
          [
            'Attributes',
            attributesXml({
              SubscriptionArn: s.arn,
              TopicArn: s.topicArn,
              Protocol: s.protocol,
              Endpoint: s.endpoint,
              Owner: LOCAL_ACCOUNT_ID,
              PendingConfirmation: 'false',
              ConfirmationWasAuthenticated: 'true',
              RawMessageDelivery: 'false',
              ...s.attributes,
            }),
          ],
        ];
      }
      case 'Publish': {
        const topicArn = p.TopicArn ?? p.TargetArn;
        if (topicArn === undefined) throw invalid('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
        const messageId = publishOne(topicArn, required(p, 'Message'), p.Subject, p.MessageStructure, parseMessageAttributes(p), endpoint);
        return [['MessageId', messageId]];
      }
      case 'PublishBatch': {
        const topicArn = required(p, 'TopicArn');
        topic(topicArn);
        const entries = indexedGroups(p, 'PublishBatchRequestEntries.member');
        if (entries.length === 0) throw new QueryError(400, 'EmptyBatchRequest', "The batch request doesn't contain any entries.");
        if (entries.length > 10)
          throw new QueryError(400, 'TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.');
        const ids = entries.map((e) => e.Id ?? '');
        if (new Set(ids).size !== ids.length)
          throw new QueryError(400, 'BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
        const successful: XmlNode[] = [];
        const failed: XmlNode[] = [];
        for (const entry of entries) {
          const id = entry.Id ?? '';
          try {
            if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw invalid('Invalid parameter: Id');
            const messageId = publishOne(
              topicArn,
              required(entry, 'Message'),
              entry.Subject,
              entry.MessageStructure,
              parseMessageAttributes(entry),
              endpoint,
            );
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
      default:
        throw new QueryError(400, 'InvalidAction', `The action ${action} is not valid for the local SNS.`);
    }
  }

  const handler: ServiceHandler = async (request, body, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const parameters = request.method === 'GET' ? parseQueryForm(url.search.slice(1)) : parseQueryForm(body.toString('utf8'));
    const action = parameters.Action ?? '';
    try {
      const result = await perform(action, parameters, request);
      sendQueryXml(response, 200, queryResponseXml(action, SNS_NAMESPACE, result));
    } catch (error) {
      if (error instanceof QueryError) sendQueryXml(response, error.status, queryErrorXml(SNS_NAMESPACE, error.code, error.message));
      else sendQueryXml(response, 500, queryErrorXml(SNS_NAMESPACE, 'InternalError', (error as Error).message, 'Receiver'));
    }
  };

  return {
    handler,
    idle: () => deliveries.idle(),
    stop: async () => {
      deliveries.stop();
      await changes.idle();
    },
  };
}
