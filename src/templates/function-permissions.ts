// Least privilege per function: exactly the API calls each handler makes, on exactly the resources it touches.
// Keep these lists in step with src/lambda; the least-privilege test compares them with the handlers' SDK commands.
import type { FunctionId } from '../core/naming.js';
import { BRANDING_PREFIX, CARDS_PREFIX } from '../core/storage-keys.js';
import type { PolicyStatement } from './cfn-types.js';
import { bucketObjectsArn, getAtt, ref } from './intrinsics.js';
import { functionLogicalIds, LOGICAL_IDS } from './logical-ids.js';

const usersTableArn = getAtt(LOGICAL_IDS.usersTable, 'Arn');

/** The statements of `fn`'s role, one per resource, each with a Sid naming its purpose. */
export function functionPolicyStatements(fn: FunctionId): readonly PolicyStatement[] {
  return [...dataStatements(fn), logStatement(fn)];
}

function dataStatements(fn: FunctionId): PolicyStatement[] {
  switch (fn) {
    case 'register-user':
      return [
        allow('PutUserRecord', ['dynamodb:PutItem'], usersTableArn),
        allow('PublishCardRequest', ['sns:Publish'], ref(LOGICAL_IDS.cardRequestsTopic)),
      ];
    case 'get-user':
      return [
        allow('ReadUserRecords', ['dynamodb:GetItem', 'dynamodb:Query'], usersTableArn),
        // Presigned card URLs carry this role's signature, so the role itself must be able to read cards.
        allow('PresignCardDownloads', ['s3:GetObject'], bucketObjectsArn(LOGICAL_IDS.cardsBucket, `${CARDS_PREFIX}*`)),
      ];
    case 'render-card':
      return [
        allow('ReadAndMarkUserRecord', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], usersTableArn),
        allow('WriteCards', ['s3:PutObject'], bucketObjectsArn(LOGICAL_IDS.cardsBucket, `${CARDS_PREFIX}*`)),
        allow('ReadBranding', ['s3:GetObject'], bucketObjectsArn(LOGICAL_IDS.assetsBucket, `${BRANDING_PREFIX}*`)),
      ];
  }
}

// The stack creates the log group, so the function needs neither logs:CreateLogGroup nor any other group.
function logStatement(fn: FunctionId): PolicyStatement {
  return allow('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], getAtt(functionLogicalIds(fn).logGroup, 'Arn'));
}

function allow(sid: string, actions: readonly string[], resource: NonNullable<PolicyStatement['Resource']>): PolicyStatement {
  return { Sid: sid, Effect: 'Allow', Action: actions, Resource: resource };
}
