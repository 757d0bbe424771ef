// The awsQuery actions of the local SNS, by name: each a plain function of the SNS state and the decoded request.

import type { QueryActions } from '../protocol/query.js';
import { publish, publishBatch } from './sns-publish-actions.js';
import type { SnsState } from './sns-state.js';
import {
  getSubscriptionAttributes,
  listSubscriptions,
  listSubscriptionsByTopic,
  subscribe,
  unsubscribe,
} from './sns-subscription-actions.js';
import { createTopic, deleteTopic, getTopicAttributes, listTopics, setTopicAttributes } from './sns-topic-actions.js';

export const snsActions = {
  CreateTopic: createTopic,
  DeleteTopic: deleteTopic,
  ListTopics: listTopics,
  GetTopicAttributes: getTopicAttributes,
  SetTopicAttributes: setTopicAttributes,
  Subscribe: subscribe,
  Unsubscribe: unsubscribe,
  ListSubscriptionsByTopic: listSubscriptionsByTopic,
  ListSubscriptions: listSubscriptions,
  GetSubscriptionAttributes: getSubscriptionAttributes,
  Publish: publish,
  PublishBatch: publishBatch,
} satisfies QueryActions<SnsState>;
