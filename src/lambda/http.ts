// HTTP plumbing for the API handlers: JSON responses, header lookup, bounded bodies, correlation ids, failures.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { isThrottlingError } from '../aws/throttling.js';
import { decodeUtf8, describeUtf8Problem } from '../core/utf8.js';
import type { HttpApiEvent, HttpApiResult, LambdaContext } from './events.js';
import { errorFields } from './logging.js';

/** Largest request body register-user reads, in bytes; a registration is well under 2 kB. */
export const MAX_BODY_BYTES = 16 * 1024;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** An error body: a code to match on and one sentence for people, plus any details. */
export function problem(statusCode: number, error: string, message: string, extra: Record<string, unknown> = {}): HttpApiResult {
  return json(statusCode, { error, message, ...extra });
}

/** Header names in payload 2.0 are lowercase already; tests and other emitters may not be. */
export function header(event: HttpApiEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export type BodyResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: 'too-large'; readonly bytes: number }
  | { readonly ok: false; readonly problem: 'not-utf8'; readonly message: string };

/**
 * The body as text, or why not: its size when it passes `limit` (measured before anything decodes it), or
 * where a base64 body stops being UTF-8. A text body arrives as a string already, and is taken as it is.
 */
export function readBody(event: HttpApiEvent, limit = MAX_BODY_BYTES): BodyResult {
  const raw = event.body ?? '';
  // A base64 body decodes to about 3/4 of its length; refuse clearly huge ones before decoding.
  const estimate = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw, 'utf8');
  if (estimate > limit) return { ok: false, problem: 'too-large', bytes: estimate };
  if (!event.isBase64Encoded) return { ok: true, text: raw };
  const decoded = decodeUtf8(Buffer.from(raw, 'base64'));
  return decoded.ok ? decoded : { ok: false, problem: 'not-utf8', message: describeUtf8Problem(decoded, 'the request body') };
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's x-correlation-id when it is sane, else API Gateway's request id, else a new one. */
export function correlationId(event: HttpApiEvent): string {
  const given = header(event, 'x-correlation-id');
  if (given !== undefined && CORRELATION_ID.test(given)) return given;
  return event.requestContext.requestId || randomUUID();
}

/** Seconds a throttled caller is asked to wait before trying again. */
export const THROTTLED_RETRY_AFTER_SECONDS = 2;

/** The answer to a request AWS failed: 503 while throttled (trying again soon helps), else 500. */
export function failureAnswer(error: unknown): HttpApiResult {
  if (isThrottlingError(error)) {
    return json(
      503,
      { error: 'busy', message: 'the service is busy; try again in a few seconds' },
      { 'retry-after': String(THROTTLED_RETRY_AFTER_SECONDS) },
    );
  }
  return problem(500, 'internal-error', 'the request could not be completed; try again later');
}

type HttpHandler = (event: HttpApiEvent, context: LambdaContext) => Promise<HttpApiResult>;

/** `handle` with whatever it throws (an AWS failure, a bug) logged with the invocation's keys and answered as JSON. */
export function answeringFailures(logger: Logger, handle: HttpHandler): HttpHandler {
  return async (event, context) => {
    try {
      return await handle(event, context);
    } catch (error) {
      logger.error('request failed', errorFields(error));
      return failureAnswer(error);
    }
  };
}
