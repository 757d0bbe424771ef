// The register-user Lambda entry: clients and configuration built once per container from the environment.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { createCardRequests } from '../aws/card-requests.js';
import { createUsersTable } from '../aws/users-table.js';
import { cardTypesFromEnv, requiredEnv } from './environment.js';
import { createLogger } from './logging.js';
import { createRegisterUserHandler } from './register-user-handler.js';

/** The handler wired to AWS from TABLE_NAME, TOPIC_ARN, CARD_TYPES and DEFAULT_COUNTRY (default US). */
export function registerUserFromEnvironment(env: NodeJS.ProcessEnv) {
  return createRegisterUserHandler({
    users: createUsersTable(new DynamoDBClient({}), requiredEnv(env, 'TABLE_NAME')),
    cardRequests: createCardRequests(new SNSClient({}), requiredEnv(env, 'TOPIC_ARN')),
    rules: { cardTypes: cardTypesFromEnv(env), defaultCountry: env.DEFAULT_COUNTRY?.trim() || 'US' },
    logger: createLogger('register-user'),
  });
}

// At init, so a missing variable fails the cold start by name rather than a request later.
export const handler = registerUserFromEnvironment(process.env);
