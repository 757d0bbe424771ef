// Rules for human-entered text fields (names, companies, titles), in any script.
import * as z from 'zod/mini';

// Control characters (C0, DEL, C1) and line/paragraph separators break card layout and vCards.
const forbiddenCharacter = /[\p{Cc}\u2028\u2029]/u;

/** Characters as a person counts them: code points, so a Hangul syllable or an emoji is one. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** A trimmed, NFC-normalised line of text of 1..max characters with no control characters. */
export function textLine(label: string, max: number) {
  return z
    .pipe(
      z.string({ error: (issue) => (issue.input === undefined ? `${label} is required` : `${label} must be text`) }),
      z.transform((value: string) => value.normalize('NFC').trim()),
    )
    .check(
      z.refine((value) => value.length > 0, { message: `${label} must not be empty` }),
      z.refine((value) => !forbiddenCharacter.test(value), {
        message: `${label} must be a single line without control characters`,
      }),
      z.refine((value) => characterCount(value) <= max, { message: `${label} must be at most ${max} characters` }),
    );
}
