// Where a card's image is on the site, and the files the card view offers (pure).
import { buildVCard } from '../core/vcard.js';
import { cardKey } from '../core/record.js';

/** The card image through the site's own /cards/ path; the version makes a redrawn card a new URL. */
export function cardImagePath(userId: string, type: string, version: number): string {
  const key = cardKey(userId, type).split('/').map(encodeURIComponent).join('/');
  return `/${key}?v=${version}`;
}

/** A file name that is safe on every system: `ana.souza-attendee.png`. */
export function cardFileName(userId: string, type: string, extension: 'png' | 'vcf'): string {
  return `${userId.replace(/[^A-Za-z0-9._-]/g, '_')}-${type}.${extension}`;
}

export interface ContactFields {
  readonly name: string;
  readonly phone: string;
  readonly company?: string | undefined;
  readonly title?: string | undefined;
  readonly email?: string | undefined;
}

/** The same vCard the card's QR code carries (render-card builds it from the same fields). */
export function contactCard(record: ContactFields): string {
  return buildVCard({
    name: record.name,
    ...(record.company ? { company: record.company } : {}),
    ...(record.title ? { title: record.title } : {}),
    phone: record.phone,
    ...(record.email ? { email: record.email } : {}),
  });
}
