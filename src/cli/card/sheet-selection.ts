// Which cards a sheet holds and in what order: pure, so the rules are tested without a table.
import { userError } from '../../core/errors.js';
import type { CardStatus, UserRecord } from '../../core/record.js';

/** What a sheet needs of a record: its key, its card's state and where the card is. */
export type SheetEntry = Pick<UserRecord, 'user_id' | 'type' | 'card_status' | 'card_key'>;

export interface IdsLine {
  /** 1-based line number in the file, for messages. */
  readonly line: number;
  readonly userId: string;
}

/** One user id per line; blank lines and lines starting with `#` are skipped. */
export function parseIdsFile(text: string): IdsLine[] {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ line: index + 1, userId: raw.trim() }))
    .filter(({ userId }) => userId !== '' && !userId.startsWith('#'));
}

const byTypeThenUser = (a: SheetEntry, b: SheetEntry) =>
  a.type < b.type ? -1 : a.type > b.type ? 1 : a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0;

/** A table's records in the sheet's order: by card type, then user id (code-unit order, the same on every machine). */
export function sheetOrder(entries: readonly SheetEntry[]): SheetEntry[] {
  return [...entries].sort(byTypeThenUser);
}

export function sheetEntry(record: UserRecord): SheetEntry {
  return {
    user_id: record.user_id,
    type: record.type,
    card_status: record.card_status,
    ...(record.card_key === undefined ? {} : { card_key: record.card_key }),
  };
}

export interface IdsFilter {
  readonly file: string;
  readonly type?: string;
  readonly status?: CardStatus;
}

/**
 * The cards of `--ids`, in the file's order (a person's cards by type): `cardsOf(userId)` gives every card of one
 * person. A line naming nobody, or nobody with a card of `--type`, is an error naming the file and line.
 */
export async function entriesForIds(
  lines: readonly IdsLine[],
  filter: IdsFilter,
  cardsOf: (userId: string) => Promise<readonly UserRecord[]>,
): Promise<SheetEntry[]> {
  const entries: SheetEntry[] = [];
  for (const { line, userId } of lines) {
    const records = await cardsOf(userId);
    const ofType = filter.type === undefined ? records : records.filter((record) => record.type === filter.type);
    if (ofType.length === 0) {
      const what = records.length === 0 ? `no user "${userId}"` : `user "${userId}" has no card of type "${filter.type ?? ''}"`;
      throw userError('user-not-found', `${filter.file}:${line}: ${what}`, { hint: '`qrcard user list` shows who is registered' });
    }
    const chosen = filter.status === undefined ? ofType : ofType.filter((record) => record.card_status === filter.status);
    entries.push(...sheetOrder(chosen.map(sheetEntry)));
  }
  return entries;
}
