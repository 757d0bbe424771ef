// Asks on the terminal for the registration fields a command still lacks, checking each answer inline
// with the shared schema, so a person fixes a bad value where they typed it.
import { userError } from '../../core/errors.js';
import type { RegistrationRules } from '../../core/record.js';
import { fieldProblem, type RegistrationField } from '../../core/registration-fields.js';

function question(field: RegistrationField, rules: RegistrationRules): string {
  switch (field) {
    case 'user_id':
      return 'User id';
    case 'type':
      return `Card type (${rules.cardTypes.join(', ')})`;
    case 'name':
      return 'Full name';
    case 'phone':
      return `Phone (numbers without +code are read as ${rules.defaultCountry})`;
    case 'company':
      return 'Company';
    case 'title':
      return 'Job title';
    case 'email':
      return 'Email';
  }
}

/** Answers for `fields` in order; `current` values (e.g. a flag that failed validation) are offered as defaults. */
export async function askFields(
  fields: readonly RegistrationField[],
  rules: RegistrationRules,
  current: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const { input } = await import('@inquirer/prompts');
  const answers: Record<string, string> = {};
  try {
    for (const field of fields) {
      const given = current[field];
      answers[field] = await input(
        {
          message: question(field, rules),
          ...(given ? { default: given } : {}),
          validate: (value) => fieldProblem(field, value, rules) ?? true,
        },
        { output: process.stderr },
      );
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw userError('cancelled', 'cancelled: nothing was added');
    throw error;
  }
  return answers;
}
