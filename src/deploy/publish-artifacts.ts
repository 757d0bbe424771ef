// Lambda zips to the artifacts bucket under their content-hashed keys; an object already there is current.
import { readFile } from 'node:fs/promises';
import type { FunctionId } from '../core/naming.js';
import { PARAMETERS } from '../templates/logical-ids.js';
import { publishAll, type PublishSummary } from './s3-publish.js';
import type { DeployIo } from './deploy-io.js';

/** A built function zip, as the packaging step describes it. */
export interface Artifact {
  readonly functionId: FunctionId;
  /** Path of the zip on disk. */
  readonly file: string;
  /** S3 key; holds the content hash, so a changed zip gets a new key. */
  readonly key: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** The template parameters naming the bucket and each function's code key. */
export function artifactParameters(bucket: string, artifacts: readonly Artifact[]): Record<string, string> {
  const parameters: Record<string, string> = { [PARAMETERS.artifactsBucket]: bucket };
  for (const artifact of artifacts) parameters[PARAMETERS.codeKey[artifact.functionId]] = artifact.key;
  return parameters;
}

/** Uploads the zips not yet in `bucket` (HeadObject first). */
export async function publishArtifacts(
  options: { readonly bucket: string; readonly artifacts: readonly Artifact[] },
  io: Pick<DeployIo, 's3' | 'target'>,
): Promise<PublishSummary> {
  return publishAll(
    options.artifacts.map((artifact) => ({
      bucket: options.bucket,
      key: artifact.key,
      sha256: artifact.sha256,
      body: () => readFile(artifact.file),
      contentType: 'application/zip',
      identity: 'key' as const,
    })),
    io,
  );
}
