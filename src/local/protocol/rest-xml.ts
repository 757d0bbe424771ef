// S3's REST-XML wire protocol: each path-style HTTP request decoded once into a plain RestXmlRequest, and each
// plain RestXmlResult, or the <Error> document of a failure, written back.

import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '../../core/errors.js';
import type { ServiceHandler } from './service-handler.js';
import { decodeAwsChunked, isAwsChunked } from './aws-chunked.js';
import { presignedUrlExpired, requestRegion, signedWithVersion2 } from './sigv4-scope.js';
import { xmlDocument, type XmlNode } from './xml.js';

/** What an action needs to know of a request, with no HTTP objects in it. */
export interface RestXmlRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Percent-decoded; '' when the path names no bucket. */
  readonly bucket: string;
  /** Percent-decoded, slashes kept; '' when the path names no key. */
  readonly key: string;
  /** The first value of each query parameter; a bare sub-resource such as `?uploads` has ''. */
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased names; the values of a repeated header joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  /** The payload, any aws-chunked framing removed. */
  readonly body: Buffer;
  /** Trailing headers of an aws-chunked body (checksums), names lower-cased. */
  readonly trailers: Readonly<Record<string, string>>;
  /** The region the request was signed for; us-east-1 for anonymous ones. */
  readonly region: string;
}

/** What an action answers; the protocol adds the request ids and the content-length. */
export interface RestXmlResult {
  readonly status: number;
  /** A content-length given here wins over the body's (HEAD answers give the object's size and no body). */
  readonly headers?: Readonly<Record<string, string | number>>;
  /** Text (XML or JSON), bytes, or a stream that is piped as it is read (give its content-length in `headers`). */
  readonly body?: string | Buffer | Readable;
}

/** An S3 error to answer with: thrown by an action, written as an `<Error>` document. */
export class RestXmlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Fields S3 echoes in the document, such as Key or BucketName. */
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** True when the request carries query parameter `name`, with or without a value. */
export function hasParameter(request: RestXmlRequest, name: string): boolean {
  return Object.hasOwn(request.query, name);
}

/** An XML document answer. */
export function xmlResult(xml: string, status = 200): RestXmlResult {
  return { status, headers: { 'content-type': 'application/xml' }, body: xml };
}

/** Path-style `/bucket/key`; the key keeps any slashes and is percent-decoded (a URIError when it cannot be). */
export function splitPath(pathname: string): { bucket: string; key: string } {
  const trimmed = pathname.startsWith('/') ? pathname.slice(1) : pathname;
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { bucket: decodeURIComponent(trimmed), key: '' };
  return { bucket: decodeURIComponent(trimmed.slice(0, slash)), key: decodeURIComponent(trimmed.slice(slash + 1)) };
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function firstValues(query: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of query) if (!Object.hasOwn(values, name)) values[name] = value;
  return values;
}

/** The body with aws-chunked framing removed, checked against the length the client declared. */
function decodePayload(headers: Readonly<Record<string, string>>, body: Buffer): { body: Buffer; trailers: Record<string, string> } {
  if (!isAwsChunked(headers)) return { body, trailers: {} };
  let decoded;
  try {
    decoded = decodeAwsChunked(body);
  } catch (error) {
    throw new RestXmlError(400, 'IncompleteBody', errorMessage(error));
  }
  const declared = headers['x-amz-decoded-content-length'];
  if (declared !== undefined && Number(declared) !== decoded.payload.length) {
    const message = `x-amz-decoded-content-length is ${declared} but the body holds ${decoded.payload.length} bytes`;
    throw new RestXmlError(400, 'IncompleteBody', message);
  }
  return { body: decoded.payload, trailers: { ...decoded.trailers } };
}

/** The parts of an incoming request the decoder reads (an IncomingMessage has them). */
export interface HttpRequestHead {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/**
 * Decodes a request, or throws what to answer instead: a RestXmlError (AccessDenied for a presigned URL that expired
 * before `now`, in epoch ms; InvalidRequest for a SigV2 signature; IncompleteBody for broken aws-chunked framing), or a URIError for a path that is not UTF-8.
 */
export function decodeRestXmlRequest(head: HttpRequestHead, body: Buffer, now: number): RestXmlRequest {
  const url = new URL(head.url ?? '/', 'http://localhost');
  if (presignedUrlExpired(url.searchParams, now)) throw new RestXmlError(403, 'AccessDenied', 'Request has expired');
  const headers = flatHeaders(head.headers);
  if (signedWithVersion2(headers['authorization'], url.searchParams)) throw signatureVersion2Refused();
  return {
    method: head.method ?? 'GET',
    ...splitPath(url.pathname),
    query: firstValues(url.searchParams),
    headers,
    ...decodePayload(headers, body),
    region: requestRegion(head),
  };
}

/** S3's answer to SigV2 in regions and buckets that take only SigV4, with what to do about it. */
function signatureVersion2Refused(): RestXmlError {
  return new RestXmlError(
    400,
    'InvalidRequest',
    "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256. Signature version 2 is not supported by qrcard's local engine: use SigV4 (boto3: Config(signature_version='s3v4')).",
  );
}

/** `<Error>` documents; `extra` adds the fields S3 echoes, such as Key or BucketName. */
function errorXml(code: string, message: string, extra: Readonly<Record<string, string>> = {}): string {
  const nodes: XmlNode[] = [['Code', code], ['Message', message], ...Object.entries(extra), ['RequestId', randomUUID()]];
  return xmlDocument('Error', undefined, nodes);
}

function asRestXmlError(error: unknown): RestXmlError {
  if (error instanceof RestXmlError) return error;
  if (error instanceof URIError) return new RestXmlError(400, 'InvalidURI', 'Could not parse the specified URI.');
  return new RestXmlError(500, 'InternalError', errorMessage(error));
}

/** The answer to anything thrown: a RestXmlError as it is, a bad percent-encoding as InvalidURI, the rest as InternalError. */
export function errorResult(error: unknown, method: string): RestXmlResult {
  const failure = asRestXmlError(error);
  if (method !== 'HEAD') return xmlResult(errorXml(failure.code, failure.message, failure.extra), failure.status);
  // HEAD answers carry no body, so the code goes in a header; the SDK maps the bare status (404 -> NotFound).
  return { status: failure.status, headers: { 'content-type': 'application/xml', 'x-amz-error-code': failure.code } };
}

/** Writes a result, adding the request ids; resolves once a stream body has been sent. */
async function writeRestXmlResult(response: ServerResponse, result: RestXmlResult): Promise<void> {
  const body = typeof result.body === 'string' ? Buffer.from(result.body, 'utf8') : result.body;
  response.writeHead(result.status, {
    'x-amz-request-id': randomUUID(),
    'x-amz-id-2': randomUUID(),
    ...(body instanceof Readable ? {} : { 'content-length': body?.length ?? 0 }),
    ...result.headers,
  });
  if (body instanceof Readable) await pipeline(body, response);
  else response.end(body);
}

/** The edge handler of a REST-XML service: decode each request, let `answer` act on it, write what it returns or throws. */
export function restXmlHandler(answer: (request: RestXmlRequest) => RestXmlResult | Promise<RestXmlResult>): ServiceHandler {
  return async (request, body, response) => {
    let result: RestXmlResult;
    try {
      result = await answer(decodeRestXmlRequest(request, body, Date.now()));
    } catch (error) {
      result = errorResult(error, request.method ?? 'GET');
    }
    await writeRestXmlResult(response, result);
  };
}
