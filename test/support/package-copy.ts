// A copy of this package in a temporary directory, for running `qrcard dev --watch` on sources that may be edited:
// what the bin needs (bin, dist, src, assets, the manifests), this checkout's node_modules linked in, and its
// sharp binaries, as any earlier build would have left them.
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedSharpCache } from './sharp-cache.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE_PARTS = ['bin', 'dist', 'src', 'assets', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** Copies the package into a new `qrcard-<prefix>-…` directory and returns its path. */
export async function copyPackage(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `qrcard-${prefix}-`));
  for (const part of PACKAGE_PARTS) await cp(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  await seedSharpCache(dir);
  return dir;
}
