// Phone numbers: parsed from what people type, stored as E.164, shown in international format.
import { parsePhoneNumberFromString, isSupportedCountry } from 'libphonenumber-js/min';

export type PhoneResult = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly reason: string };

/** Parses `input` (with or without +country code) using `defaultCountry` for national numbers. */
export function normalisePhone(input: string, defaultCountry: string): PhoneResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'phone must not be empty' };
  if (/[^\d\s()+\-./]/.test(trimmed.replace(/^tel:/i, '')) && !/\b(ext|x)\.?\s*\d+$/i.test(trimmed)) {
    return { ok: false, reason: `phone "${trimmed}" contains characters that are not part of a phone number` };
  }
  const country = isSupportedCountry(defaultCountry) ? defaultCountry : undefined;
  const parsed = parsePhoneNumberFromString(trimmed, country ? { defaultCountry: country } : undefined);
  if (!parsed || !parsed.isValid()) {
    const example = trimmed.startsWith('+')
      ? ''
      : `; national numbers are read as ${defaultCountry}, add the country code (e.g. +82 10 1234 5678) for others`;
    return { ok: false, reason: `phone "${trimmed}" is not a valid phone number${example}` };
  }
  return { ok: true, e164: parsed.number };
}

/** `+821012345678` -> `+82 10 1234 5678`; falls back to the input when it cannot be parsed. */
export function formatPhoneForDisplay(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
