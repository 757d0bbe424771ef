// The users table as render-card uses it: the record read, then its card's status written. Sent through the plain
// DynamoDB client, not the document client, so that the handler's client can keep each command's resolved middleware
// (`cacheMiddleware`, which the document client refuses); the same expressions as the users table, and the same
// conversion of items as the document client (util-dynamodb, which it uses), so the same answers.
import { ConditionalCheckFailedException, GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { UserRecord } from '../core/record.js';
import type { UserKey } from '../core/users-table-key.js';
import { cardStatusUpdate, keyOf, type CardStatusChange, type UpdateResult, type UsersTable } from './users-table.js';

export type CardRecords = Pick<UsersTable, 'get' | 'markCardReady' | 'markCardFailed'>;

export function createCardRecords(client: DynamoDBClient, tableName: string): CardRecords {
  const key = (of: UserKey) => marshall({ user_id: of.user_id, type: of.type });

  async function setStatus(of: UserKey, change: CardStatusChange, now: Date): Promise<UpdateResult> {
    const update = cardStatusUpdate(change, now);
    try {
      const output = await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(of),
          ...update,
          ExpressionAttributeValues: marshall(update.ExpressionAttributeValues),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'updated', record: unmarshall(output.Attributes ?? {}) as unknown as UserRecord };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { kind: 'missing', key: keyOf(of) };
      throw error;
    }
  }

  return {
    async get(userId, type) {
      const output = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key({ user_id: userId, type }), ConsistentRead: true }),
      );
      return output.Item && (unmarshall(output.Item) as unknown as UserRecord);
    },
    markCardReady: (of, cardKey, now = new Date(), brandingHash?: string) => setStatus(of, { status: 'ready', cardKey, brandingHash }, now),
    markCardFailed: (of, error, now = new Date()) => setStatus(of, { status: 'failed', error }, now),
  };
}
