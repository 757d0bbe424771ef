// ensureFreshDist: rebuilds only a stale dist/, and a build that fails stops the test run with the compiler's output.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureFreshDist } from './cli.js';
import { withTempDir } from './temp-dir.js';

const COMPILER_ERROR = "src/cli/main.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.";

/** A project whose build always fails, printing a compiler error, with one source file and, if asked, its compiled file. */
async function projectWithFailingBuild(dir: string, compiled: 'compiled' | 'not compiled'): Promise<void> {
  const build = `node -e "console.error(process.argv[1]); process.exit(2)" "${COMPILER_ERROR}"`;
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'fixture', private: true, scripts: { build } }));
  await mkdir(path.join(dir, 'src', 'cli'), { recursive: true });
  await writeFile(path.join(dir, 'src', 'cli', 'main.ts'), 'export const n: number = 1;\n');
  if (compiled === 'compiled') {
    await mkdir(path.join(dir, 'dist', 'cli'), { recursive: true });
    await writeFile(path.join(dir, 'dist', 'cli', 'main.js'), 'export const n = 1;\n');
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(dir, 'dist', 'cli', 'main.js'), later, later);
  }
}

describe('ensureFreshDist', { timeout: 30_000 }, () => {
  it('throws with the exit code and the compiler output when the rebuild of a stale dist fails', async () => {
    await withTempDir('fresh-dist', async (dir) => {
      await projectWithFailingBuild(dir, 'not compiled');

      assert.throws(
        () => ensureFreshDist(['src/cli'], dir),
        (error: Error) => {
          assert.match(error.message, /^npm run build failed \(exit code 2\), so dist\/ is not fresh:\n/);
          assert.ok(error.message.includes(COMPILER_ERROR), error.message);
          return true;
        },
      );
    });
  });

  it('does not build when every compiled file is newer than its source', async () => {
    await withTempDir('fresh-dist', async (dir) => {
      await projectWithFailingBuild(dir, 'compiled');

      assert.doesNotThrow(() => ensureFreshDist(['src/cli'], dir));
    });
  });
});
