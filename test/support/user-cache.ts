// A per-user cache folder (QRCARD_NODE_CACHE) for tests, so qrcard run by a test writes nothing into the real
// ~/.cache (the function builds it shares between projects): it lends the tests the Node runtimes already
// installed there, by link, and nothing else.
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultUserCacheDir } from '../../src/aws/user-cache.js';

/** Makes `dir` a user cache holding links to the installed Node runtimes of the real one; returns `dir`. */
export function testUserCache(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const real = defaultUserCacheDir();
  if (!existsSync(real)) return dir;
  for (const entry of readdirSync(real, { withFileTypes: true })) {
    // A `.partial` folder is an install still being written.
    const link = path.join(dir, entry.name);
    // Another test process making the same cache may have linked it already.
    if (entry.isDirectory() && entry.name.startsWith('node-') && !entry.name.includes('.partial') && !existsSync(link)) {
      try {
        symlinkSync(path.join(real, entry.name), link);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }
  return dir;
}

// Under node_modules/.cache, outside the tree git and the linters read. Shared by every test process of this
// checkout, so a machine without Node 22 installed (a CI run) downloads it once, not once per test file; the
// function builds it holds are keyed by their inputs and renamed into place whole, so sharing them is safe.
const CHECKOUT_CACHE = path.join(fileURLToPath(new URL('../..', import.meta.url)), 'node_modules', '.cache', 'qrcard-test-user-cache');

let processCache: string | undefined;

/** The test user cache of this checkout, made (with the real cache's runtimes linked in) on first use. */
export function processUserCache(): string {
  if (processCache === undefined) {
    processCache = existsSync(CHECKOUT_CACHE) ? CHECKOUT_CACHE : testUserCache(CHECKOUT_CACHE);
  }
  return processCache;
}
