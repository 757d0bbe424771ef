// Evaluates CloudFormation intrinsic functions and conditions over template values (pure).
import { validationError, type Template } from './template.js';

/** `Ref: AWS::NoValue`: the property or list item disappears. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/**
 * A value not known yet (a resource still to be created or replaced). Functions over it give
 * Unknown too, so a change preview can say "this will change" without guessing the value.
 */
export class Unknown {
  constructor(readonly reference: string) {}
}

export interface ResolveContext {
  /** Parameter values and pseudo parameters (AWS::Region, ...); lists for List<> and CommaDelimitedList types. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly conditions: Readonly<Record<string, boolean>>;
  readonly mappings?: Template['Mappings'];
  /** Ref of a resource: its physical id, or an Unknown. */
  ref(logicalId: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
  availabilityZones(region: string): string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The single intrinsic key of an object such as `{ "Fn::Join": [...] }`, if it is one. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0] ?? '';
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/** The intrinsic function `value` calls and its arguments, when it is a call. */
export function intrinsicCall(value: unknown): { readonly name: string; readonly args: unknown } | undefined {
  const name = intrinsicName(value);
  return name === undefined || !isRecord(value) ? undefined : { name, args: value[name] };
}

export function containsUnknown(value: unknown): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isRecord(value)) return Object.values(value).some(containsUnknown);
  return false;
}

function asString(value: unknown, where: string): string | Unknown {
  if (value instanceof Unknown) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw validationError(`Template error: ${where} requires a string, got ${JSON.stringify(value)}`);
}

function argumentList(value: unknown, name: string, length?: number): unknown[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    throw validationError(`Template error: ${name} requires a list${length === undefined ? '' : ` of ${length} arguments`}`);
  }
  return value;
}

/** Splits `Fn::Sub` text into literal parts and `${Name}` references; `${!Literal}` stays literal. */
export function subReferences(text: string): Array<{ literal: string } | { reference: string }> {
  const parts: Array<{ literal: string } | { reference: string }> = [];
  const pattern = /\$\{([^}]*)\}/g;
  let last = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    parts.push({ literal: text.slice(last, match.index) });
    const inner = match[1] ?? '';
    parts.push(inner.startsWith('!') ? { literal: `\${${inner.slice(1)}}` } : { reference: inner.trim() });
    last = match.index + match[0].length;
  }
  parts.push({ literal: text.slice(last) });
  return parts;
}

export function evaluateCondition(value: unknown, context: ResolveContext): boolean {
  const call = intrinsicCall(value);
  const name = call?.name;
  const args = call?.args;
  switch (name) {
    case 'Condition': {
      const known = context.conditions[String(args)];
      if (known === undefined) throw validationError(`Template format error: Unresolved condition dependency ${String(args)}`);
      return known;
    }
    case 'Fn::Equals': {
      const [left, right] = argumentList(args, 'Fn::Equals', 2).map((item) => resolveValue(item, context));
      return JSON.stringify(normalizeScalar(left)) === JSON.stringify(normalizeScalar(right));
    }
    case 'Fn::Not':
      return !evaluateCondition(argumentList(args, 'Fn::Not', 1)[0], context);
    case 'Fn::And':
      return argumentList(args, 'Fn::And').every((item) => evaluateCondition(item, context));
    case 'Fn::Or':
      return argumentList(args, 'Fn::Or').some((item) => evaluateCondition(item, context));
    default: {
      const resolved = resolveValue(value, context);
      if (resolved === true || resolved === 'true') return true;
      if (resolved === false || resolved === 'false') return false;
      throw validationError(`Template error: a condition must be a condition function, got ${JSON.stringify(value)}`);
    }
  }
}

// CloudFormation compares parameter values as strings: `Fn::Equals [!Ref Count, 1]` holds for "1".
function normalizeScalar(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/** Evaluates the template's Conditions section, in any order they reference each other. */
export function evaluateConditions(
  declarations: Readonly<Record<string, unknown>>,
  base: Omit<ResolveContext, 'conditions'>,
): Record<string, boolean> {
  const results: Record<string, boolean> = {};
  const visiting = new Set<string>();
  const conditions = new Proxy(results, {
    get(target, key: string) {
      if (!(key in target)) evaluate(key);
      return target[key];
    },
  });
  const evaluate = (name: string): void => {
    const declaration = declarations[name];
    if (declaration === undefined) return;
    if (visiting.has(name)) throw validationError(`Template format error: Circular dependency between conditions: ${name}`);
    visiting.add(name);
    results[name] = evaluateCondition(declaration, { ...base, conditions });
    visiting.delete(name);
  };
  for (const name of Object.keys(declarations)) if (!(name in results)) evaluate(name);
  return results;
}

function refValue(name: string, context: ResolveContext): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in context.parameters) return context.parameters[name];
  return context.ref(name);
}

function resolveSub(args: unknown, context: ResolveContext): string | Unknown {
  const [text, variables] = typeof args === 'string' ? [args, {}] : argumentList(args, 'Fn::Sub', 2);
  if (typeof text !== 'string' || !isRecord(variables))
    throw validationError('Template error: Fn::Sub requires a string and an optional map of variables');
  let out = '';
  for (const part of subReferences(text)) {
    if ('literal' in part) {
      out += part.literal;
      continue;
    }
    let value: unknown;
    if (part.reference in variables) value = resolveValue(variables[part.reference], context);
    else if (part.reference.includes('.') && !(part.reference in context.parameters)) {
      const dot = part.reference.indexOf('.');
      value = context.getAtt(part.reference.slice(0, dot), part.reference.slice(dot + 1));
    } else value = refValue(part.reference, context);
    const piece = asString(value, `Fn::Sub variable ${part.reference}`);
    if (piece instanceof Unknown) return piece;
    out += piece;
  }
  return out;
}

function resolveFunction(name: string, args: unknown, context: ResolveContext): unknown {
  switch (name) {
    case 'Ref':
      if (typeof args !== 'string') throw validationError('Template error: Ref requires a name');
      return refValue(args, context);
    case 'Fn::GetAtt': {
      const parts =
        typeof args === 'string'
          ? [args.slice(0, args.indexOf('.')), args.slice(args.indexOf('.') + 1)]
          : argumentList(args, 'Fn::GetAtt', 2);
      const attribute = resolveValue(parts[1], context);
      return context.getAtt(String(parts[0]), String(attribute));
    }
    case 'Fn::Sub':
      return resolveSub(args, context);
    case 'Fn::Join': {
      const [delimiter, list] = argumentList(args, 'Fn::Join', 2);
      const items = resolveValue(list, context);
      if (items instanceof Unknown) return items;
      if (!Array.isArray(items)) throw validationError('Template error: Fn::Join requires a list of values');
      const strings = items.map((item) => asString(item, 'Fn::Join'));
      const unknown = strings.find((item) => item instanceof Unknown);
      return unknown ?? strings.filter((item) => typeof item === 'string').join(String(delimiter));
    }
    case 'Fn::Select': {
      const [index, list] = argumentList(args, 'Fn::Select', 2).map((item) => resolveValue(item, context));
      if (index instanceof Unknown) return index;
      if (list instanceof Unknown) return list;
      if (!Array.isArray(list)) throw validationError('Template error: Fn::Select requires a list');
      const position = Number(index);
      if (!Number.isInteger(position) || position < 0 || position >= list.length) {
        throw validationError(`Template error: Fn::Select cannot select nonexistent value at index ${String(index)}`);
      }
      return list[position];
    }
    case 'Fn::Split': {
      const [delimiter, source] = argumentList(args, 'Fn::Split', 2).map((item) => resolveValue(item, context));
      const text = asString(source, 'Fn::Split');
      return text instanceof Unknown ? text : text.split(String(delimiter));
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = argumentList(args, 'Fn::If', 3);
      const known = context.conditions[String(condition)];
      if (known === undefined)
        throw validationError(`Template format error: Unresolved condition dependency ${String(condition)} in Fn::If`);
      return resolveValue(known ? whenTrue : whenFalse, context);
    }
    case 'Fn::GetAZs': {
      const region = resolveValue(args, context);
      const name = region === '' || region === undefined ? context.parameters['AWS::Region'] : region;
      return context.availabilityZones(String(name));
    }
    case 'Fn::Base64': {
      const text = asString(resolveValue(args, context), 'Fn::Base64');
      return text instanceof Unknown ? text : Buffer.from(text, 'utf8').toString('base64');
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = argumentList(args, 'Fn::FindInMap', 3).map((item) => resolveValue(item, context));
      const value = context.mappings?.[String(map)]?.[String(top)]?.[String(second)];
      if (value === undefined)
        throw validationError(`Template error: Unable to get mapping for ${String(map)}::${String(top)}::${String(second)}`);
      return value;
    }
    case 'Fn::Equals':
    case 'Fn::Not':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Condition':
      return evaluateCondition({ [name]: args }, context);
    default:
      throw validationError(`Template format error: Unsupported intrinsic function ${name}`);
  }
}

/** Resolves every intrinsic in `value`; `AWS::NoValue` entries are dropped from objects and lists. */
export function resolveValue(value: unknown, context: ResolveContext): unknown {
  const call = intrinsicCall(value);
  if (call !== undefined) return resolveFunction(call.name, call.args, context);
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, context)).filter((item) => item !== NO_VALUE);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveValue(item, context);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
  return value;
}
