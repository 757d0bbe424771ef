// The AWS SDK clients for a target: built lazily, once each, with one retry policy. Each client class is
// imported through a module that re-exports it alone: a bundler cannot tree-shake the namespace of a dynamic
// `import('@aws-sdk/client-x')`, so that would load and compile every command of the service at each start.
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { once } from '../core/once.js';
import { CUSTOM_ENDPOINT_S3_OPTIONS } from './s3-options.js';
import type { Target } from './target.js';

/** The one retry policy: standard mode with exponential back-off and jitter, 5 attempts. */
export const RETRY_POLICY = { maxAttempts: 5, retryMode: 'standard' } as const;

/** Credentials the local engine accepts; it parses signatures but does not verify them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'qrcard-local', secretAccessKey: 'qrcard-local' } as const;

export interface AwsClients {
  readonly target: Target;
  cloudformation(): Promise<CloudFormationClient>;
  dynamodb(): Promise<DynamoDBClient>;
  s3(): Promise<S3Client>;
  sns(): Promise<SNSClient>;
  logs(): Promise<CloudWatchLogsClient>;
  /** Closes the connections of every client built so far. */
  destroy(): void;
}

/** The settings every client of `target` shares. */
export function clientConfig(target: Target) {
  return {
    region: target.region,
    ...RETRY_POLICY,
    ...(target.kind === 'aws' ? {} : { endpoint: target.endpoint }),
    ...(target.kind === 'local' ? { credentials: LOCAL_CREDENTIALS } : {}),
    ...(target.kind !== 'local' && target.profile ? { profile: target.profile } : {}),
  };
}

/** S3 settings for `target`: the shared ones, plus the custom-endpoint ones off AWS. */
export function s3Config(target: Target) {
  return { ...clientConfig(target), ...(target.kind === 'aws' ? {} : CUSTOM_ENDPOINT_S3_OPTIONS) };
}

export function createClients(target: Target): AwsClients {
  const built: Promise<{ destroy(): void }>[] = [];
  const client = <T extends { destroy(): void }>(create: () => Promise<T>) =>
    once(() => {
      const made = create();
      built.push(made);
      return made;
    });
  return {
    target,
    cloudformation: client(async () => new (await import('./client-classes/cloudformation.js')).CloudFormationClient(clientConfig(target))),
    dynamodb: client(async () => new (await import('./client-classes/dynamodb.js')).DynamoDBClient(clientConfig(target))),
    s3: client(async () => new (await import('./client-classes/s3.js')).S3Client(s3Config(target))),
    sns: client(async () => new (await import('./client-classes/sns.js')).SNSClient(clientConfig(target))),
    logs: client(async () => new (await import('./client-classes/logs.js')).CloudWatchLogsClient(clientConfig(target))),
    destroy: () => {
      for (const made of built)
        void made.then(
          (sdkClient) => sdkClient.destroy(),
          () => undefined,
        );
    },
  };
}
