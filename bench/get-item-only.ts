// A get-user stand-in for `npm run bench:dev`: the same users-table read, and nothing else (no logger, no card URL).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createUsersTable } from '../src/aws/users-table.js';
import type { HttpApiEvent, HttpApiResult } from '../src/lambda/events.js';

const users = createUsersTable(new DynamoDBClient({}), process.env['TABLE_NAME'] ?? '');

export async function handler(event: HttpApiEvent): Promise<HttpApiResult> {
  const record = await users.get(event.pathParameters?.['user_id'] ?? '', event.pathParameters?.['type'] ?? '');
  return { statusCode: record ? 200 : 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify(record ?? {}) };
}
