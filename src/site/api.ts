// The API on the page's own origin: register, look a card up, list a person's cards.
import type { CardStatus, Registration } from '../core/record.js';

export interface CardSummary {
  readonly user_id: string;
  readonly type: string;
  readonly name: string;
  readonly title?: string;
  readonly company?: string;
  readonly card_status: CardStatus;
  readonly card_version: number;
  readonly created_at: string;
}

export type RegisterAnswer =
  | { readonly kind: 'created'; readonly record: Registration & { readonly created_at: string } }
  | { readonly kind: 'refused'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'failed'; readonly reason: 'server' | 'network' };

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

export async function register(apiBase: string, registration: Registration): Promise<RegisterAnswer> {
  let response: Response;
  try {
    response = await fetch(`${apiBase}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registration),
    });
  } catch {
    return { kind: 'failed', reason: 'network' };
  }
  const body = await readJson(response);
  if (response.status === 201 && typeof body === 'object' && body !== null && 'record' in body) {
    return { kind: 'created', record: body.record as Registration & { created_at: string } };
  }
  if (response.status >= 400 && response.status < 500) return { kind: 'refused', status: response.status, body };
  return { kind: 'failed', reason: 'server' };
}

export type LookupAnswer =
  | { readonly kind: 'found'; readonly cards: readonly CardSummary[] }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed'; readonly reason: 'server' | 'network' };

/** One card (with `type`) or all of a person's cards. */
export async function lookUp(apiBase: string, userId: string, type?: string): Promise<LookupAnswer> {
  const path = [userId, ...(type ? [type] : [])].map(encodeURIComponent).join('/');
  let response: Response;
  try {
    response = await fetch(`${apiBase}/users/${path}`, { cache: 'no-store' });
  } catch {
    return { kind: 'failed', reason: 'network' };
  }
  if (response.status === 404 || response.status === 400) return { kind: 'missing' };
  const body = await readJson(response);
  if (!response.ok || typeof body !== 'object' || body === null) return { kind: 'failed', reason: 'server' };
  const cards = 'cards' in body && Array.isArray(body.cards) ? (body.cards as CardSummary[]) : [body as CardSummary];
  return { kind: 'found', cards };
}
