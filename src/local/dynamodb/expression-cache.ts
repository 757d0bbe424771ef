// dynalite parses each request's expressions with PEG parsers, and every card sends the same UpdateItem and
// ConditionExpression strings: each distinct one is parsed once here and its result copied for later requests.

import conditionParser from 'dynalite/db/conditionParser.js';
import projectionParser from 'dynalite/db/projectionParser.js';
import updateParser from 'dynalite/db/updateParser.js';
import type { ExpressionParser, ParseContext } from 'dynalite/db/conditionParser.js';

type AttributeValue = Record<string, unknown>;

interface CachedParse {
  /** A private copy of the first parse's result: its attribute values are those of the first request. */
  readonly result: object;
  readonly firstValues: Readonly<Record<string, AttributeValue>>;
  readonly usedNames: readonly string[];
  readonly usedValues: readonly string[];
}

/** Enough for every expression an app sends; past it the cache starts again rather than grow. */
const MAX_ENTRIES = 500;

/** The checks of these look into the attribute values themselves (bounds compared, a type name read), not only their types. */
const READS_VALUES = /between|attribute_type/i;

/** The order in which dynalite's parsers tell an attribute value's type. */
const VALUE_TYPES = ['S', 'N', 'B', 'NULL', 'BOOL', 'SS', 'NS', 'BS', 'L', 'M'] as const;

/**
 * The parse depends on the expression, the names map, and the attribute values only through their keys and types;
 * undefined (never cached) when a value could be told apart in any other way.
 */
function cacheKey(expression: string, context: ParseContext): string | undefined {
  if (READS_VALUES.test(expression)) return undefined;
  const values = context.attrVals ?? {};
  const valueTypes: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || 'attrType' in value) return undefined;
    const fields = value as AttributeValue;
    valueTypes.push(`${key}:${VALUE_TYPES.find((type) => fields[type] != null) ?? ''}`);
  }
  return JSON.stringify([expression, context.attrNames ?? null, valueTypes]);
}

/** A deep copy of a parse result, with each attribute value of the first request swapped for the same key's value now. */
function copyResult<T>(result: T, swaps: ReadonlyMap<object, AttributeValue>): T {
  const copies = new Map<object, unknown>();
  const copy = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    const swapped = swaps.get(node);
    if (swapped) return swapped;
    const done = copies.get(node);
    if (done !== undefined) return done;
    if (Array.isArray(node)) {
      const array: unknown[] = [];
      copies.set(node, array);
      for (const item of node) array.push(copy(item));
      return array;
    }
    // Keeps the prototype: the parsers index some maps by attribute name in objects without one.
    const object = Object.create(Object.getPrototypeOf(node) as object | null) as Record<string, unknown>;
    copies.set(node, object);
    for (const [key, value] of Object.entries(node)) object[key] = copy(value);
    return object;
  };
  return copy(result) as T;
}

function valueSwaps(
  from: Readonly<Record<string, AttributeValue>>,
  to: Readonly<Record<string, AttributeValue>>,
): Map<object, AttributeValue> {
  const swaps = new Map<object, AttributeValue>();
  for (const [key, value] of Object.entries(from)) {
    const now = to[key];
    if (now) swaps.set(value, now);
  }
  return swaps;
}

/**
 * `parse` with each successful result kept by `cacheKey`. A miss is dynalite's own parse, on a context whose
 * unused-name sets start full so that every name the expression uses is recorded; a hit removes the same names from
 * the request's unused sets, as the parse would. Errors are never cached: each bad expression is parsed again.
 */
export function cachingParser(parse: ExpressionParser['parse']): ExpressionParser['parse'] {
  const cache = new Map<string, CachedParse>();
  return (expression, options) => {
    const context = options.context;
    const key = cacheKey(expression, context);
    const cached = key === undefined ? undefined : cache.get(key);
    const values = (context.attrVals ?? {}) as Record<string, AttributeValue>;
    if (cached) {
      for (const name of cached.usedNames) delete context.unusedAttrNames?.[name];
      for (const name of cached.usedValues) delete context.unusedAttrVals?.[name];
      return copyResult(cached.result, valueSwaps(cached.firstValues, values));
    }
    if (key === undefined) return parse(expression, options);
    const unusedNames = Object.fromEntries(Object.keys(context.attrNames ?? {}).map((name) => [name, true]));
    const unusedValues = Object.fromEntries(Object.keys(values).map((name) => [name, true]));
    const usedNames = () => Object.keys(context.attrNames ?? {}).filter((name) => !(name in unusedNames));
    const usedValues = () => Object.keys(values).filter((name) => !(name in unusedValues));
    let result;
    try {
      result = parse(expression, { ...options, context: { ...context, unusedAttrNames: unusedNames, unusedAttrVals: unusedValues } });
    } finally {
      // As the parse would have left the request's own sets, even when it threw.
      for (const name of usedNames()) delete context.unusedAttrNames?.[name];
      for (const name of usedValues()) delete context.unusedAttrVals?.[name];
    }
    if (typeof result !== 'object' || result === null) return result;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, {
      result: copyResult(result, valueSwaps(values, values)),
      firstValues: values,
      usedNames: usedNames(),
      usedValues: usedValues(),
    });
    return result;
  };
}

let installed = false;

/** Puts `cachingParser` in front of dynalite's three expression parsers, once per process. */
export function cacheExpressionParses(): void {
  if (installed) return;
  installed = true;
  for (const parser of [conditionParser, updateParser, projectionParser]) parser.parse = cachingParser(parser.parse);
}
