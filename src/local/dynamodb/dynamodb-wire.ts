// The DynamoDB JSON wire as dynalite speaks it, for the actions the engine answers itself: which requests can be
// decoded without dynalite's HTTP handler, and the answer written with the same status, headers and body.

import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import type { DynaliteError } from 'dynalite/db/index.js';

/** dynalite's limit; a larger body is left to it (it answers 413). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const JSON_CONTENT_TYPES = new Set(['application/x-amz-json-1.0', 'application/json']);

export interface DecodedCall<Action> {
  readonly action: Action;
  readonly request: unknown;
  /** The content type the answer carries: the request's. */
  readonly contentType: string;
}

/**
 * The action and decoded body of a well-formed, signed `DynamoDB_20120810.<operation>` call for one of `actions`;
 * undefined for anything dynalite's handler answers before it gets to an action (no signature, a query string,
 * CORS, a body that is not JSON), so those keep dynalite's own answers.
 */
export function decodeCall<Action>(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
  body: Buffer,
  actions: Readonly<Record<string, Action>>,
): DecodedCall<Action> | undefined {
  if (method !== 'POST' || (url ?? '').includes('?') || headers.origin !== undefined) return undefined;
  if (body.length === 0 || body.length > MAX_REQUEST_BYTES) return undefined;
  const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  if (!JSON_CONTENT_TYPES.has(contentType)) return undefined;
  const [api, operation, ...rest] = (typeof headers['x-amz-target'] === 'string' ? headers['x-amz-target'] : '').split('.');
  if (api !== 'DynamoDB_20120810' || rest.length > 0 || operation === undefined || !Object.hasOwn(actions, operation)) return undefined;
  if (!hasCompleteSignature(headers)) return undefined;
  const action = actions[operation];
  const request = parseJson(body);
  if (action === undefined || request === undefined) return undefined;
  return { action, request: request.value, contentType };
}

function hasCompleteSignature(headers: IncomingHttpHeaders): boolean {
  const authorization = headers.authorization?.trim();
  if (authorization?.startsWith('AWS4-') !== true) return false;
  if (headers['x-amz-date'] === undefined && headers.date === undefined) return false;
  const parameters = new Map(
    authorization
      .split(/[, ]/)
      .slice(1)
      .filter((part) => part.length > 0)
      .map((part) => part.split('=') as [string, string | undefined]),
  );
  return ['Credential', 'Signature', 'SignedHeaders'].every((name) => Boolean(parameters.get(name)));
}

function parseJson(body: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(body.toString()) as unknown };
  } catch {
    return undefined;
  }
}

/** An action's rejection as dynalite's answer, or undefined when it is a fault rather than a wire error. */
export function wireError(error: unknown): { status: number; body: object } | undefined {
  const { statusCode, body } = (error ?? {}) as DynaliteError;
  return typeof statusCode === 'number' && body !== undefined ? { status: statusCode, body } : undefined;
}

/** Writes `payload` as dynalite does: JSON with its CRC32 in `x-amz-crc32` (as DynamoDB sends it), a 52-character request id. */
export function sendWireReply(response: ServerResponse, status: number, payload: object, contentType: string): void {
  const body = JSON.stringify(payload);
  response.statusCode = status;
  response.setHeader('x-amzn-RequestId', randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0'));
  response.setHeader('x-amz-crc32', crc32(body) >>> 0);
  response.setHeader('Content-Type', contentType === 'application/x-amz-json-1.0' ? contentType : 'application/json');
  response.setHeader('Content-Length', Buffer.byteLength(body, 'utf8'));
  response.end(body);
}
