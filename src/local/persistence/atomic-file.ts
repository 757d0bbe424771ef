// Whole-file writes for the engine's state: readers (and a restarted engine) see the old file or the
// new one, never a torn one, because the bytes go to a temporary file beside it that is then renamed.
import { randomUUID } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Replaces `path` with `data`. The temporary file sits in the same directory (a rename across file
 * systems is not atomic) and is removed again when the write or the rename fails.
 */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPath(path);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * `writeFileAtomically` done before it returns, blocking the event loop: for small files written often, where
 * the open, write, close and rename, each its own trip through the thread pool, cost more than the writes.
 */
export function writeFileAtomicallySync(path: string, data: string | Uint8Array): void {
  const temporary = temporaryPath(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

const temporaryPath = (path: string) => `${path}.${randomUUID()}.tmp`;
