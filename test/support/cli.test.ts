// ensureFreshDist: rebuilds only a stale dist/, and a build that fails stops the test run with the compiler's output.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureFreshDist } from './cli.js';
import { withTempDir } from './temp-dir.js';

const COMPILER_ERROR = "src/cli/main.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.";

/** What the fixture's dist/ holds besides nothing: the compiled file, or also the CLI bundle built from it. */
type Built = 'nothing' | 'compiled' | 'compiled and bundled';

/** A project whose build always fails, printing a compiler error, with one source file and, if asked, what was built from it. */
async function projectWithFailingBuild(dir: string, built: Built): Promise<void> {
  const build = `node -e "console.error(process.argv[1]); process.exit(2)" "${COMPILER_ERROR}"`;
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'fixture', private: true, scripts: { build } }));
  await mkdir(path.join(dir, 'src', 'cli'), { recursive: true });
  await writeFile(path.join(dir, 'src', 'cli', 'main.ts'), 'export const n: number = 1;\n');
  const outputs = { nothing: [], compiled: ['cli/main.js'], 'compiled and bundled': ['cli/main.js', 'bundle/main.js'] }[built];
  const later = new Date(Date.now() + 60_000);
  for (const output of outputs) {
    const file = path.join(dir, 'dist', output);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'export const n = 1;\n');
    await utimes(file, later, later);
  }
}

describe('ensureFreshDist', { timeout: 30_000 }, () => {
  it('throws with the exit code and the compiler output when the rebuild of a stale dist fails', async () => {
    await withTempDir('fresh-dist', async (dir) => {
      await projectWithFailingBuild(dir, 'nothing');

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

  it('does not build when every compiled file and the bundle are newer than the sources', async () => {
    await withTempDir('fresh-dist', async (dir) => {
      await projectWithFailingBuild(dir, 'compiled and bundled');

      assert.doesNotThrow(() => ensureFreshDist(['src/cli'], dir));
    });
  });

  it('takes a declaration file, which compiles to nothing, for fresh', async () => {
    await withTempDir('fresh-dist', async (dir) => {
      await projectWithFailingBuild(dir, 'compiled and bundled');
      await writeFile(path.join(dir, 'src', 'cli', 'untyped-package.d.ts'), "declare module 'untyped-package';\n");

      assert.doesNotThrow(() => ensureFreshDist(['src/cli'], dir));
    });
  });

  it('rebuilds when the compiled files are fresh but there is no bundle for bin/qrcard to run', async () => {
    await withTempDir('fresh-dist', async (dir) => {
      await projectWithFailingBuild(dir, 'compiled');

      assert.throws(
        () => ensureFreshDist(['src/cli'], dir),
        (error: Error) => error.message.includes(COMPILER_ERROR),
      );
    });
  });
  it('compares the page sources, which tsc leaves out, with the built page', async () => {
    await withTempDir('fresh-dist', async (dir) => {
      await projectWithFailingBuild(dir, 'compiled and bundled');
      await mkdir(path.join(dir, 'src', 'site'), { recursive: true });
      await writeFile(path.join(dir, 'src', 'site', 'app.ts'), 'export {};\n');
      assert.throws(
        () => ensureFreshDist(['src'], dir),
        (error: Error) => error.message.includes(COMPILER_ERROR),
      );

      const page = path.join(dir, 'dist', 'site', 'index.html');
      await mkdir(path.dirname(page), { recursive: true });
      await writeFile(page, '<!doctype html>\n');
      const later = new Date(Date.now() + 60_000);
      await utimes(page, later, later);
      assert.doesNotThrow(() => ensureFreshDist(['src'], dir));
    });
  });
});
