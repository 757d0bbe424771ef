// The DynamoDB actions the local engine answers itself, on dynalite's store; every other action goes to dynalite.

import type { Store } from 'dynalite/db/index.js';
import getItem from 'dynalite/actions/getItem.js';
import updateItem from 'dynalite/actions/updateItem.js';
import getItemValidation from 'dynalite/validations/getItem.js';
import updateItemValidation from 'dynalite/validations/updateItem.js';
import { batchWriteItem } from './batch-write-item.js';
import { dynaliteAction } from './dynalite-action.js';

/** Answers one decoded request; rejects with dynalite's error shape (`statusCode`, `body`) for a wire error. */
export type DynamoDbAction = (store: Store, request: unknown) => Promise<object>;

/** By the operation of `X-Amz-Target: DynamoDB_20120810.<operation>`. An action is added here, in one line. */
export const dynamoDbActions: Readonly<Record<string, DynamoDbAction>> = {
  BatchWriteItem: batchWriteItem,
  // The calls of every card render: dynalite's own actions, without the replay through its request listener.
  GetItem: dynaliteAction(getItemValidation, getItem),
  UpdateItem: dynaliteAction(updateItemValidation, updateItem),
};
