// The DynamoDB users table: one item per (user_id, card type), on demand, recoverable, encrypted with a KMS key.
import { USERS_TABLE_KEY_ATTRIBUTES, USERS_TABLE_KEY_SCHEMA } from '../core/users-table-key.js';
import type { CfnResources } from './cfn-types.js';
import { LOGICAL_IDS } from './logical-ids.js';
import { dataPolicies, type StackSettings } from './stack-settings.js';

export function usersTableResources(settings: StackSettings): CfnResources {
  return {
    [LOGICAL_IDS.usersTable]: {
      Type: 'AWS::DynamoDB::Table',
      // No TableName: a retained table would otherwise block re-creating the stack under the same name.
      ...dataPolicies(settings),
      Properties: {
        AttributeDefinitions: [...USERS_TABLE_KEY_ATTRIBUTES],
        KeySchema: [...USERS_TABLE_KEY_SCHEMA],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        // The AWS-managed key (aws/dynamodb): callers need no kms:* permissions of their own.
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: settings.retainData,
        Tags: settings.tags,
      },
    },
  };
}
