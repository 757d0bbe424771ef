// Handler configuration from the environment the template sets (see the Lambda environment contract).
import { CUSTOM_ENDPOINT_S3_OPTIONS } from '../aws/s3-options.js';
import { FUNCTION_ENV } from '../core/function-environment.js';
import { DEFAULT_CARD_URL_TTL_SECONDS } from '../core/storage-keys.js';

/** A required variable; a missing one fails the cold start with its name, not a later undefined. */
export function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** CARD_TYPES: comma-separated card type ids. */
export function cardTypesFromEnv(env: NodeJS.ProcessEnv): string[] {
  const ids = requiredEnv(env, FUNCTION_ENV.cardTypes)
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) throw new Error(`environment variable ${FUNCTION_ENV.cardTypes} lists no card type`);
  return ids;
}

/** CARD_URL_TTL_SECONDS, default 300; within S3's presigning limit of seven days. */
export function cardUrlTtlFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env[FUNCTION_ENV.cardUrlTtlSeconds]?.trim();
  if (!raw) return DEFAULT_CARD_URL_TTL_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 604800) {
    throw new Error(`${FUNCTION_ENV.cardUrlTtlSeconds} must be a whole number of seconds from 1 to 604800, not "${raw}"`);
  }
  return seconds;
}

/** S3 settings for a Lambda: the custom-endpoint ones when AWS_ENDPOINT_URL is set (as under `qrcard dev`). */
export function lambdaS3Options(env: NodeJS.ProcessEnv): Partial<typeof CUSTOM_ENDPOINT_S3_OPTIONS> {
  return env.AWS_ENDPOINT_URL ? CUSTOM_ENDPOINT_S3_OPTIONS : {};
}
