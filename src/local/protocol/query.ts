// The awsQuery wire protocol (SNS, CloudFormation): form-encoded requests in, namespaced XML envelopes out.
// A service is a table of actions over its state; this module decodes each request once and encodes each answer.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { errorMessage } from '../../core/errors.js';
import type { ServiceHandler } from './service-handler.js';
import { requestRegion } from './sigv4-scope.js';
import { xmlDocument, type XmlNode } from './xml.js';

export type QueryParameters = Readonly<Record<string, string>>;

/** Flat `Name=value` pairs of a form body (or the query string of a GET). */
export function parseQueryForm(body: string): QueryParameters {
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) parameters[name] = value;
  return parameters;
}

/**
 * The numbered groups under `prefix` (`X.member` or `X.entry`): `X.member.2.Id=a` becomes item 1 `{ Id: 'a' }`.
 * Items come back in index order; their own keys keep any further nesting, for another call.
 */
export function indexedGroups(parameters: QueryParameters, prefix: string): Array<Record<string, string>> {
  const groups = new Map<number, Record<string, string>>();
  const start = `${prefix}.`;
  for (const [name, value] of Object.entries(parameters)) {
    if (!name.startsWith(start)) continue;
    const rest = name.slice(start.length);
    const dot = rest.indexOf('.');
    const indexText = dot < 0 ? rest : rest.slice(0, dot);
    const index = Number(indexText);
    if (!Number.isInteger(index) || index < 1) continue;
    const group = groups.get(index) ?? {};
    group[dot < 0 ? '' : rest.slice(dot + 1)] = value;
    groups.set(index, group);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, group]) => group);
}

/** `X.member.N=value` lists of plain strings. */
export function memberList(parameters: QueryParameters, name: string): string[] {
  return indexedGroups(parameters, `${name}.member`).flatMap((group) => (group[''] === undefined ? [] : [group['']]));
}

/** `X.entry.N.key=k` + `X.entry.N.value=v` maps (SNS attributes). */
export function entryMap(parameters: QueryParameters, name: string, keyName = 'key', valueName = 'value'): Record<string, string> {
  const map: Record<string, string> = {};
  for (const group of indexedGroups(parameters, `${name}.entry`)) {
    const key = group[keyName];
    if (key !== undefined) map[key] = group[valueName] ?? '';
  }
  return map;
}

/** The awsQuery map encoding, as `entryMap` reads it: `<entry><key>k</key><value>v</value></entry>` per pair. */
export function entryMapXml(map: Readonly<Record<string, string>>): XmlNode[] {
  return Object.entries(map).map(([key, value]): XmlNode => [
    'entry',
    [
      ['key', key],
      ['value', value],
    ],
  ]);
}

/** `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>...` as awsQuery services answer. */
export function queryResponseXml(action: string, namespace: string, result: readonly XmlNode[] | undefined): string {
  const nodes: XmlNode[] = [];
  if (result !== undefined) nodes.push([`${action}Result`, [...result]]);
  nodes.push(['ResponseMetadata', [['RequestId', randomUUID()]]]);
  return xmlDocument(`${action}Response`, namespace, nodes);
}

/** The error document; `namespace` is left out when the error does not come from one service (the edge's own). */
export function queryErrorXml(
  namespace: string | undefined,
  code: string,
  message: string,
  type: 'Sender' | 'Receiver' = 'Sender',
): string {
  return xmlDocument('ErrorResponse', namespace, [
    [
      'Error',
      [
        ['Type', type],
        ['Code', code],
        ['Message', message],
      ],
    ],
    ['RequestId', randomUUID()],
  ]);
}

export function sendQueryXml(response: ServerResponse, status: number, xml: string): void {
  const body = Buffer.from(xml, 'utf8');
  response.writeHead(status, { 'content-type': 'text/xml', 'content-length': body.length, 'x-amzn-requestid': randomUUID() });
  response.end(body);
}

/** A protocol-level failure with the awsQuery code the SDK maps to its typed exception. */
export class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What an action gets: the decoded request, nothing of HTTP. */
export interface QueryRequest {
  readonly action: string;
  /** Query string and form body together (the body wins a name both carry). */
  readonly parameters: QueryParameters;
  /** The region the request was signed for; `us-east-1` when it is not signed. */
  readonly region: string;
  /** `http://<Host>` as the client called it, for links back to this endpoint. */
  readonly endpoint: string;
}

/** The part of an HTTP request the decoding reads. */
export interface QueryHttpRequest {
  readonly url?: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export function decodeQueryRequest(request: QueryHttpRequest, body: Buffer | string): QueryRequest {
  const query = new URL(request.url ?? '/', 'http://localhost').search.slice(1);
  const parameters = { ...parseQueryForm(query), ...parseQueryForm(body.toString('utf8')) };
  const host = request.headers.host;
  return {
    action: parameters.Action ?? '',
    parameters,
    region: requestRegion(request),
    endpoint: `http://${typeof host === 'string' ? host : '127.0.0.1'}`,
  };
}

/** The nodes inside `<ActionResult>`; undefined when the action answers with no result element at all. */
export type QueryResult = readonly XmlNode[] | undefined;

/** One action: a plain function of the service's state and the decoded request. Throw a QueryError to refuse. */
export type QueryAction<State> = (state: State, request: QueryRequest) => QueryResult | Promise<QueryResult>;

export type QueryActions<State> = Readonly<Record<string, QueryAction<State>>>;

export interface QueryService<State> {
  readonly namespace: string;
  readonly actions: QueryActions<State>;
  readonly state: State;
  /** Ends the InvalidAction message: `The action X is not valid for <serviceLabel>.` */
  readonly serviceLabel: string;
  /** The service's own refusals other than QueryError, as the error to answer; undefined leaves them unexpected. */
  readonly toQueryError?: (error: unknown) => QueryError | undefined;
  /** Code of the 500 answered for anything unexpected. Default `InternalError`. */
  readonly internalErrorCode?: string;
}

export interface QueryAnswer {
  readonly status: number;
  readonly xml: string;
}

/** Runs the request's action and encodes its result, its refusal, or a 500 for anything unexpected. */
export async function answerQuery<State>(service: QueryService<State>, request: QueryRequest): Promise<QueryAnswer> {
  const action = Object.hasOwn(service.actions, request.action) ? service.actions[request.action] : undefined;
  try {
    if (action === undefined) {
      throw new QueryError(400, 'InvalidAction', `The action ${request.action} is not valid for ${service.serviceLabel}.`);
    }
    const result = await action(service.state, request);
    return { status: 200, xml: queryResponseXml(request.action, service.namespace, result) };
  } catch (error) {
    const refusal = error instanceof QueryError ? error : service.toQueryError?.(error);
    if (refusal !== undefined) return { status: refusal.status, xml: queryErrorXml(service.namespace, refusal.code, refusal.message) };
    const code = service.internalErrorCode ?? 'InternalError';
    return { status: 500, xml: queryErrorXml(service.namespace, code, errorMessage(error), 'Receiver') };
  }
}

/** The edge handler of an awsQuery service: decode, answer, send. */
export function queryServiceHandler<State>(service: QueryService<State>): ServiceHandler {
  return async (request, body, response) => {
    const answer = await answerQuery(service, decodeQueryRequest(request, body));
    sendQueryXml(response, answer.status, answer.xml);
  };
}
