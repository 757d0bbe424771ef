// A per-user cache folder (QRCARD_NODE_CACHE) of a test's own, so qrcard run by a test writes nothing into the
// real ~/.cache (the function builds it shares between projects): it lends the test the Node runtimes already
// installed there, by link, and nothing else.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultUserCacheDir } from '../../src/aws/user-cache.js';

/** Makes `dir` a user cache holding links to the installed Node runtimes of the real one; returns `dir`. */
export function testUserCache(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const real = defaultUserCacheDir();
  if (!existsSync(real)) return dir;
  for (const entry of readdirSync(real, { withFileTypes: true })) {
    // A `.partial` folder is an install still being written.
    if (entry.isDirectory() && entry.name.startsWith('node-') && !entry.name.includes('.partial')) {
      symlinkSync(path.join(real, entry.name), path.join(dir, entry.name));
    }
  }
  return dir;
}

let processCache: string | undefined;

/** One test user cache for this test process, made on first use and removed when the process exits. */
export function processUserCache(): string {
  if (processCache === undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), 'qrcard-user-cache-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    processCache = testUserCache(dir);
  }
  return processCache;
}
