// The AWS SDK clients for a target: built lazily, once each, with one retry policy.
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
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

/**
 * S3 settings for an overridden endpoint: path-style addressing, and checksums only when
 * required, since S3 emulators mishandle aws-chunked uploads.
 */
export function s3Config(target: Target) {
  return {
    ...clientConfig(target),
    ...(target.kind === 'aws'
      ? {}
      : ({ forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } as const)),
  };
}

export function createClients(target: Target): AwsClients {
  return {
    target,
    cloudformation: once(async () => new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient(clientConfig(target))),
    dynamodb: once(async () => new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient(clientConfig(target))),
    s3: once(async () => new (await import('@aws-sdk/client-s3')).S3Client(s3Config(target))),
    sns: once(async () => new (await import('@aws-sdk/client-sns')).SNSClient(clientConfig(target))),
    logs: once(async () => new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(clientConfig(target))),
  };
}

function once<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= create());
}
