// `qrcard build`: a deterministic zip per function, named by its content hash, for deploy to upload.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLED_FONTS, DEFAULT_LOGO } from '../card/bundled-assets.js';
import { FUNCTION_IDS, type FunctionId } from '../core/naming.js';
import { deterministicZip, type ZipEntry } from './deterministic-zip.js';
import { ELF_MACHINE, elfMachine, type Architecture } from './elf-header.js';
import { bundleFunctions } from './esbuild-bundle.js';
import { functionEntry, packageRoot } from './function-entries.js';
import { installedSharpVersion, nodeModulesEntries, sharpForLambda } from './sharp-binaries.js';

export interface BuildOptions {
  /** Directory the zips are written to. */
  readonly outDir: string;
  /** Lambda architecture: picks the sharp binaries packaged for render-card. */
  readonly architecture: Architecture;
  /** Default: FUNCTION_IDS. */
  readonly functions?: readonly FunctionId[];
  /** Where sharp's per-architecture binaries are cached. Default: `.qrcard/cache` in the working directory. */
  readonly cacheDir?: string;
}

export interface BuildIo {
  info(message: string): void;
}

export interface BuiltArtifact {
  readonly functionId: FunctionId;
  /** Path of the zip on disk. */
  readonly file: string;
  /** Path of index.mjs's source map, beside the zip. */
  readonly sourceMapFile: string;
  /** Artifacts-bucket key `<function-id>/<sha256>.zip`: a changed zip gets a new key. */
  readonly key: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** Functions whose code needs native modules, shipped in node_modules beside index.mjs. */
export const NATIVE_PACKAGES: Partial<Record<FunctionId, readonly string[]>> = { 'render-card': ['sharp'] };

/** Files of the package's assets/ a function needs at run time: the card renderer's default fonts and logo. */
async function bundledAssets(functionId: FunctionId, root: string): Promise<string[]> {
  if (functionId !== 'render-card') return [];
  // The fonts' licences (OFL) must travel with them.
  const licences = (await readdir(path.join(root, 'assets', 'fonts'))).filter((file) => /^(OFL|COPYRIGHT|LICENSE)/i.test(file));
  return [...BUNDLED_FONTS.map((font) => `fonts/${font}`), ...licences.map((file) => `fonts/${file}`), DEFAULT_LOGO];
}

export async function buildArtifacts(options: BuildOptions, io: BuildIo): Promise<BuiltArtifact[]> {
  const { architecture } = options;
  const root = packageRoot();
  const cacheDir = options.cacheDir ?? path.join(process.cwd(), '.qrcard', 'cache');
  await mkdir(options.outDir, { recursive: true });

  const functions = options.functions ?? FUNCTION_IDS;
  const bundles = await bundleFunctions(
    functions.map((functionId) => ({
      functionId,
      entry: functionEntry(functionId, root),
      root,
      external: NATIVE_PACKAGES[functionId] ?? [],
    })),
    root,
  );
  const artifacts: BuiltArtifact[] = [];
  for (const functionId of functions) {
    const external = NATIVE_PACKAGES[functionId] ?? [];
    const bundle = bundles.get(functionId);
    if (bundle === undefined) throw new Error(`esbuild produced nothing for ${functionId}`);
    const entries: ZipEntry[] = [bundle.code];
    if (external.includes('sharp')) {
      io.info(`${functionId}: sharp binaries for linux-${architecture}`);
      const modules = await sharpForLambda({ version: await installedSharpVersion(root), architecture, cacheDir });
      const native = await nodeModulesEntries(modules);
      assertArchitecture(native, architecture);
      entries.push(...native);
    }
    for (const asset of await bundledAssets(functionId, root)) {
      entries.push({ name: `assets/${asset}`, data: await readFile(path.join(root, 'assets', ...asset.split('/'))) });
    }
    const zip = await deterministicZip(entries);
    const sha256 = createHash('sha256').update(zip).digest('hex');
    const file = path.join(options.outDir, `${functionId}.zip`);
    const sourceMapFile = path.join(options.outDir, `${functionId}.index.mjs.map`);
    await writeFile(file, zip);
    await writeFile(sourceMapFile, bundle.sourceMap);
    artifacts.push({ functionId, file, sourceMapFile, key: `${functionId}/${sha256}.zip`, sha256, bytes: zip.byteLength });
  }
  return artifacts;
}

// A wrong-architecture binary only fails when Lambda loads it; refuse to build one instead.
function assertArchitecture(entries: readonly ZipEntry[], architecture: Architecture): void {
  const binaries = entries.filter((entry) => entry.name.endsWith('.node'));
  if (binaries.length === 0) throw new Error('no native .node file found in the sharp packages');
  for (const binary of binaries) {
    const machine = elfMachine(binary.data);
    if (machine !== ELF_MACHINE[architecture]) {
      throw new Error(`${binary.name} is not a linux ${architecture} binary (ELF machine ${machine ?? 'none'})`);
    }
  }
}
