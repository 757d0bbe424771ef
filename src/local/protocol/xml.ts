// Small XML helpers for the emulated services: escaping for the responses we build, a parser for request bodies.

import { XMLParser, XMLValidator } from 'fast-xml-parser';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** A value to render: text, a nested element list, or nothing (element omitted). */
export type XmlValue = string | number | boolean | XmlNode[] | undefined;
export type XmlNode = readonly [name: string, value: XmlValue];

/** Renders nodes in order; undefined values are left out so optional fields need no `if`s. */
export function renderXml(nodes: readonly XmlNode[]): string {
  let out = '';
  for (const [name, value] of nodes) {
    if (value === undefined) continue;
    const inner = Array.isArray(value) ? renderXml(value) : escapeXml(String(value));
    out += `<${name}>${inner}</${name}>`;
  }
  return out;
}

/** A whole document with one namespaced root element. */
export function xmlDocument(root: string, namespace: string | undefined, children: readonly XmlNode[]): string {
  const ns = namespace === undefined ? '' : ` xmlns="${namespace}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns}>${renderXml(children)}</${root}>`;
}

export type ParsedXml = Record<string, unknown>;

/**
 * Parses a request body; `arrays` names the elements that may repeat (always returned as arrays).
 * Throws on malformed XML so callers can answer MalformedXML.
 */
export function parseXml(text: string, arrays: readonly string[] = []): ParsedXml {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`malformed XML: ${valid.err.msg}`);
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => arrays.includes(name),
  });
  return parser.parse(text) as ParsedXml;
}

/** Text of a child element, or undefined. */
export function childText(node: unknown, name: string): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const value = (node as Record<string, unknown>)[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
