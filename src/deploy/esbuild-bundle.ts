// One Lambda's code as a single minified ESM file with its source map, AWS SDK included and tree-shaken.
import path from 'node:path';
import { build, type BuildOptions, type OutputFile, type Plugin } from 'esbuild';
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

/** Where esbuild is told a function's code goes: fixed, so the source map's paths (and the zip) do not depend on the real output place. */
function virtualOutfile(root: string, functionId: FunctionId): string {
  return path.join(root, '.qrcard', 'bundle', functionId, 'index.mjs');
}

/** The esbuild settings of the function bundles: entry point `<function-id>/index` per function. */
export function functionBuildOptions(functions: readonly BundleOptions[], root: string) {
  return {
    entryPoints: Object.fromEntries(functions.map((fn) => [`${fn.functionId}/index`, fn.entry])),
    absWorkingDir: root,
    outdir: path.join(root, '.qrcard', 'bundle'),
    outExtension: { '.js': '.mjs' },
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
    // Packages left out of one function's bundle are not imported by the others, so one list serves all.
    external: [...new Set(functions.flatMap((fn) => fn.external ?? []))],
    banner: { js: REQUIRE_SHIM },
    plugins: [englishOnlyZodLocales, environmentCredentialsOnly, fontkitWithoutWoff2, nativeInflate],
    metafile: true,
    logLevel: 'silent',
  } satisfies BuildOptions;
}

/** A function's bundle and its map out of a build's output files. */
export function functionBundleOf(outputFiles: readonly OutputFile[], root: string, functionId: FunctionId): FunctionBundle {
  const outfile = virtualOutfile(root, functionId);
  const code = outputFiles.find((file) => file.path === outfile);
  const sourceMap = outputFiles.find((file) => file.path === `${outfile}.map`);
  if (!code || !sourceMap) throw new Error(`esbuild produced no ${code ? 'source map' : 'code'} for ${functionId}`);
  return { code: { name: 'index.mjs', data: code.contents }, sourceMap: sourceMap.contents };
}

/**
 * Several functions in one esbuild build: the modules they share (the SDK, zod, the core) are read and
 * parsed once. Each function still gets one self-contained file, the same bytes as a build of its own.
 */
export async function bundleFunctions(functions: readonly BundleOptions[], root: string): Promise<Map<FunctionId, FunctionBundle>> {
  const result = await build(functionBuildOptions(functions, root));
  return new Map(functions.map((fn) => [fn.functionId, functionBundleOf(result.outputFiles, root, fn.functionId)]));
}

export async function bundleFunction(options: BundleOptions): Promise<FunctionBundle> {
  const bundle = (await bundleFunctions([options], options.root)).get(options.functionId);
  if (bundle === undefined) throw new Error(`esbuild produced nothing for ${options.functionId}`);
  return bundle;
}
