// Pages of a list answer, as CloudFormation's List actions give them: a page, and an opaque NextToken for the rest.

import { validationError } from './template.js';

export interface ResultPage<T> {
  readonly items: readonly T[];
  /** Absent on the last page. */
  readonly nextToken: string | undefined;
}

/** The token names the position of the next page; it is opaque to clients, as CloudFormation's are. */
function encodeToken(offset: number): string {
  return Buffer.from(`next:${offset}`, 'utf8').toString('base64url');
}

function decodeToken(token: string): number {
  const match = /^next:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  const offset = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isSafeInteger(offset)) throw validationError(`Invalid NextToken: ${token}`);
  return offset;
}

/** The page of `items` that `nextToken` (absent: the first) starts, at most `size` long. */
export function resultPage<T>(items: readonly T[], nextToken: string | undefined, size: number): ResultPage<T> {
  const start = nextToken === undefined ? 0 : decodeToken(nextToken);
  const end = start + size;
  return { items: items.slice(start, end), nextToken: end < items.length ? encodeToken(end) : undefined };
}
