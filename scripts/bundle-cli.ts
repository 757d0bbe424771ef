// The CLI as an esbuild bundle in dist/bundle: tens of files that start far faster than the hundreds of
// CommonJS files of the AWS SDK, zod and libphonenumber-js, which Node would read and compile one by one.
// Split at every `await import(...)`, so a command still loads only what it uses.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { fontkitWithoutWoff2, nativeInflate } from '../src/card/bundle-plugins.js';
import { englishOnlyZodLocales, REQUIRE_SHIM } from '../src/deploy/esbuild-bundle.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = 'dist/bundle';

/**
 * Left to node_modules: native addons (sharp, classic-level), esbuild (its own binary), and dynalite,
 * which require()s its actions by computed name and reads its TLS files from beside its source.
 */
const EXTERNAL = ['esbuild', 'sharp', 'classic-level', 'dynalite'];

const result = await build({
  absWorkingDir: ROOT,
  // The engine forks function-host from beside the module that starts it, and the host starts environment-thread from beside itself, so both sit with the chunks.
  entryPoints: {
    main: 'src/cli/main.ts',
    'function-host': 'src/local/functions/function-host.ts',
    'environment-thread': 'src/local/functions/environment-thread.ts',
  },
  outdir: OUT_DIR,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  external: EXTERNAL,
  banner: { js: REQUIRE_SHIM },
  plugins: [englishOnlyZodLocales, fontkitWithoutWoff2, nativeInflate],
  metafile: true,
  logLevel: 'warning',
});

// Chunk names carry a content hash, so each changed build leaves the old chunks behind. They are removed
// after the new ones are written rather than before, so a qrcard already running still finds its files.
const written = new Set(Object.keys(result.metafile.outputs).map((file) => path.basename(file)));
const outDir = path.join(ROOT, OUT_DIR);
for (const file of await readdir(outDir)) if (!written.has(file)) await rm(path.join(outDir, file));
