// Reading the XML nodes an awsQuery action returns, for tests that call actions directly.
import type { QueryResult } from '../../../src/local/protocol/query.js';
import type { XmlNode, XmlValue } from '../../../src/local/protocol/xml.js';

type Nodes = QueryResult | XmlValue;

/** The value of the first element along `path`, e.g. `nodeAt(result, 'Attributes')`; undefined when absent. */
export function nodeAt(nodes: Nodes, ...path: string[]): Nodes {
  let value = nodes;
  for (const name of path) {
    if (!isNodeList(value)) return undefined;
    value = value.find(([candidate]) => candidate === name)?.[1];
  }
  return value;
}

function isNodeList(value: Nodes): value is readonly XmlNode[] {
  return Array.isArray(value);
}

/** The text of the element along `path`. */
export function textAt(nodes: Nodes, ...path: string[]): string | undefined {
  const value = nodeAt(nodes, ...path);
  return value === undefined || isNodeList(value) ? undefined : String(value);
}

/** The children of each `member` of the list along `path`. */
export function membersAt(nodes: Nodes, ...path: string[]): Array<readonly XmlNode[]> {
  const list = nodeAt(nodes, ...path);
  if (!isNodeList(list)) return [];
  return list.flatMap(([name, value]) => (name === 'member' && isNodeList(value) ? [value] : []));
}

/** An `entry`/`key`/`value` map along `path` as a plain object. */
export function entriesAt(nodes: Nodes, ...path: string[]): Record<string, string> {
  const list = nodeAt(nodes, ...path);
  const map: Record<string, string> = {};
  if (!isNodeList(list)) return map;
  for (const [, entry] of list) {
    const key = textAt(entry, 'key');
    if (key !== undefined) map[key] = textAt(entry, 'value') ?? '';
  }
  return map;
}
