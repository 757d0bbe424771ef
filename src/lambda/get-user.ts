// The get-user Lambda entry: clients and configuration built once per container from the environment.
import { FUNCTION_ENV } from '../core/function-environment.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { createCardsBucket } from '../aws/cards-bucket.js';
import { createUsersTable } from '../aws/users-table.js';
import { cardUrlTtlFromEnv, lambdaS3Options, requiredEnv } from './environment.js';
import { createGetUserHandler } from './get-user-handler.js';
import { createLogger } from './logging.js';

export interface GetUserClients {
  readonly dynamodb?: DynamoDBClient;
  readonly s3?: S3Client;
}

/**
 * The handler wired to AWS from TABLE_NAME, CARDS_BUCKET and CARD_URL_TTL_SECONDS (default 300).
 * `clients` default to SDK clients configured by the Lambda environment.
 */
export function getUserFromEnvironment(env: NodeJS.ProcessEnv, clients: GetUserClients = {}) {
  return createGetUserHandler({
    users: createUsersTable(clients.dynamodb ?? new DynamoDBClient({}), requiredEnv(env, FUNCTION_ENV.tableName)),
    cards: createCardsBucket(clients.s3 ?? new S3Client(lambdaS3Options(env)), requiredEnv(env, FUNCTION_ENV.cardsBucket)),
    cardUrlTtlSeconds: cardUrlTtlFromEnv(env),
    logger: createLogger('get-user'),
  });
}

// At init, so a missing variable fails the cold start by name rather than a request later.
export const handler = getUserFromEnvironment(process.env);
