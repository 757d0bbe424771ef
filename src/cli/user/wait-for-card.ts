// Polls a record until its card is made or has failed, or until a deadline: the card is rendered
// asynchronously after the card request, so its state is only ever seen by reading the record again.
import type { UsersTable } from '../../aws/users-table.js';
import type { UserRecord } from '../../core/record.js';
import type { UserKey } from '../../core/users-table-key.js';

export type CardWait =
  | { readonly kind: 'ready' | 'failed'; readonly record: UserRecord }
  | { readonly kind: 'timeout'; readonly record: UserRecord | undefined }
  | { readonly kind: 'missing' };

export interface CardWaitOptions {
  readonly timeoutMs: number;
  /** Pause between reads. Default 250 ms. */
  readonly intervalMs?: number;
}

export async function waitForCard(users: Pick<UsersTable, 'get'>, key: UserKey, options: CardWaitOptions): Promise<CardWait> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const record = await users.get(key.user_id, key.type);
    if (record === undefined) return { kind: 'missing' };
    if (record.card_status === 'ready' || record.card_status === 'failed') return { kind: record.card_status, record };
    if (Date.now() >= deadline) return { kind: 'timeout', record };
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.intervalMs ?? 250, Math.max(0, deadline - Date.now()))));
  }
}
