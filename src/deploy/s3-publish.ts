// Puts objects into S3 only when they differ: by key for content-addressed keys, by a stored sha256 otherwise.
import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { isNotFoundError, withAwsErrors } from './aws-errors.js';
import type { DeployIo } from './deploy-io.js';

/** The user-metadata entry holding the object's sha256 (S3 returns it as x-amz-meta-sha256). */
const HASH_METADATA = 'sha256';

export interface ObjectUpload {
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer | (() => Promise<Buffer>);
  /** Hex sha256 of the body. */
  readonly sha256: string;
  readonly contentType?: string;
  readonly cacheControl?: string;
  /**
   * `key`: the key itself names the content (it holds the hash), so an existing object is current.
   * `hash`: compare the stored sha256 metadata. Default `hash`.
   */
  readonly identity?: 'key' | 'hash';
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** HeadObject first; PutObject only when the object is missing or different. */
export async function putIfChanged(upload: ObjectUpload, io: Pick<DeployIo, 's3' | 'target'>): Promise<'uploaded' | 'unchanged'> {
  const where = `s3://${upload.bucket}/${upload.key}`;
  const current = await withAwsErrors({ target: io.target, doing: `checking ${where}` }, async () => {
    try {
      return await io.s3.send(new HeadObjectCommand({ Bucket: upload.bucket, Key: upload.key }));
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw error;
    }
  });
  if (current !== undefined) {
    if (upload.identity === 'key') return 'unchanged';
    if (current.Metadata?.[HASH_METADATA] === upload.sha256 && (upload.cacheControl ?? undefined) === (current.CacheControl ?? undefined)) {
      return 'unchanged';
    }
  }
  const body = typeof upload.body === 'function' ? await upload.body() : upload.body;
  await withAwsErrors({ target: io.target, doing: `uploading ${where}` }, () =>
    io.s3.send(
      new PutObjectCommand({
        Bucket: upload.bucket,
        Key: upload.key,
        Body: body,
        ContentLength: body.length,
        Metadata: { [HASH_METADATA]: upload.sha256 },
        ...(upload.contentType ? { ContentType: upload.contentType } : {}),
        ...(upload.cacheControl ? { CacheControl: upload.cacheControl } : {}),
      }),
    ),
  );
  return 'uploaded';
}

export interface PublishSummary {
  readonly uploaded: readonly string[];
  readonly unchanged: readonly string[];
}

/** Publishes `uploads`, a few at a time; returns which keys went up and which were already current. */
export async function publishAll(
  uploads: readonly ObjectUpload[],
  io: Pick<DeployIo, 's3' | 'target'>,
  concurrency = 4,
): Promise<PublishSummary> {
  const uploaded: string[] = [];
  const unchanged: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < uploads.length) {
      const upload = uploads[next++];
      if (!upload) break;
      const outcome = await putIfChanged(upload, io);
      (outcome === 'uploaded' ? uploaded : unchanged).push(upload.key);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, uploads.length) }, worker));
  return { uploaded: uploaded.sort(), unchanged: unchanged.sort() };
}
