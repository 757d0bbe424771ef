// The awsQuery wire protocol (SNS, CloudFormation): form-encoded requests in, namespaced XML envelopes out.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
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

/** `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>...` as awsQuery services answer. */
export function queryResponseXml(action: string, namespace: string, result: readonly XmlNode[] | undefined): string {
  const nodes: XmlNode[] = [];
  if (result !== undefined) nodes.push([`${action}Result`, [...result]]);
  nodes.push(['ResponseMetadata', [['RequestId', randomUUID()]]]);
  return xmlDocument(`${action}Response`, namespace, nodes);
}

export function queryErrorXml(namespace: string, code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
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
