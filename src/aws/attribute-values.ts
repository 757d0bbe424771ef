// DynamoDB's typed attribute values to plain values and back, as the document client converts them, for the
// narrow clients that send through the plain DynamoDB client.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A string or a number as DynamoDB takes it. */
export function toAttributeValue(value: string | number): AttributeValue {
  return typeof value === 'number' ? { N: String(value) } : { S: value };
}

export function toAttributeValues(values: Readonly<Record<string, string | number>>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, toAttributeValue(value)]));
}

/** An item as plain values: numbers as numbers (refused when a JavaScript number would round them), sets as Sets. */
export function fromItem(item: Readonly<Record<string, AttributeValue>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, fromAttributeValue(value)]));
}

function fromAttributeValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return fromNumber(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return fromItem(value.M);
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.B !== undefined) return value.B;
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(fromNumber));
  if (value.BS !== undefined) return new Set(value.BS);
  throw new Error(`unsupported DynamoDB attribute value with ${Object.keys(value).join(', ') || 'no type'}`);
}

function fromNumber(text: string): number {
  const number = Number(text);
  if (!Number.isFinite(number) || (Number.isInteger(number) && !Number.isSafeInteger(number))) {
    throw new Error(`the number ${text} cannot be read without losing precision`);
  }
  return number;
}
