// Reuses the last build of the function zips when nothing that goes into them has changed, so a
// deploy with no changes skips bundling, and a new stage takes the zips another stage built from the
// same inputs. The zips are deterministic: a reused one equals a rebuilt one.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Artifact } from './publish-artifacts.js';
import { sha256Hex } from './s3-publish.js';

const MANIFEST = 'build-manifest.json';

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

/** The artifacts recorded for `fingerprint` in `outDir`, if every zip is still there with its hash. */
export async function cachedArtifacts(outDir: string, fingerprint: string): Promise<Artifact[] | undefined> {
  try {
    const manifest = JSON.parse(await readFile(path.join(outDir, MANIFEST), 'utf8')) as { fingerprint?: string; artifacts?: Artifact[] };
    if (manifest.fingerprint !== fingerprint || !Array.isArray(manifest.artifacts)) return undefined;
    for (const artifact of manifest.artifacts) {
      if (sha256Hex(await readFile(artifact.file)) !== artifact.sha256) return undefined;
    }
    return manifest.artifacts;
  } catch {
    return undefined;
  }
}

export async function recordArtifacts(outDir: string, fingerprint: string, artifacts: readonly Artifact[]): Promise<void> {
  await writeFile(path.join(outDir, MANIFEST), `${JSON.stringify({ fingerprint, artifacts }, null, 2)}\n`);
}

/** Where builds are kept by fingerprint for every stage of the working directory: `<cacheRoot>/<fingerprint>`. */
export function sharedBuildDir(cacheRoot: string, fingerprint: string): string {
  return path.join(cacheRoot, fingerprint.slice(0, 32));
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
 * Copies the build recorded for `fingerprint` in `fromDir` (with the source maps beside its zips) into
 * `outDir` and records it there. Undefined, and nothing copied, when `fromDir` holds no such build.
 */
export async function copyCachedBuild(fromDir: string, outDir: string, fingerprint: string): Promise<Artifact[] | undefined> {
  const artifacts = await cachedArtifacts(fromDir, fingerprint);
  if (artifacts === undefined) return undefined;
  await copyFiles(fromDir, outDir);
  const copied = movedTo(artifacts, outDir);
  await recordArtifacts(outDir, fingerprint, copied);
  return copied;
}

/** Keeps a copy of a stage's fresh build under its fingerprint, for the next stage built from the same inputs. */
export async function shareBuild(outDir: string, sharedDir: string, fingerprint: string): Promise<void> {
  const artifacts = await cachedArtifacts(outDir, fingerprint);
  if (artifacts === undefined) return;
  // Written beside and renamed, so a stage never adopts a half-copied build; the manifest names the final place.
  const staging = `${sharedDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await copyFiles(outDir, staging);
  await recordArtifacts(staging, fingerprint, movedTo(artifacts, sharedDir));
  await rm(sharedDir, { recursive: true, force: true });
  await rename(staging, sharedDir);
}
