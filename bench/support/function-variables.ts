// The variables a function's module reads at init, as the benchmarks give them: names of tables, buckets and a
// topic that need not exist, since a cold start or a render against a seeded engine never looks them up.
import { FUNCTION_ENV } from '../../src/core/function-environment.js';

export const BENCH_FUNCTION_VARIABLES = {
  [FUNCTION_ENV.tableName]: 'bench-users',
  [FUNCTION_ENV.topicArn]: 'arn:aws:sns:us-east-1:000000000000:bench',
  [FUNCTION_ENV.cardTypes]: 'attendee,speaker,staff',
  [FUNCTION_ENV.cardsBucket]: 'bench-cards',
  [FUNCTION_ENV.assetsBucket]: 'bench-assets',
  [FUNCTION_ENV.brandingKey]: 'branding/branding.json',
  [FUNCTION_ENV.serviceName]: 'qrcard',
  POWERTOOLS_LOG_LEVEL: 'INFO',
} as const;
