// What every part of the page shares: the configuration, the language and its catalogue, and the re-renders a
// change of language runs.
import type { Language } from './messages/catalogue.js';
import type { Messages } from './messages/messages.js';
import type { SiteConfig } from './site-config.js';

export interface PageState {
  readonly config: SiteConfig;
  language: Language;
  messages: Messages;
  /** Run after the language changed, to put every shown text in the new one. */
  readonly onLanguage: Array<() => void>;
}

/** The name a card type shows: the catalogue's for the default types, else the configuration's label. */
export function typeName(state: PageState, typeId: string): string {
  return state.messages.cardTypeNames[typeId] ?? state.config.cardTypes.find((type) => type.id === typeId)?.label ?? typeId;
}

export function formatDate(state: PageState, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(state.language, { dateStyle: 'long', timeStyle: 'short' }).format(date);
}
