// Reads the SigV4 credential scope (key id, date, region, service) of a request, and tells a SigV2 one;
// signatures are never verified.

export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

/** Parses `AKID/20240101/us-east-1/s3/aws4_request`; undefined when it has not that shape. */
export function parseCredential(credential: string): CredentialScope | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (!accessKeyId || !region || !service) return undefined;
  return { accessKeyId, date, region, service };
}

/** The `Credential=` part of an `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header. */
export function scopeFromAuthorization(header: string | undefined): CredentialScope | undefined {
  if (!header || !header.startsWith('AWS4-')) return undefined;
  const match = /Credential=([^,\s]+)/.exec(header);
  return match?.[1] === undefined ? undefined : parseCredential(match[1]);
}

/** The scope of a presigned URL (`X-Amz-Credential` query parameter). */
export function scopeFromQuery(query: URLSearchParams): CredentialScope | undefined {
  const credential = query.get('X-Amz-Credential');
  return credential === null ? undefined : parseCredential(credential);
}

/**
 * True for a request signed with signature version 2: an `AWS <key id>:<signature>` header, or a presigned URL
 * with `AWSAccessKeyId` and `Signature` (what boto3 makes with `signature_version='s3'`).
 */
export function signedWithVersion2(authorization: string | undefined, query: URLSearchParams): boolean {
  if (authorization !== undefined) return /^AWS [^:\s]+:\S+$/.test(authorization);
  return query.has('AWSAccessKeyId') && query.has('Signature') && !query.has('X-Amz-Credential');
}

/** Header first, then query; undefined for anonymous requests. */
export function requestScope(authorization: string | undefined, query: URLSearchParams): CredentialScope | undefined {
  return scopeFromAuthorization(authorization) ?? scopeFromQuery(query);
}

/** The region a request was signed for; `fallback` for anonymous requests. */
export function requestRegion(
  request: { headers: Record<string, string | string[] | undefined>; url?: string | undefined },
  fallback = 'us-east-1',
): string {
  const authorization = request.headers.authorization;
  const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
  return requestScope(typeof authorization === 'string' ? authorization : undefined, query)?.region ?? fallback;
}

/** Parses SigV4's basic ISO 8601 time (`20260101T120000Z`) to epoch milliseconds. */
export function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * True when a presigned URL's `X-Amz-Date` + `X-Amz-Expires` lies before `now`. Signatures are not checked
 * locally, but expiry is, so code that hands out short-lived URLs meets the same failure it would on AWS.
 */
export function presignedUrlExpired(query: URLSearchParams, now: number): boolean {
  const date = query.get('X-Amz-Date');
  const expires = query.get('X-Amz-Expires');
  if (date === null || expires === null) return false;
  const signedAt = parseAmzDate(date);
  const seconds = Number(expires);
  if (signedAt === undefined || !Number.isFinite(seconds)) return false;
  return now > signedAt + seconds * 1000;
}
