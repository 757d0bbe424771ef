// Narrowing for JSON-shaped values the engine does not type itself: template properties and what
// functions return.

export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object';
}

/** A scalar as its text, an object or array as its JSON (rather than String()'s `[object Object]`). */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // JSON.stringify gives undefined for undefined, functions and symbols, which JSON never holds.
  return JSON.stringify(value) ?? '';
}
