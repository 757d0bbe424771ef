// Reading SNS request parameters: required values, message attributes and page tokens, refused with the
// codes SNS uses (InvalidParameter, NotFound).

import { indexedGroups, QueryError, type QueryParameters } from '../protocol/query.js';
import type { MessageAttributeValue } from './sns-event.js';

const PAGE_SIZE = 100;

export function invalidParameter(message: string): QueryError {
  return new QueryError(400, 'InvalidParameter', message);
}

export function notFound(message: string): QueryError {
  return new QueryError(404, 'NotFound', message);
}

export function requiredParameter(parameters: QueryParameters, name: string): string {
  const value = parameters[name];
  if (value === undefined || value === '') throw invalidParameter(`Invalid parameter: ${name} is required`);
  return value;
}

/** `MessageAttributes.entry.N.Name` + `.Value.DataType/StringValue/BinaryValue`. */
export function parseMessageAttributes(parameters: QueryParameters, prefix = 'MessageAttributes'): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const group of indexedGroups(parameters, `${prefix}.entry`)) {
    const name = group.Name;
    const dataType = group['Value.DataType'];
    if (name === undefined || dataType === undefined) throw invalidParameter('Message attributes need a Name and a Value.DataType');
    if (!/^(String|Number|Binary)(\..+)?$/.test(dataType))
      throw invalidParameter(`The message attribute '${name}' has an invalid type '${dataType}'`);
    const stringValue = group['Value.StringValue'];
    const binaryValue = group['Value.BinaryValue'];
    if (dataType.startsWith('Binary') ? binaryValue === undefined : stringValue === undefined) {
      throw invalidParameter(`The message attribute '${name}' must contain a non-empty message attribute value`);
    }
    attributes[name] = {
      DataType: dataType,
      ...(stringValue === undefined ? {} : { StringValue: stringValue }),
      ...(binaryValue === undefined ? {} : { BinaryValue: binaryValue }),
    };
  }
  return attributes;
}

/** The page of `items` a `NextToken` points at (100 a page), and the token of the next one. */
export function pageOf<T>(items: readonly T[], token: string | undefined): { page: T[]; next: string | undefined } {
  const start = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid parameter: NextToken');
  const page = items.slice(start, start + PAGE_SIZE);
  return { page, next: start + PAGE_SIZE < items.length ? String(start + PAGE_SIZE) : undefined };
}
