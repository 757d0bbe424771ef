// Reuses the last build of the function zips when nothing that goes into them has changed, so a
// deploy with no changes skips bundling. The zips are deterministic: a reused one equals a rebuilt one.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
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
 * A hash of everything a build reads: the package's source (src/, else dist/), its lockfile, and the
 * build settings. Any change there means a rebuild.
 */
export async function buildFingerprint(packageRoot: string, settings: unknown): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  let files = await filesUnder(path.join(packageRoot, 'src'));
  if (files.length === 0) files = await filesUnder(path.join(packageRoot, 'dist'));
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
