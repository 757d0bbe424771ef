// ListObjects / ListObjectVersions paging over a sorted key list: prefix, delimiter grouping, max-keys, resume point.

export type ListEntry = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'prefix'; readonly prefix: string };

export interface ListRequest {
  /** Every key of the bucket, sorted by UTF-16 code unit order (what S3 calls binary order for ASCII keys). */
  readonly keys: readonly string[];
  readonly prefix?: string;
  readonly delimiter?: string;
  /** Default 1000, capped at 1000 like S3. */
  readonly maxKeys?: number;
  /** Resume after this key or common prefix (exclusive). */
  readonly after?: string;
}

export interface ListPage {
  readonly entries: readonly ListEntry[];
  readonly isTruncated: boolean;
  /** The last entry's value when truncated: pass it back as `after`. */
  readonly next?: string;
}

function lowerBound(keys: readonly string[], value: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((keys[mid] ?? value) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * One page. Keys sharing `prefix` + text up to the first `delimiter` fold into one common prefix, which counts
 * as one entry toward max-keys; an entry is skipped when its value is at or before `after`, which is what lets
 * a page ending on a common prefix resume past all of its keys.
 */
export function listPage(request: ListRequest): ListPage {
  const prefix = request.prefix ?? '';
  const delimiter = request.delimiter === '' ? undefined : request.delimiter;
  const maxKeys = Math.min(Math.max(request.maxKeys ?? 1000, 0), 1000);
  const after = request.after;
  const entries: ListEntry[] = [];
  const { keys } = request;
  let index = lowerBound(keys, after !== undefined && after > prefix ? after : prefix);
  let lastPrefix: string | undefined;
  for (; index < keys.length; index++) {
    const key = keys[index];
    if (key === undefined || !key.startsWith(prefix)) break;
    let value = key;
    let kind: ListEntry['kind'] = 'key';
    if (delimiter !== undefined) {
      const cut = key.indexOf(delimiter, prefix.length);
      if (cut >= 0) {
        value = key.slice(0, cut + delimiter.length);
        kind = 'prefix';
      }
    }
    if (after !== undefined && value <= after) continue;
    if (kind === 'prefix' && value === lastPrefix) continue;
    if (entries.length >= maxKeys) {
      const last = entries[entries.length - 1];
      return {
        entries,
        isTruncated: maxKeys > 0 || entries.length > 0,
        ...(last ? { next: last.kind === 'key' ? last.key : last.prefix } : {}),
      };
    }
    if (kind === 'prefix') {
      lastPrefix = value;
      entries.push({ kind, prefix: value });
    } else {
      entries.push({ kind, key: value });
    }
  }
  return { entries, isTruncated: false };
}

/** Continuation tokens are opaque to clients; base64url of the resume point. */
export function encodeContinuationToken(after: string): string {
  return Buffer.from(after, 'utf8').toString('base64url');
}

export function decodeContinuationToken(token: string): string {
  return Buffer.from(token, 'base64url').toString('utf8');
}
