// The AWS JSON 1.0/1.1 wire protocol (CloudWatch Logs): `X-Amz-Target: <prefix>.<Action>` names the action and
// the body is a JSON object; results and `{ __type, message }` errors go back as JSON.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ServiceHandler } from './service-handler.js';
import { requestRegion } from './sigv4-scope.js';
import { errorMessage } from '../../core/errors.js';

/** A decoded request body, or an object inside one. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** What an action knows of its request besides the input. */
export interface JsonRequest {
  /** The action named by the target, e.g. `PutLogEvents`. */
  readonly action: string;
  /** The region the request was signed for. */
  readonly region: string;
}

/** One action: a plain function from the service's state and the decoded input to the result to encode. */
export type JsonAction<State> = (state: State, input: JsonObject, request: JsonRequest) => object | Promise<object>;

export type JsonActions<State> = Readonly<Record<string, JsonAction<State>>>;

/** The headers and URL of a request: all the protocol reads besides the body. */
export interface JsonHttpRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly url?: string | undefined;
}

/** A reply ready to write. */
export interface JsonReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number>>;
  readonly body: Buffer;
}

const AWS_JSON_1_1 = 'application/x-amz-json-1.1';

/** An error the caller receives as `{ "__type": code, "message": message, ...fields }` with `status` (default 400). */
export class AwsJsonError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Members the error shape has besides its message, e.g. DynamoDB's `CancellationReasons`. */
    readonly fields: JsonObject = {},
  ) {
    super(message);
    this.name = 'AwsJsonError';
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The action of `<prefix>.<Action>`, or undefined when the target has another prefix. */
export function targetAction(target: string, targetPrefix: string): string | undefined {
  const start = `${targetPrefix}.`;
  return target.startsWith(start) ? target.slice(start.length) : undefined;
}

/** The body as a JSON object (an empty body is `{}`); anything else is AWS's SerializationException. */
export function parseJsonBody(body: Buffer): JsonObject {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!isJsonObject(parsed)) throw new AwsJsonError('SerializationException', 'The request body is not a JSON object');
  return parsed;
}

/** `payload` as the reply body; `errorCode` also goes into `x-amzn-errortype`, as AWS sends it. */
function jsonReply(status: number, payload: object, contentType = AWS_JSON_1_1, errorCode?: string): JsonReply {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  return {
    status,
    headers: {
      'content-type': contentType,
      'content-length': body.length,
      'x-amzn-requestid': randomUUID(),
      ...(errorCode === undefined ? {} : { 'x-amzn-errortype': errorCode }),
    },
    body,
  };
}

/** An AwsJsonError with its own code and status; anything else as `internalErrorCode` with status 500. */
export function jsonErrorReply(error: unknown, contentType = AWS_JSON_1_1, internalErrorCode = 'InternalFailure'): JsonReply {
  const { code, status, fields } = error instanceof AwsJsonError ? error : { code: internalErrorCode, status: 500, fields: {} };
  return jsonReply(status, { __type: code, message: errorMessage(error), ...fields }, contentType, code);
}

export interface JsonServiceOptions<State> {
  /** The part of `X-Amz-Target` before the action, e.g. `Logs_20140328`. */
  readonly targetPrefix: string;
  readonly actions: JsonActions<State>;
  /** The state actions work on; awaited once a request has decoded, so a service may open it lazily. */
  readonly state: () => State | Promise<State>;
  /** Default `application/x-amz-json-1.1`. */
  readonly contentType?: string;
  /** The `__type` of an unexpected failure, answered with status 500. Default `InternalFailure`. */
  readonly internalErrorCode?: string;
}

function actionOf<State>(options: JsonServiceOptions<State>, request: JsonHttpRequest): { name: string; run: JsonAction<State> } {
  const header = request.headers['x-amz-target'];
  const target = typeof header === 'string' ? header : '';
  const name = targetAction(target, options.targetPrefix) ?? '';
  const run = Object.hasOwn(options.actions, name) ? options.actions[name] : undefined;
  if (!run) throw new AwsJsonError('UnknownOperationException', `Unknown operation ${target}`);
  return { name, run };
}

/** Decodes one request, runs its action and encodes the outcome: the whole protocol, without HTTP. */
export async function answerJsonRequest<State>(
  options: JsonServiceOptions<State>,
  request: JsonHttpRequest,
  body: Buffer,
): Promise<JsonReply> {
  const contentType = options.contentType ?? AWS_JSON_1_1;
  try {
    const action = actionOf(options, request);
    const input = parseJsonBody(body);
    const state = await options.state();
    const result = await action.run(state, input, { action: action.name, region: requestRegion(request) });
    return jsonReply(200, result, contentType);
  } catch (error) {
    return jsonErrorReply(error, contentType, options.internalErrorCode);
  }
}

function writeJsonReply(response: ServerResponse, reply: JsonReply): void {
  response.writeHead(reply.status, reply.headers);
  response.end(reply.body);
}

/** The edge handler of a JSON-protocol service: its target prefix, its action table and its state. */
export function jsonServiceHandler<State>(options: JsonServiceOptions<State>): ServiceHandler {
  return async (request, body, response) => writeJsonReply(response, await answerJsonRequest(options, request, body));
}
