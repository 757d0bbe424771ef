// The records the S3 store keeps on disk (bucket info, object metadata, multipart uploads), and the shape checks
// that refuse, rather than trust, a file or journal line the store did not write.

export interface ObjectMeta {
  readonly key: string;
  readonly size: number;
  /** Quoted, as S3 sends it: `"<md5 hex>"`, or `"<md5 of part md5s>-<parts>"` for multipart objects. */
  readonly etag: string;
  readonly lastModified: string;
  /** Lower-cased HTTP headers kept with the object: content-type, cache-control, content-disposition... */
  readonly headers: Readonly<Record<string, string>>;
  /** User metadata, names without the `x-amz-meta-` prefix. */
  readonly metadata: Readonly<Record<string, string>>;
  /** A whole-object checksum the client sent, e.g. `{ algorithm: 'crc32', value: 'base64' }`. */
  readonly checksum?: { readonly algorithm: string; readonly value: string };
}

export interface BucketInfo {
  readonly name: string;
  readonly created: string;
  /** Sub-resource configurations as sent (policy JSON, versioning XML, tagging XML...), by sub-resource name. */
  readonly configs: Record<string, string>;
}

export interface MultipartUpload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** What ListParts tells of one uploaded part. */
export interface PartSummary {
  readonly partNumber: number;
  readonly size: number;
  /** Quoted MD5 hex, as UploadPart answered it. */
  readonly etag: string;
  readonly lastModified: string;
}

export type JournalLine = { readonly put: ObjectMeta } | { readonly delete: string };

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTextMap(value: unknown): value is Record<string, string> {
  return isFields(value) && Object.values(value).every((item) => typeof item === 'string');
}

function hasTexts(value: Fields, names: readonly string[]): boolean {
  return names.every((name) => typeof value[name] === 'string');
}

export function isBucketInfo(value: unknown): value is BucketInfo {
  return isFields(value) && hasTexts(value, ['name', 'created']) && isTextMap(value['configs']);
}

export function isMultipartUpload(value: unknown): value is MultipartUpload {
  return (
    isFields(value) &&
    hasTexts(value, ['uploadId', 'bucket', 'key', 'initiated']) &&
    isTextMap(value['headers']) &&
    isTextMap(value['metadata'])
  );
}

function isChecksum(value: unknown): boolean {
  return value === undefined || (isFields(value) && hasTexts(value, ['algorithm', 'value']));
}

function isObjectMeta(value: unknown): value is ObjectMeta {
  return (
    isFields(value) &&
    hasTexts(value, ['key', 'etag', 'lastModified']) &&
    typeof value['size'] === 'number' &&
    isTextMap(value['headers']) &&
    isTextMap(value['metadata']) &&
    isChecksum(value['checksum'])
  );
}

export function isJournalLine(value: unknown): value is JournalLine {
  if (!isFields(value)) return false;
  return 'put' in value ? isObjectMeta(value['put']) : typeof value['delete'] === 'string';
}
