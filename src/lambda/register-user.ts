// The register-user Lambda entry: clients and configuration built once per container from the environment.
import { FUNCTION_ENV } from '../core/function-environment.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { createCardRequests } from '../aws/card-requests.js';
import { createUsersTable } from '../aws/users-table.js';
import { cardTypesFromEnv, requiredEnv } from './environment.js';
import { createLogger } from './logging.js';
import { createRegisterUserHandler } from './register-user-handler.js';

export interface RegisterUserClients {
  readonly dynamodb?: DynamoDBClient;
  readonly sns?: SNSClient;
}

/**
 * The handler wired to AWS from TABLE_NAME, TOPIC_ARN, CARD_TYPES and DEFAULT_COUNTRY (default US).
 * `clients` default to SDK clients configured by the Lambda environment.
 */
export function registerUserFromEnvironment(env: NodeJS.ProcessEnv, clients: RegisterUserClients = {}) {
  return createRegisterUserHandler({
    users: createUsersTable(clients.dynamodb ?? new DynamoDBClient({}), requiredEnv(env, FUNCTION_ENV.tableName)),
    cardRequests: createCardRequests(clients.sns ?? new SNSClient({}), requiredEnv(env, FUNCTION_ENV.topicArn)),
    rules: { cardTypes: cardTypesFromEnv(env), defaultCountry: env[FUNCTION_ENV.defaultCountry]?.trim() || 'US' },
    logger: createLogger('register-user'),
  });
}

// At init, so a missing variable fails the cold start by name rather than a request later.
export const handler = registerUserFromEnvironment(process.env);
