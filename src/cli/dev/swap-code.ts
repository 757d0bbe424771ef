// A rebuilt bundle as a function's new code directory: the new index.mjs beside links to everything else
// the running code has (render-card's native modules and fonts), so nothing large is copied.
import { createHash } from 'node:crypto';
import { mkdir, readdir, realpath, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `<functionsDir>/<hash>/` with `code` as index.mjs and links to the other entries of `currentDir`,
 * and removes the directories of earlier swaps except `currentDir`'s. Returns the new directory.
 */
export async function codeDirectoryWith(code: Uint8Array, currentDir: string, functionsDir: string): Promise<string> {
  const target = path.join(functionsDir, createHash('sha256').update(code).digest('hex').slice(0, 16));
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const staging = `${target}.partial-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, 'index.mjs'), code);
    for (const entry of await readdir(currentDir)) {
      if (entry === 'index.mjs') continue;
      // The link's target is the real file, so removing an earlier swap's directory breaks no link.
      await symlink(await realpath(path.join(currentDir, entry)), path.join(staging, entry));
    }
    await rename(staging, target);
  }
  const keep = new Set([target, path.resolve(currentDir)]);
  for (const entry of await readdir(functionsDir)) {
    const dir = path.join(functionsDir, entry);
    if (!keep.has(dir) && !entry.includes('.partial-')) await rm(dir, { recursive: true, force: true });
  }
  return target;
}
