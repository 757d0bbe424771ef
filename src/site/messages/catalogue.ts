// The languages the page speaks, and which one a visitor gets: a remembered choice, else the first of the
// browser's languages the page has, else English (pure).
import { en } from './en.js';
import { ko } from './ko.js';
import type { Messages } from './messages.js';
import { pt } from './pt.js';

export const CATALOGUES = { en, ko, pt } as const satisfies Readonly<Record<string, Messages>>;
export type Language = keyof typeof CATALOGUES;
export const LANGUAGES = Object.keys(CATALOGUES) as Language[];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** `ko-KR` -> `ko`, `pt-BR` -> `pt`; undefined for a language the page does not have. */
function languageOf(tag: string): Language | undefined {
  const primary = tag.toLowerCase().split('-')[0];
  return isLanguage(primary) ? primary : undefined;
}

export function pickLanguage(remembered: string | null | undefined, browserLanguages: readonly string[]): Language {
  if (isLanguage(remembered)) return remembered;
  for (const tag of browserLanguages) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return 'en';
}
