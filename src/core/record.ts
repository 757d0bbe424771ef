// The user record: one zod schema shared by the API, the CLI and the importer.
import * as z from 'zod/mini';
import { textLine } from './text.js';
import { normalisePhone } from './phone.js';
import { CARDS_PREFIX } from './storage-keys.js';

export const CARD_STATUSES = ['pending', 'ready', 'failed'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** What a person submits: validated and normalised by `parseRegistration`. */
export interface Registration {
  readonly user_id: string;
  readonly type: string;
  readonly name: string;
  readonly phone: string;
  readonly company?: string;
  readonly title?: string;
  readonly email?: string;
}

/** A stored record: a registration plus what the system keeps about its card. */
export interface UserRecord extends Registration {
  readonly created_at: string;
  readonly updated_at: string;
  readonly card_status: CardStatus;
  readonly card_key?: string;
  readonly card_error?: string;
  readonly card_version: number;
  /** The content hash of the branding the current card was drawn with (set with `ready`); absent on older cards. */
  readonly card_branding?: string;
}

export interface RegistrationRules {
  /** Card type ids the configuration allows. */
  readonly cardTypes: readonly string[];
  /** ISO country used for phone numbers without a +country code. */
  readonly defaultCountry: string;
}

export interface FieldIssue {
  /** The field's name, or `(record)` for problems with the whole input. */
  readonly field: string;
  readonly message: string;
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly FieldIssue[] };

export const USER_ID_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
/** Why a user_id failed USER_ID_PATTERN. */
export const USER_ID_MESSAGE = 'user_id must be 1-64 characters of letters, digits, ".", "_", "@" or "-"';

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** Builds the registration schema for the configured card types and phone country. */
export function registrationSchema(rules: RegistrationRules) {
  const types = [...rules.cardTypes];
  return z.strictObject(
    {
      user_id: z
        .pipe(
          requiredText('user_id'),
          z.transform((value: string) => value.trim()),
        )
        .check(z.refine((value) => USER_ID_PATTERN.test(value), { message: USER_ID_MESSAGE })),
      type: z
        .pipe(
          requiredText('type'),
          z.transform((value: string) => value.trim()),
        )
        .check(z.refine((value) => types.includes(value), { message: `type must be one of: ${types.join(', ')}` })),
      name: textLine('name', 80),
      company: z.pipe(z.transform(blankToUndefined), z.optional(textLine('company', 80))),
      title: z.pipe(z.transform(blankToUndefined), z.optional(textLine('title', 80))),
      phone: z.pipe(
        requiredText('phone'),
        z.transform((value: string, context) => {
          const result = normalisePhone(value, rules.defaultCountry);
          if (result.ok) return result.e164;
          context.issues.push({ code: 'custom', message: result.reason, input: value });
          return z.NEVER;
        }),
      ),
      email: z.pipe(
        z.transform((value: unknown) => (typeof value === 'string' ? blankToUndefined(value.trim()) : value)),
        z.optional(z.email({ message: 'email must be an address like name@example.com' }).check(z.maxLength(254))),
      ),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : undefined) },
  );
}

function requiredText(field: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) });
}

/** Validates untrusted input into a Registration, or lists every problem by field. */
export function parseRegistration(input: unknown, rules: RegistrationRules): ParseResult<Registration> {
  return registrationParser(rules)(input);
}

/** `parseRegistration` with the schema built once, for checking many inputs under the same rules. */
export function registrationParser(rules: RegistrationRules): (input: unknown) => ParseResult<Registration> {
  const schema = registrationSchema(rules);
  return (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return {
        ok: false,
        issues: [{ field: '(record)', message: 'a registration must be a JSON object with user_id, type, name and phone' }],
      };
    }
    const result = schema.safeParse(input);
    if (result.success) return { ok: true, value: withoutUndefined(result.data) };
    return { ok: false, issues: result.error.issues.map(toFieldIssue) };
  };
}

function toFieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(record)';
  return { field, message: issue.message };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `field: message` lines, one per issue, for terminals and API bodies. */
export function describeIssues(issues: readonly FieldIssue[]): string[] {
  return issues.map((issue) => (issue.message.startsWith(issue.field) ? issue.message : `${issue.field}: ${issue.message}`));
}

/** The record a registration becomes when it is first stored: its card still to be drawn. */
export function pendingRecord(registration: Registration, timestamp: string): UserRecord {
  return { ...registration, created_at: timestamp, updated_at: timestamp, card_status: 'pending', card_version: 0 };
}

/** Where a record's card is stored in the cards bucket. */
export function cardKey(userId: string, type: string): string {
  return `${CARDS_PREFIX}${userId}/${type}.png`;
}
