// The shape of a language's message catalogue: every word the page shows, its errors and its date format.

/** Why a field was refused; the same keys for the browser's checks and the API's answers. */
export type FieldErrorKey = 'required' | 'userId' | 'type' | 'text' | 'phone' | 'email' | 'duplicate';

export interface Messages {
  readonly languageName: string;
  readonly documentTitle: string;
  readonly brand: string;
  readonly languageLabel: string;
  readonly heading: string;
  readonly intro: string;
  readonly registerHeading: string;
  readonly cardTypeLegend: string;
  readonly userIdLabel: string;
  readonly userIdHint: string;
  readonly nameLabel: string;
  readonly titleLabel: string;
  readonly companyLabel: string;
  readonly optional: string;
  readonly countryLabel: string;
  readonly phoneLabel: string;
  readonly phoneHint: string;
  readonly emailLabel: string;
  readonly submit: string;
  readonly submitting: string;
  readonly formHasErrors: (count: number) => string;
  readonly errors: Readonly<Record<FieldErrorKey, string>>;
  readonly serverError: string;
  readonly networkError: string;
  readonly cardHeading: string;
  readonly cardDrawing: string;
  readonly cardReady: string;
  readonly cardFailed: string;
  readonly cardSlow: string;
  readonly cardAlt: (name: string) => string;
  readonly download: string;
  readonly print: string;
  readonly addToContacts: string;
  readonly registerAnother: string;
  readonly registeredOn: (date: string) => string;
  readonly findHeading: string;
  readonly findIntro: string;
  readonly findUserIdLabel: string;
  readonly findTypeLabel: string;
  readonly anyType: string;
  readonly find: string;
  readonly finding: string;
  readonly notFound: string;
  readonly foundCount: (count: number) => string;
  /** Names for the default card type ids; other types show the label from the configuration. */
  readonly cardTypeNames: Readonly<Record<string, string>>;
  readonly statusNames: Readonly<Record<'pending' | 'ready' | 'failed', string>>;
}
