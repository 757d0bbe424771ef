// Which message a field shows: the core registration schema decides whether a value is acceptable (the same
// rules the API applies), the catalogue says why in the visitor's language; the API's 400 and 409 answers map
// onto the same fields and keys (pure).
import { fieldProblem, REQUIRED_FIELDS, type RegistrationField } from '../core/registration-fields.js';
import type { RegistrationRules } from '../core/record.js';
import type { FieldErrorKey } from './messages/messages.js';

export const FORM_FIELDS = [
  'type',
  'user_id',
  'name',
  'title',
  'company',
  'phone',
  'email',
] as const satisfies readonly RegistrationField[];
export type FormField = (typeof FORM_FIELDS)[number];
export type FieldErrors = Partial<Record<FormField, FieldErrorKey>>;

const INVALID: Readonly<Record<FormField, FieldErrorKey>> = {
  type: 'type',
  user_id: 'userId',
  name: 'text',
  title: 'text',
  company: 'text',
  phone: 'phone',
  email: 'email',
};

export function isFormField(value: string): value is FormField {
  return (FORM_FIELDS as readonly string[]).includes(value);
}

const isRequired = (field: FormField) => (REQUIRED_FIELDS as readonly string[]).includes(field);

/** The error of one field's value, or undefined when the API would accept it. */
export function fieldError(field: FormField, value: string, rules: RegistrationRules): FieldErrorKey | undefined {
  if (value.trim() === '') return isRequired(field) ? (field === 'type' ? 'type' : 'required') : undefined;
  return fieldProblem(field, value, rules) === undefined ? undefined : INVALID[field];
}

export function formErrors(values: Readonly<Record<FormField, string>>, rules: RegistrationRules): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of FORM_FIELDS) {
    const error = fieldError(field, values[field], rules);
    if (error) errors[field] = error;
  }
  return errors;
}

/** The fields an API refusal names: 400's issues by field, 409's duplicate on the user id; undefined for other answers. */
export function answerErrors(status: number, body: unknown): FieldErrors | undefined {
  if (status === 409) return { user_id: 'duplicate' };
  if (status !== 400 || typeof body !== 'object' || body === null || !('issues' in body) || !Array.isArray(body.issues)) return undefined;
  const errors: FieldErrors = {};
  for (const issue of body.issues as unknown[]) {
    const field = typeof issue === 'object' && issue !== null && 'field' in issue ? issue.field : undefined;
    if (typeof field === 'string' && isFormField(field)) errors[field] ??= INVALID[field];
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}
