// AWS SDK client packages loaded on first use, so the engine starts (and the site answers) without
// compiling the clients that only a deploy or a stack change needs.
import { createRequire } from 'node:module';
import { once } from '../../../core/once.js';
import type * as CloudWatchLogs from '@aws-sdk/client-cloudwatch-logs';
import type * as DynamoDb from '@aws-sdk/client-dynamodb';
import type * as S3 from '@aws-sdk/client-s3';
import type * as Sns from '@aws-sdk/client-sns';

const require = createRequire(import.meta.url);

export const dynamodbSdk = once(() => require('@aws-sdk/client-dynamodb') as typeof DynamoDb);
export const s3Sdk = once(() => require('@aws-sdk/client-s3') as typeof S3);
export const snsSdk = once(() => require('@aws-sdk/client-sns') as typeof Sns);
export const logsSdk = once(() => require('@aws-sdk/client-cloudwatch-logs') as typeof CloudWatchLogs);
