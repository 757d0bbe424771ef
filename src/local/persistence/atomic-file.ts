// Whole-file writes for the engine's state: readers (and a restarted engine) see the old file or the
// new one, never a torn one, because the bytes go to a temporary file beside it that is then renamed.
import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Replaces `path` with `data`. The temporary file sits in the same directory (a rename across file
 * systems is not atomic) and is removed again when the write or the rename fails.
 */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
