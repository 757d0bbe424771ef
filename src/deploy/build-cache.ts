// Reuses the last build of the function zips when nothing that goes into them has changed, so a deploy with no
// changes skips bundling, and a new stage or a new project takes the zips built from the same inputs (qrcard's own
// code and the architecture) from the per-user cache. The zips are deterministic: a reused one equals a rebuilt one.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { markUsed, shareWhole } from '../aws/user-cache.js';
import type { Artifact } from './publish-artifacts.js';
import { sha256Hex } from './s3-publish.js';

const MANIFEST = 'build-manifest.json';
/** How many builds the per-user cache keeps (some 20 MB each): those of the last few qrcard versions (or edits of its sources). */
export const SHARED_BUILDS_KEPT = 4;

async function filesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * A hash of everything a build reads: the package's source (src/, else dist/), the assets packed beside
 * the code (fonts, default logo), its lockfile, and the build settings. Any change there means a rebuild.
 */
export async function buildFingerprint(packageRoot: string, settings: unknown): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  let files = await filesUnder(path.join(packageRoot, 'src'));
  if (files.length === 0) files = await filesUnder(path.join(packageRoot, 'dist'));
  files.push(...(await filesUnder(path.join(packageRoot, 'assets'))));
  files.push(path.join(packageRoot, 'package-lock.json'), path.join(packageRoot, 'package.json'));
  for (const file of files.sort()) {
    hash.update(path.relative(packageRoot, file)).update('\0');
    try {
      hash.update(await readFile(file));
    } catch {
      hash.update('missing');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * The artifacts recorded for `fingerprint` in `dir`, with their files in `dir` (wherever the build was recorded), if
 * every zip is there with its hash; undefined for anything else, a half-copied or damaged build included.
 */
export async function cachedArtifacts(dir: string, fingerprint: string): Promise<Artifact[] | undefined> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as { fingerprint?: string; artifacts?: Artifact[] };
    if (manifest.fingerprint !== fingerprint || !Array.isArray(manifest.artifacts)) return undefined;
    const artifacts = movedTo(manifest.artifacts, dir);
    return (await intact(artifacts)) ? artifacts : undefined;
  } catch {
    return undefined;
  }
}

/** True when every zip is there with the recorded hash. */
async function intact(artifacts: readonly Artifact[]): Promise<boolean> {
  for (const artifact of artifacts) {
    if (sha256Hex(await readFile(artifact.file)) !== artifact.sha256) return false;
  }
  return true;
}

export async function recordArtifacts(outDir: string, fingerprint: string, artifacts: readonly Artifact[]): Promise<void> {
  await writeFile(path.join(outDir, MANIFEST), `${JSON.stringify({ fingerprint, artifacts }, null, 2)}\n`);
}

/** Where the build of `fingerprint` is kept in the per-user cache: `<userCacheDir>/function-cache/<fingerprint>`. */
export function sharedBuildDir(userCacheDir: string, fingerprint: string): string {
  return path.join(userCacheDir, 'function-cache', fingerprint.slice(0, 32));
}

/** The artifacts with their files (the zip, and the source map when recorded) moved into `outDir`. */
function movedTo(artifacts: readonly Artifact[], outDir: string): Artifact[] {
  const moved = (file: unknown) => (typeof file === 'string' ? path.join(outDir, path.basename(file)) : file);
  return artifacts.map((artifact) => {
    const withMap = artifact as Artifact & { sourceMapFile?: unknown };
    return {
      ...artifact,
      file: path.join(outDir, path.basename(artifact.file)),
      ...('sourceMapFile' in withMap ? { sourceMapFile: moved(withMap.sourceMapFile) } : {}),
    };
  });
}

async function copyFiles(fromDir: string, toDir: string): Promise<void> {
  await mkdir(toDir, { recursive: true });
  for (const entry of await readdir(fromDir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name !== MANIFEST) await copyFile(path.join(fromDir, entry.name), path.join(toDir, entry.name));
  }
}

/**
 * Copies the build recorded for `fingerprint` in `fromDir` (with the source maps beside its zips) into `outDir` and
 * records it there. Undefined when `fromDir` holds no such build, or it changes while being copied (another process
 * replacing it): the copy is checked against the hashes before it is recorded, so a build goes on only with whole zips.
 */
export async function copyCachedBuild(fromDir: string, outDir: string, fingerprint: string): Promise<Artifact[] | undefined> {
  const artifacts = await cachedArtifacts(fromDir, fingerprint);
  if (artifacts === undefined) return undefined;
  const copied = movedTo(artifacts, outDir);
  try {
    await copyFiles(fromDir, outDir);
    if (!(await intact(copied))) return undefined;
  } catch {
    return undefined;
  }
  await recordArtifacts(outDir, fingerprint, copied);
  await markUsed(fromDir);
  return copied;
}

/**
 * Keeps a copy of a fresh build under its fingerprint for every later stage and project on the machine. The copy is
 * written to a folder of this process's own and renamed into place whole, so no one ever reads a half-written one;
 * when another process put the same build there first, theirs stays. Best effort: a failure leaves no cache behind.
 */
export async function shareBuild(outDir: string, sharedDir: string, fingerprint: string): Promise<void> {
  const artifacts = await cachedArtifacts(outDir, fingerprint);
  if (artifacts === undefined) return;
  await shareWhole(sharedDir, SHARED_BUILDS_KEPT, async (staging) => {
    await copyFiles(outDir, staging);
    await recordArtifacts(staging, fingerprint, movedTo(artifacts, sharedDir));
    // A damaged copy left in the way (its fingerprint matches, its zips do not) is moved aside first.
    if ((await cachedArtifacts(sharedDir, fingerprint)) === undefined) await rm(sharedDir, { recursive: true, force: true });
  });
}
