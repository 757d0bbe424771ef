// Rules for human-entered text fields (names, companies, titles), in any script.
import * as z from 'zod/mini';
import { unprintableCharacter } from './character-rules.js';

/** Characters as a person counts them: code points, so a Hangul syllable or an emoji is one. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * A trimmed, NFC-normalised line of text of 1..max characters that prints as it is stored: no control,
 * bidi or other invisible characters (joiners only where real text needs them), and every character
 * drawn by a bundled font (see character-rules.ts).
 */
export function textLine(label: string, max: number) {
  return z
    .pipe(
      z.string({ error: (issue) => (issue.input === undefined ? `${label} is required` : `${label} must be text`) }),
      z.transform((value: string) => value.normalize('NFC').trim()),
    )
    .check(
      z.refine((value) => value.length > 0, { message: `${label} must not be empty` }),
      z.superRefine((value, context) => {
        const reason = unprintableCharacter(value);
        if (reason !== undefined) context.addIssue({ code: 'custom', message: `${label}: ${reason}`, input: value });
      }),
      z.refine((value) => characterCount(value) <= max, { message: `${label} must be at most ${max} characters` }),
    );
}
