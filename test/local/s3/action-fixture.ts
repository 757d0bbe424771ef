// What the S3 action tests share: a fresh store in a temporary directory, plain requests, and readers for the
// plain results. No HTTP is involved.

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { RestXmlRequest, RestXmlResult } from '../../../src/local/protocol/rest-xml.js';
import { s3Actions, type S3ActionName } from '../../../src/local/s3/s3-actions.js';
import { S3Store } from '../../../src/local/s3/s3-store.js';

/** A request's fields, each defaulting to nothing: GET, no bucket, key, query, headers or body, region us-east-1. */
export type RequestFields = Partial<Omit<RestXmlRequest, 'body'>> & { readonly body?: string | Buffer };

export function s3Request(fields: RequestFields = {}): RestXmlRequest {
  const { body = Buffer.alloc(0), ...rest } = fields;
  return {
    method: 'GET',
    bucket: '',
    key: '',
    query: {},
    headers: {},
    trailers: {},
    region: 'us-east-1',
    ...rest,
    body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
  };
}

export interface ActionFixture {
  readonly dir: string;
  readonly store: S3Store;
  /**
   * Runs one action on a request made of `fields`; a sync throw becomes a rejection, as through the handler, and a
   * streamed body is read into a Buffer, so every file the action opened is closed again.
   */
  act(name: S3ActionName, fields?: RequestFields): Promise<RestXmlResult>;
  /** Creates `bucket`. */
  bucket(bucket: string): Promise<void>;
  /** Puts `body` at `bucket`/`key` with `headers`. */
  put(bucket: string, key: string, body: string | Buffer, headers?: Readonly<Record<string, string>>): Promise<RestXmlResult>;
  close(): Promise<void>;
}

export async function openFixture(): Promise<ActionFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'qrcard-s3-actions-'));
  const store = await S3Store.open(dir);
  const act = async (name: S3ActionName, fields?: RequestFields): Promise<RestXmlResult> => {
    const result = await s3Actions[name](store, s3Request(fields));
    return result.body instanceof Readable ? { ...result, body: await buffer(result.body) } : result;
  };
  return {
    dir,
    store,
    act,
    bucket: async (bucket) => void (await act('CreateBucket', { method: 'PUT', bucket })),
    put: (bucket, key, body, headers = {}) => act('PutObject', { method: 'PUT', bucket, key, body, headers }),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

export function bodyText(result: RestXmlResult): string {
  if (result.body === undefined) return '';
  if (typeof result.body === 'string') return result.body;
  if (Buffer.isBuffer(result.body)) return result.body.toString('utf8');
  throw new Error('a streamed body: run the action through act() to read it');
}

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of every `<element>` in a result's XML, entities decoded, in document order. */
export function texts(result: RestXmlResult, element: string): string[] {
  const pattern = new RegExp(`<${element}>([^<]*)</${element}>`, 'g');
  return [...bodyText(result).matchAll(pattern)].map((match) =>
    (match[1] ?? '').replace(/&(\w+);/g, (all, name: string) => entities[name] ?? all),
  );
}

/** `"<md5 hex>"`, the ETag S3 gives a body sent in one piece. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}
