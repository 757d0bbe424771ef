// A per-user cache folder (QRCARD_NODE_CACHE) of a test's own, so qrcard run by a test writes nothing into the
// real ~/.cache: it lends the test the Node runtimes already installed there, by link, and nothing else.
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { defaultUserCacheDir } from '../../src/aws/user-cache.js';

/** Makes `dir` a user cache holding links to the installed Node runtimes of the real one; returns `dir`. */
export async function testUserCache(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const real = defaultUserCacheDir();
  if (!existsSync(real)) return dir;
  for (const entry of await readdir(real, { withFileTypes: true })) {
    // A `.partial` folder is an install still being written.
    if (entry.isDirectory() && entry.name.startsWith('node-') && !entry.name.includes('.partial')) {
      await symlink(path.join(real, entry.name), path.join(dir, entry.name));
    }
  }
  return dir;
}
