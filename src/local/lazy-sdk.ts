// AWS SDK client packages loaded on first use, so the engine starts (and the site answers) without
// compiling the clients that only a deploy or a stack change needs.
import { createRequire } from 'node:module';
import type * as CloudWatchLogs from '@aws-sdk/client-cloudwatch-logs';
import type * as DynamoDb from '@aws-sdk/client-dynamodb';
import type * as S3 from '@aws-sdk/client-s3';
import type * as Sns from '@aws-sdk/client-sns';

const require = createRequire(import.meta.url);

function lazy<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}

export const dynamodbSdk = lazy<typeof DynamoDb>('@aws-sdk/client-dynamodb');
export const s3Sdk = lazy<typeof S3>('@aws-sdk/client-s3');
export const snsSdk = lazy<typeof Sns>('@aws-sdk/client-sns');
export const logsSdk = lazy<typeof CloudWatchLogs>('@aws-sdk/client-cloudwatch-logs');
