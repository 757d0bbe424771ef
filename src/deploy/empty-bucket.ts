// Empties a bucket completely, so CloudFormation can delete it: every object version and delete marker, 1,000 per request.
import { DeleteObjectsCommand, ListObjectVersionsCommand, type ObjectIdentifier } from '@aws-sdk/client-s3';
import { userError } from '../core/errors.js';
import { awsErrorName, withAwsErrors } from './aws-errors.js';
import type { DeployIo } from './deploy-io.js';

/** S3's limit of keys per DeleteObjects request. */
export const DELETE_BATCH_SIZE = 1_000;

/** Pure: splits identifiers into DeleteObjects batches. */
export function deleteBatches<T>(items: readonly T[], size = DELETE_BATCH_SIZE): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** Deletes everything in `bucket`; returns how many versions and markers went. A missing bucket counts as empty. */
export async function emptyBucket(bucket: string, io: Pick<DeployIo, 's3' | 'target' | 'output'>): Promise<number> {
  const progress = await io.output.progress(`emptying ${bucket}`);
  let deleted = 0;
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  try {
    for (;;) {
      const page = await withAwsErrors({ target: io.target, doing: `listing s3://${bucket}` }, () =>
        io.s3.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            MaxKeys: DELETE_BATCH_SIZE,
            ...(keyMarker !== undefined ? { KeyMarker: keyMarker } : {}),
            ...(versionMarker !== undefined ? { VersionIdMarker: versionMarker } : {}),
          }),
        ),
      );
      const identifiers: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].flatMap((entry) =>
        entry.Key === undefined ? [] : [{ Key: entry.Key, ...(entry.VersionId ? { VersionId: entry.VersionId } : {}) }],
      );
      for (const batch of deleteBatches(identifiers)) {
        const result = await withAwsErrors({ target: io.target, doing: `emptying s3://${bucket}` }, () =>
          io.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } })),
        );
        const errors = result.Errors ?? [];
        if (errors.length > 0) {
          throw userError('bucket-not-emptied', `could not delete ${errors.length} object(s) from ${bucket}`, {
            details: errors.slice(0, 5).map((error) => `${error.Key ?? '?'}: ${error.Code ?? ''} ${error.Message ?? ''}`.trim()),
            hint: 'check the bucket for object locks or a policy that denies deletion, then run `qrcard destroy` again',
          });
        }
        deleted += batch.length;
        progress.update(`emptying ${bucket}: ${deleted} deleted`);
      }
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionMarker = page.NextVersionIdMarker;
    }
  } catch (error) {
    if (awsErrorName(error) === 'NoSuchBucket') {
      progress.succeed(`${bucket} is already gone`);
      return 0;
    }
    progress.fail(`emptying ${bucket} failed`);
    throw error;
  }
  progress.succeed(`emptied ${bucket}: ${deleted} object version${deleted === 1 ? '' : 's'} deleted`);
  return deleted;
}
