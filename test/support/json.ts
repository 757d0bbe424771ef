// Typed readers for the JSON the tests get back (response bodies, log lines, files the CLI wrote), so an
// assertion reads a field of a known shape instead of reaching into an untyped JSON.parse result.
import type * as z from 'zod';

export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `text` parsed as JSON, which must be an object. It is returned as parsed, not copied, so even keys such as
 * `__proto__` stay as they came; its fields are `unknown`, left for the assertions to judge.
 */
export function parseJsonObject(text: string): JsonObject {
  const value: unknown = JSON.parse(text);
  if (!isJsonObject(value)) throw new Error(`expected a JSON object, got ${text.slice(0, 200)}`);
  return value;
}

/**
 * `text` parsed as JSON and checked against `schema`: the fields the test reads get their types, and a body
 * of another shape fails with zod's account of what differs. Describe with `z.looseObject` any object that
 * is compared whole, so fields the schema does not name are kept.
 */
export function parseJsonAs<T>(text: string, schema: z.ZodType<T>): T {
  const value: unknown = JSON.parse(text);
  return schema.parse(value);
}
