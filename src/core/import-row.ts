// One row of a people file turned into a registration or a reject: the importer's domain rules, pure.
import { registrationParser, type ParseResult, type Registration, type RegistrationRules } from './record.js';
import { columnForHeader, USER_COLUMNS, type UserColumn } from './user-columns.js';

/** Where each column of a file goes: a header of the file to one of ours. */
export type ColumnPlan = ReadonlyMap<string, UserColumn>;

export type ColumnPlanResult =
  | { readonly ok: true; readonly plan: ColumnPlan }
  | { readonly ok: false; readonly unknown: readonly string[]; readonly missing: readonly UserColumn[] };

const REQUIRED_COLUMNS: readonly UserColumn[] = ['user_id', 'type', 'name', 'phone'];

/**
 * Maps a file's headers to our columns: `overrides` (from `--map header=column`) first, then the
 * column's own name or a common spelling. Unknown headers and missing required columns are refused.
 */
export function planColumns(headers: readonly string[], overrides: ReadonlyMap<string, UserColumn> = new Map()): ColumnPlanResult {
  const plan = new Map<string, UserColumn>();
  const unknown: string[] = [];
  for (const header of headers) {
    const column = overrides.get(header) ?? columnForHeader(header);
    if (column === undefined) unknown.push(header);
    else plan.set(header, column);
  }
  const mapped = new Set(plan.values());
  const missing = REQUIRED_COLUMNS.filter((column) => !mapped.has(column));
  if (unknown.length > 0 || missing.length > 0) return { ok: false, unknown, missing };
  return { ok: true, plan };
}

/** Parses `--map` values (`header=column`), or says which one is wrong. */
export function parseColumnOverrides(
  values: readonly string[],
): { ok: true; overrides: Map<string, UserColumn> } | { ok: false; reason: string } {
  const overrides = new Map<string, UserColumn>();
  for (const value of values) {
    const split = value.lastIndexOf('=');
    const header = value.slice(0, split);
    const column = USER_COLUMNS.find((name) => name === value.slice(split + 1).trim());
    if (split <= 0 || column === undefined) {
      return { ok: false, reason: `--map ${value}: expected header=column, column one of ${USER_COLUMNS.join(', ')}` };
    }
    overrides.set(header, column);
  }
  return { ok: true, overrides };
}

export type RowOutcome =
  | { readonly kind: 'registration'; readonly registration: Registration }
  | { readonly kind: 'reject'; readonly field: string; readonly reason: string };

/** The key that makes two rows the same record. */
export function rowKey(registration: Pick<Registration, 'user_id' | 'type'>): string {
  return `${registration.user_id}\u0000${registration.type}`;
}

/** A row validator for `rules`: the schema is built once, not per row. */
export function rowValidator(
  rules: RegistrationRules,
): (fields: Readonly<Record<string, unknown>>, plan: ColumnPlan | undefined) => RowOutcome {
  const parse = registrationParser(rules);
  return (fields, plan) => judgeRow(fields, plan, parse);
}

/**
 * Validates one row with the core schema. `fields` are keyed by the file's headers; those the plan does
 * not know are left for the schema to refuse (JSON rows carry their own keys). Blank cells count as absent.
 */
export function rowToRegistration(
  fields: Readonly<Record<string, unknown>>,
  plan: ColumnPlan | undefined,
  rules: RegistrationRules,
): RowOutcome {
  return judgeRow(fields, plan, registrationParser(rules));
}

function judgeRow(
  fields: Readonly<Record<string, unknown>>,
  plan: ColumnPlan | undefined,
  parse: (input: unknown) => ParseResult<Registration>,
): RowOutcome {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return { kind: 'reject', field: '(record)', reason: 'a row must be an object of fields' };
  }
  const input: Record<string, unknown> = {};
  for (const [header, value] of Object.entries(fields)) {
    const column = plan?.get(header) ?? columnForHeader(header) ?? header;
    if (value === '' || value === null || value === undefined) continue;
    input[column] = value;
  }
  const parsed = parse(input);
  if (parsed.ok) return { kind: 'registration', registration: parsed.value };
  return {
    kind: 'reject',
    field: [...new Set(parsed.issues.map((issue) => issue.field))].join(' '),
    reason: parsed.issues.map((issue) => issue.message).join('; '),
  };
}
