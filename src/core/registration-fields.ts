// One field of a registration at a time: which fields a person must give, and what is wrong with one
// value, by the same schema the API and the importer use (for prompts that check each answer inline).
import { registrationSchema, type Registration, type RegistrationRules } from './record.js';

export type RegistrationField = keyof Registration;

/** The fields every registration needs, in the order they are asked for. */
export const REQUIRED_FIELDS = ['user_id', 'type', 'name', 'phone'] as const satisfies readonly RegistrationField[];

/** The given fields as a registration input: fields left undefined are left out. */
export function registrationInput(fields: Readonly<Partial<Record<RegistrationField, string>>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The required fields `input` lacks (absent or blank), in asking order. */
export function missingRequiredFields(input: Readonly<Record<string, string>>): RegistrationField[] {
  return REQUIRED_FIELDS.filter((field) => (input[field] ?? '').trim() === '');
}

/** Why `value` is not acceptable for `field`, or undefined when it is. */
export function fieldProblem(field: RegistrationField, value: string, rules: RegistrationRules): string | undefined {
  const result = registrationSchema(rules).shape[field].safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}
