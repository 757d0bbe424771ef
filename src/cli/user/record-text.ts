// How user records read on a terminal: one record as aligned `field  value` lines, many as table rows.
import type { UserRecord } from '../../core/record.js';

const RECORD_FIELDS = [
  'user_id',
  'type',
  'name',
  'company',
  'title',
  'phone',
  'email',
  'card_status',
  'card_key',
  'card_error',
  'card_version',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof UserRecord>;

/** The fields a record has, one per line, names padded to one width; absent optional fields are left out. */
export function formatRecord(record: UserRecord): string {
  const present = RECORD_FIELDS.filter((field) => record[field] !== undefined);
  const width = Math.max(...present.map((field) => field.length));
  return present.map((field) => `${field.padEnd(width)}  ${String(record[field])}`).join('\n');
}

export const LIST_HEADERS = ['USER_ID', 'TYPE', 'NAME', 'COMPANY', 'STATUS', 'UPDATED'] as const;

/** A record as the cells of a `user list` row. */
export function listRow(record: UserRecord): string[] {
  return [record.user_id, record.type, record.name, record.company ?? '', record.card_status, record.updated_at];
}
