// One Lambda's code as a single minified ESM file with its source map, AWS SDK included and tree-shaken.
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { fontkitWithoutWoff2, nativeInflate } from '../card/bundle-plugins.js';
import type { FunctionId } from '../core/naming.js';
import type { ZipEntry } from './deterministic-zip.js';

export interface FunctionBundle {
  /** `index.mjs`, the zip's entry point. */
  readonly code: ZipEntry;
  /** Its source map: kept beside the zip, not in it (see `sourcemap` below). */
  readonly sourceMap: Uint8Array;
}

export interface BundleOptions {
  readonly functionId: FunctionId;
  readonly entry: string;
  /** Absolute package root: paths in the source map are relative to it. */
  readonly root: string;
  /** Packages left out of the bundle and shipped in node_modules instead (native code). */
  readonly external?: readonly string[];
}

// Bundled CommonJS dependencies call require() for Node built-ins; an ES module has none of its own.
export const REQUIRE_SHIM = "import{createRequire as __qrcardRequire}from'node:module';const require=__qrcardRequire(import.meta.url);";

/**
 * zod's namespace re-exports every locale, which defeats tree-shaking (about 250 kB minified);
 * the app speaks English only, and zod registers English itself, so the namespace keeps just `en`.
 */
export const englishOnlyZodLocales: Plugin = {
  name: 'qrcard-zod-english-only',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)
        ? { path: path.join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Lambda (and the local runner) always hands a function its role's credentials in environment
 * variables, so the SDK's default chain (profiles, SSO, STS, IMDS) is dead weight at every cold start:
 * about 120 kB of bundle and a fifth of the SDK's import time. The chain is replaced by its env step.
 */
const environmentCredentialsOnly: Plugin = {
  name: 'qrcard-lambda-env-credentials',
  setup(builder) {
    builder.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: 'credential-provider-node',
      namespace: 'lambda-credentials',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'lambda-credentials' }, () => ({
      contents: "export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';",
      resolveDir: builder.initialOptions.absWorkingDir ?? process.cwd(),
      loader: 'js',
    }));
  },
};

export async function bundleFunction(options: BundleOptions): Promise<FunctionBundle> {
  // A fixed virtual output path keeps source-map paths, and so the zip's bytes, independent of where it is written.
  const outfile = path.join(options.root, '.qrcard', 'bundle', options.functionId, 'index.mjs');
  const result = await build({
    entryPoints: [options.entry],
    absWorkingDir: options.root,
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    // External: inside the zip the map would more than double it (register-user: 204 kB -> 458 kB).
    // File names and lines are what decoding a stack trace needs, so the sources are left out of it.
    sourcemap: 'external',
    sourcesContent: false,
    legalComments: 'none',
    external: [...(options.external ?? [])],
    banner: { js: REQUIRE_SHIM },
    plugins: [englishOnlyZodLocales, environmentCredentialsOnly, fontkitWithoutWoff2, nativeInflate],
    logLevel: 'silent',
  });
  const code = result.outputFiles.find((file) => file.path === outfile);
  const sourceMap = result.outputFiles.find((file) => file.path === `${outfile}.map`);
  if (!code || !sourceMap) throw new Error(`esbuild produced no ${code ? 'source map' : 'code'} for ${options.functionId}`);
  return { code: { name: 'index.mjs', data: code.contents }, sourceMap: sourceMap.contents };
}
