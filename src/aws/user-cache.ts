// The per-user cache folder qrcard keeps what serves every project on the machine in: the Node runtimes the local
// engine runs functions on, the built function zips and their unpacked code (all qrcard's own, not a project's).
// Its shared folders are written whole: to a folder of the writing process's own, then renamed into place.
import { readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** Between a shared folder's name and the pid of the process writing it. */
const PARTIAL = '.partial-';

/** `QRCARD_NODE_CACHE`, else `$XDG_CACHE_HOME/qrcard`, else `~/.cache/qrcard`. */
export function defaultUserCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['QRCARD_NODE_CACHE'] ?? path.join(env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache'), 'qrcard');
}

/**
 * Writes `sharedDir` with `write` into a folder of this process's own, renames it into place, and keeps the `kept`
 * folders beside it made or used last. Best effort: when another process put it there first, theirs stays.
 */
export async function shareWhole(sharedDir: string, kept: number, write: (staging: string) => Promise<void>): Promise<void> {
  await removeAbandonedCopies(sharedDir);
  const staging = `${sharedDir}${PARTIAL}${process.pid}-${Date.now()}`;
  try {
    await write(staging);
    await rename(staging, sharedDir);
    await pruneLeastRecentlyUsed(path.dirname(sharedDir), kept);
  } catch {
    // Most often another process renamed the same folder into place first (ENOTEMPTY); either way, leave it.
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Removes the half-written copies of `sharedDir` that processes killed while writing them left behind. */
async function removeAbandonedCopies(sharedDir: string): Promise<void> {
  const prefix = `${path.basename(sharedDir)}${PARTIAL}`;
  const entries = await readdir(path.dirname(sharedDir)).catch(() => []);
  for (const name of entries) {
    const pid = Number(name.startsWith(prefix) ? name.slice(prefix.length).split('-')[0] : NaN);
    if (Number.isInteger(pid) && !processAlive(pid)) await rm(path.join(path.dirname(sharedDir), name), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks a shared folder as used now, so pruning keeps it. */
export async function markUsed(sharedDir: string): Promise<void> {
  const now = new Date();
  await utimes(sharedDir, now, now).catch(() => undefined);
}

/** Removes all but the `kept` folders in `root` made or used last. */
async function pruneLeastRecentlyUsed(root: string, kept: number): Promise<void> {
  const names = (await readdir(root)).filter((name) => !name.includes(PARTIAL));
  const folders = await Promise.all(names.map(async (name) => ({ name, usedAt: (await stat(path.join(root, name))).mtimeMs })));
  folders.sort((a, b) => b.usedAt - a.usedAt);
  for (const { name } of folders.slice(kept)) await rm(path.join(root, name), { recursive: true, force: true });
}
