// API Gateway HTTP API payload format 2.0: the event a Lambda integration receives, and how its
// result becomes the HTTP response (pure).
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { isJsonObject, valueText } from './json-values.js';

export interface HttpRequestData {
  readonly method: string;
  /** Path as the API saw it, stage prefix included; query string excluded. */
  readonly rawPath: string;
  readonly rawQueryString: string;
  /** Header name (any case) to value(s). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly receivedAt: Date;
}

export interface ApiContext {
  readonly apiId: string;
  readonly region: string;
  readonly accountId: string;
  readonly stage: string;
  readonly routeKey: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly stageVariables?: Readonly<Record<string, string>> | undefined;
  readonly requestId?: string | undefined;
}

export interface HttpApiEventV2 {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the CLF time API Gateway puts in requestContext.time. */
export function requestTime(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

/** Request ids look like `JKJaXmPLvHcESHA=`. */
export function newRequestId(): string {
  return randomBytes(10).toString('base64');
}

/** Bodies HTTP APIs pass as text; any other content type arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type.startsWith('text/') || /^application\/(.+\+)?(json|xml|javascript)$/.test(type);
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const values = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(rawQueryString)) values.set(key, [...(values.get(key) ?? []), value]);
  // Repeated parameters are joined with commas in format 2.0.
  return Object.fromEntries([...values].map(([key, list]) => [key, list.join(',')]));
}

export function buildHttpApiEvent(request: HttpRequestData, api: ApiContext): HttpApiEventV2 {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const joined = typeof value === 'string' ? value : value.join(',');
    if (lower === 'connection' || lower === 'keep-alive') continue;
    if (lower === 'cookie') {
      cookies = joined
        .split(';')
        .map((cookie) => cookie.trim())
        .filter((cookie) => cookie !== '');
      continue;
    }
    headers[lower] = headers[lower] === undefined ? joined : `${headers[lower]},${joined}`;
  }
  const domainName = `${api.apiId}.execute-api.${api.region}.amazonaws.com`;
  const requestId = api.requestId ?? newRequestId();
  // CloudFront forwards to the API's own domain, so that is the Host the integration sees.
  headers['host'] = domainName;
  headers['x-amzn-trace-id'] ??=
    `Root=1-${Math.floor(request.receivedAt.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  headers['x-forwarded-for'] ??= request.sourceIp;
  headers['x-forwarded-port'] ??= '443';
  headers['x-forwarded-proto'] ??= 'https';
  const event: HttpApiEventV2 = {
    version: '2.0',
    routeKey: api.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      domainName,
      domainPrefix: api.apiId,
      http: {
        method: request.method.toUpperCase(),
        path: request.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: api.routeKey,
      stage: api.stage,
      time: requestTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    isBase64Encoded: false,
  };
  const query = queryParameters(request.rawQueryString);
  if (query) event.queryStringParameters = query;
  if (Object.keys(api.pathParameters).length > 0) event.pathParameters = { ...api.pathParameters };
  if (api.stageVariables && Object.keys(api.stageVariables).length > 0) event.stageVariables = { ...api.stageVariables };
  if (request.body.length > 0) {
    // A text body that is not UTF-8 goes as bytes (base64), so the function sees what was sent, not replacement characters.
    const text = isTextContentType(headers['content-type']) && isUtf8(request.body);
    event.body = text ? request.body.toString('utf8') : request.body.toString('base64');
    event.isBase64Encoded = !text;
  }
  return event;
}

export interface HttpResponseData {
  readonly statusCode: number;
  /** Header name to value; `set-cookie` may hold several. */
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

const internalError = (): HttpResponseData => jsonMessage(500, 'Internal Server Error');

export function jsonMessage(statusCode: number, message: string): HttpResponseData {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ message })) };
}

/**
 * Maps a function's result to the response, as format 2.0 does: an object with `statusCode` is
 * taken as a response; anything else is returned as a 200 JSON body.
 */
export function mapLambdaResult(result: unknown): HttpResponseData {
  if (isJsonObject(result) && !Array.isArray(result) && 'statusCode' in result) {
    const statusCode = Number(result['statusCode']);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return internalError();
    const headers: Record<string, string | string[]> = {};
    const resultHeaders = result['headers'];
    if (isJsonObject(resultHeaders)) {
      for (const [name, value] of Object.entries(resultHeaders)) {
        if (value !== undefined && value !== null) headers[name.toLowerCase()] = valueText(value);
      }
    }
    const cookies = result['cookies'];
    if (Array.isArray(cookies) && cookies.length > 0) headers['set-cookie'] = cookies.map(String);
    let body = Buffer.alloc(0);
    const resultBody = result['body'];
    if (resultBody !== undefined && resultBody !== null) {
      const text = typeof resultBody === 'string' ? resultBody : JSON.stringify(resultBody);
      body = result['isBase64Encoded'] === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
    }
    return { statusCode, headers, body };
  }
  const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body, 'utf8') };
}

/** A function error (throw, timeout, crash) reaches the client as API Gateway's plain 500. */
export function functionErrorResponse(): HttpResponseData {
  return internalError();
}
