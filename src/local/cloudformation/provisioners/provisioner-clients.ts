// The SDK clients CloudFormation's provisioners use, aimed at the engine's own edge; each client (and its
// package) is built only when a provisioner first needs it, so starting the engine loads none of them.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { clientConfig, s3Config } from '../../../aws/clients.js';
import type { Target } from '../../../aws/target.js';
import type { ServiceClients } from './provisioner.js';
import { dynamodbSdk, logsSdk, s3Sdk, snsSdk } from './lazy-sdk.js';

/** Clients for `target`, built on first use; `destroy` closes the ones that were built. */
export function lazyServiceClients(target: Target): ServiceClients & { destroy(): void } {
  const config = clientConfig(target);
  const built: { dynamodb?: DynamoDBClient; s3?: S3Client; sns?: SNSClient; logs?: CloudWatchLogsClient } = {};
  return {
    get dynamodb() {
      return (built.dynamodb ??= new (dynamodbSdk().DynamoDBClient)(config));
    },
    get s3() {
      return (built.s3 ??= new (s3Sdk().S3Client)(s3Config(target)));
    },
    get sns() {
      return (built.sns ??= new (snsSdk().SNSClient)(config));
    },
    get logs() {
      return (built.logs ??= new (logsSdk().CloudWatchLogsClient)(config));
    },
    destroy() {
      for (const client of Object.values(built)) client.destroy();
    },
  };
}
