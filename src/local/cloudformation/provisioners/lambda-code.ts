// Function code for the runner: the deployment zip fetched from the local S3 and unpacked once per content hash,
// or copied from the per-user cache where any stage or project on the machine unpacked the same zip before.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { cp, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { s3Sdk } from './lazy-sdk.js';
import yauzl from 'yauzl';
import { markUsed, shareWhole } from '../../../aws/user-cache.js';

export async function fetchZip(s3: S3Client, bucket: string, key: string, version?: string): Promise<Buffer> {
  const object = await s3.send(new (s3Sdk().GetObjectCommand)({ Bucket: bucket, Key: key, ...(version ? { VersionId: version } : {}) }));
  if (object.Body === undefined) throw new Error(`s3://${bucket}/${key} has no body`);
  return Buffer.from(await object.Body.transformToByteArray());
}

function openZip(zip: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolvePromise, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (error, file) =>
      error ? reject(error) : resolvePromise(file),
    );
  });
}

/** Unpacks `zip` into `target`, refusing entries that would land outside it. */
export async function unpackZip(zip: Buffer, target: string): Promise<void> {
  const root = resolve(target);
  const file = await openZip(zip);
  await new Promise<void>((done, fail) => {
    file.on('error', fail);
    file.on('end', () => done());
    file.on('entry', (entry: yauzl.Entry) => {
      const destination = resolve(root, entry.fileName);
      if (destination !== root && !destination.startsWith(root + sep)) {
        fail(new Error(`zip entry ${entry.fileName} points outside the function directory`));
        return;
      }
      if (entry.fileName.endsWith('/')) {
        mkdir(destination, { recursive: true }).then(() => file.readEntry(), fail);
        return;
      }
      file.openReadStream(entry, (error, stream) => {
        if (error) {
          fail(error);
          return;
        }
        const mode = (entry.externalFileAttributes >>> 16) & 0o777;
        mkdir(dirname(destination), { recursive: true })
          .then(() => pipeline(stream, createWriteStream(destination, mode ? { mode } : {})))
          .then(() => file.readEntry(), fail);
      });
    });
    file.readEntry();
  });
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** How many unpacked codes the per-user cache keeps: the three functions of the last few builds. */
const SHARED_CODES_KEPT = 12;

/**
 * The directory holding this zip's contents under `functionDirectory`, unpacked on first use. With `sharedRoot` (a
 * folder of the per-user cache), code that any stage or project on the machine unpacked before is copied from there,
 * which for render-card (39 MB of files) takes a tenth of unpacking it, and code unpacked here is left there too.
 */
export async function codeDirectoryFor(functionDirectory: string, zip: Buffer, sharedRoot?: string): Promise<string> {
  const hash = createHash('sha256').update(zip).digest('hex').slice(0, 16);
  const target = join(functionDirectory, hash);
  if (await exists(target)) return target;
  const shared = sharedRoot === undefined ? undefined : join(sharedRoot, hash);
  // Unpack beside, then rename, so a crash never leaves a half-written directory under the final name.
  const staging = `${target}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  if (shared === undefined || !(await copied(shared, staging))) await unpackZip(zip, staging);
  await rename(staging, target);
  if (shared !== undefined) await share(target, shared);
  return target;
}

/** Copies the shared code into `staging`; false when there is none (or it went while being copied). */
async function copied(shared: string, staging: string): Promise<boolean> {
  if (!(await exists(shared))) return false;
  try {
    await cp(shared, staging, { recursive: true });
    await markUsed(shared);
    return true;
  } catch {
    await rm(staging, { recursive: true, force: true });
    return false;
  }
}

/** Leaves a copy of `target` in the per-user cache for the next stage or project. Best effort. */
async function share(target: string, shared: string): Promise<void> {
  if (await exists(shared)) return;
  await shareWhole(shared, SHARED_CODES_KEPT, (staging) => cp(target, staging, { recursive: true }));
}

/** Inline `Code.ZipFile` source becomes index.js, as Lambda does for Node.js runtimes. */
export async function inlineCodeDirectory(functionDirectory: string, source: string): Promise<string> {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const target = join(functionDirectory, hash);
  await mkdir(target, { recursive: true });
  await writeFile(join(target, 'index.js'), source);
  return target;
}
