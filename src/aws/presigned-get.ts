// Presigned GET URLs for the objects of one bucket. The SDK's getSignedUrl builds a new signer and runs
// the command's whole middleware stack for every URL (~0.8 ms of CPU, most of a GET /users call);
// endpoint, region and signer are the same for every key of a bucket, so they are taken once from the
// SDK's own first URL, and later keys are only signed. Should that first URL not come out the same
// both ways, every URL keeps coming from getSignedUrl.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl, S3RequestPresigner } from '@aws-sdk/s3-request-presigner';

type PresignGet = (key: string, expiresInSeconds: number, signingDate?: Date) => Promise<string>;

export interface PresignedGets {
  /** A GET URL for `key`, valid for `expiresInSeconds` from `signingDate` (default now). */
  readonly url: PresignGet;
  /** True once URLs are signed without the SDK's command stack (after the first, checked one). */
  readonly direct: boolean;
}

/** RFC 3986 escaping as SigV4 wants it: encodeURIComponent leaves !'()* alone. */
const escape = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const encodeKey = (key: string) => key.split('/').map(escape).join('/');

interface RequestTemplate {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: number | undefined;
  /** Path up to the key: `/` for virtual-hosted buckets, `/<bucket>/` for path-style ones. */
  readonly pathPrefix: string;
  /** Query parameters the SDK adds besides the signature's (`x-id=GetObject`, ...). */
  readonly query: Readonly<Record<string, string>>;
  readonly signingRegion: string;
  readonly signingService: string;
}

/** The request shape behind an SDK presigned URL for `key`, or undefined if it is not the expected one. */
export function templateFromUrl(url: string, key: string): RequestTemplate | undefined {
  const parsed = new URL(url);
  const encodedKey = encodeKey(key);
  if (!parsed.pathname.endsWith(encodedKey)) return undefined;
  const scope = parsed.searchParams.get('X-Amz-Credential')?.split('/');
  if (scope?.length !== 5) return undefined;
  const query: Record<string, string> = {};
  // The signature's own parameters are spelled `X-Amz-*`; others (`x-id`, a hoisted `x-amz-checksum-mode`) stay.
  for (const [name, value] of parsed.searchParams) if (!name.startsWith('X-Amz-')) query[name] = value;
  return {
    protocol: parsed.protocol,
    hostname: parsed.hostname,
    port: parsed.port === '' ? undefined : Number(parsed.port),
    pathPrefix: parsed.pathname.slice(0, parsed.pathname.length - encodedKey.length),
    query,
    signingRegion: scope[2] as string,
    signingService: scope[3] as string,
  };
}

function formatUrl(request: {
  protocol: string;
  hostname: string;
  port?: number | undefined;
  path: string;
  query: Record<string, string | string[] | null>;
}): string {
  const query = Object.keys(request.query)
    .sort()
    .map((name) => `${escape(name)}=${escape(String(request.query[name]))}`)
    .join('&');
  const port = request.port === undefined ? '' : `:${request.port}`;
  return `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ''}`;
}

export function createPresignedGets(client: S3Client, bucket: string): PresignedGets {
  const viaSdk: PresignGet = (key, expiresIn, signingDate) =>
    getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn, ...(signingDate ? { signingDate } : {}) });
  let direct: PresignGet | undefined;
  let decided = false;

  const directFrom = (template: RequestTemplate): PresignGet => {
    const presigner = new S3RequestPresigner({ ...client.config, signingName: template.signingService });
    return async (key, expiresIn, signingDate) => {
      const host = template.port === undefined ? template.hostname : `${template.hostname}:${template.port}`;
      const signed = await presigner.presign(
        {
          method: 'GET',
          protocol: template.protocol,
          hostname: template.hostname,
          port: template.port,
          path: template.pathPrefix + encodeKey(key),
          query: { ...template.query },
          headers: { host },
        },
        {
          expiresIn,
          signingRegion: template.signingRegion,
          signingService: template.signingService,
          ...(signingDate ? { signingDate } : {}),
        },
      );
      return formatUrl(signed as Parameters<typeof formatUrl>[0]);
    };
  };

  const url: PresignGet = async (key, expiresIn, signingDate) => {
    if (direct) return direct(key, expiresIn, signingDate);
    const at = signingDate ?? new Date();
    const signed = await viaSdk(key, expiresIn, at);
    if (!decided) {
      decided = true;
      const template = templateFromUrl(signed, key);
      const candidate = template && directFrom(template);
      if (candidate && (await candidate(key, expiresIn, at)) === signed) direct = candidate;
    }
    return signed;
  };
  return {
    url,
    get direct() {
      return direct !== undefined;
    },
  };
}
