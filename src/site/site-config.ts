// config.json, written by deploy beside the page: the card types, the phone country and where the API is (pure).
export interface SiteCardType {
  readonly id: string;
  readonly label: string;
  readonly accent: string;
}

export interface SiteConfig {
  readonly apiBase: string;
  readonly defaultCountry: string;
  readonly cardTypes: readonly SiteCardType[];
}

const FALLBACK: SiteConfig = {
  apiBase: '/api',
  defaultCountry: 'US',
  cardTypes: [{ id: 'attendee', label: 'ATTENDEE', accent: '#1a73e8' }],
};

const text = (value: unknown, fallback: string) => (typeof value === 'string' && value !== '' ? value : fallback);

function cardType(value: unknown): SiteCardType | undefined {
  if (typeof value !== 'object' || value === null || !('id' in value) || typeof value.id !== 'string') return undefined;
  const label = 'label' in value ? value.label : undefined;
  const accent = 'accent' in value ? value.accent : undefined;
  return { id: value.id, label: text(label, value.id), accent: /^#[0-9a-f]{6}$/i.test(text(accent, '')) ? text(accent, '') : '#1a73e8' };
}

/** The config as the page uses it; anything missing or malformed falls back to the defaults. */
export function parseSiteConfig(value: unknown): SiteConfig {
  if (typeof value !== 'object' || value === null) return FALLBACK;
  const record = value as Record<string, unknown>;
  const types = Array.isArray(record.cardTypes) ? record.cardTypes.map(cardType).filter((type) => type !== undefined) : [];
  return {
    // Only a path on this origin: the CSP allows no other, and the page must work the same locally and on AWS.
    apiBase: typeof record.apiBase === 'string' && record.apiBase.startsWith('/') ? record.apiBase.replace(/\/+$/, '') : FALLBACK.apiBase,
    defaultCountry: text(record.defaultCountry, FALLBACK.defaultCountry),
    cardTypes: types.length > 0 ? types : FALLBACK.cardTypes,
  };
}
