// The branding's content hash: the manifest's settings and every file's bytes, so a card can say which
// branding drew it and `card regen --stale` can tell the cards drawn with an older one.
import { createHash } from 'node:crypto';

export interface HashedFile {
  readonly key: string;
  /** Hex sha256 of the file's bytes. */
  readonly sha256: string;
}

/** JSON with object keys sorted at every level, so equal settings give equal text whatever their order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** 16 hex digits of sha256 over the settings and the files (by key, in key order): short enough to show, wide enough never to collide. */
export function brandingHash(settings: object, files: readonly HashedFile[]): string {
  const sortedFiles = [...files].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return createHash('sha256')
    .update(canonicalJson({ settings, files: sortedFiles.map((file) => [file.key, file.sha256]) }))
    .digest('hex')
    .slice(0, 16);
}
