// vCard 3.0 (RFC 2426) for a registration, so a phone camera offers "add contact".

export interface VCardFields {
  readonly name: string;
  readonly company?: string;
  readonly title?: string;
  readonly phone?: string;
  readonly email?: string;
}

const MAX_LINE_OCTETS = 75;

/** Escapes a property value: backslash, comma, semicolon and newlines (RFC 2426 section 4). */
export function escapeVCardText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Splits a full name into the structured N value. Names written with spaces (João Conceição) read
 * as given names then a family name; names without spaces (홍길동) stay whole as the family name.
 */
export function structuredName(fullName: string): { family: string; given: string } {
  const parts = fullName.trim().split(/\s+/);
  if (parts.length < 2) return { family: fullName.trim(), given: '' };
  const family = parts.pop() ?? '';
  return { family, given: parts.join(' ') };
}

/** Folds a content line at 75 UTF-8 octets, never inside a character; continuation lines start with a space. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const pieces: string[] = [];
  let current = '';
  let currentOctets = 0;
  for (const character of line) {
    const octets = encoder.encode(character).length;
    const limit = pieces.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (currentOctets + octets > limit) {
      pieces.push(current);
      current = '';
      currentOctets = 0;
    }
    current += character;
    currentOctets += octets;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

/** Builds a UTF-8 vCard 3.0 with CRLF line endings. */
export function buildVCard(fields: VCardFields): string {
  const { family, given } = structuredName(fields.name);
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:${escapeVCardText(family)};${escapeVCardText(given)};;;`,
    `FN:${escapeVCardText(fields.name)}`,
  ];
  if (fields.company) lines.push(`ORG:${escapeVCardText(fields.company)}`);
  if (fields.title) lines.push(`TITLE:${escapeVCardText(fields.title)}`);
  if (fields.phone) lines.push(`TEL;TYPE=CELL:${escapeVCardText(fields.phone)}`);
  if (fields.email) lines.push(`EMAIL;TYPE=INTERNET:${escapeVCardText(fields.email)}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
