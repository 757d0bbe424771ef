// sharp's prebuilt Linux binaries for a Lambda architecture, whatever the host: npm installs the
// matching optional packages into a cache once per sharp version and architecture.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Architecture } from './elf-header.js';
import type { ZipEntry } from './deterministic-zip.js';

const run = promisify(execFile);

/** npm's --cpu value for each Lambda architecture. */
export const NPM_CPU: Record<Architecture, string> = { arm64: 'arm64', x86_64: 'x64' };

/** The sharp version this package depends on, so the bundle runs what the tests ran. */
export async function installedSharpVersion(root: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(root, 'node_modules', 'sharp', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/**
 * The node_modules directory holding sharp, its dependencies and the `@img` binaries for
 * linux/glibc/`architecture`, installed on first use under `cacheDir`.
 */
export async function sharpForLambda(options: {
  readonly version: string;
  readonly architecture: Architecture;
  readonly cacheDir: string;
}): Promise<string> {
  const cpu = NPM_CPU[options.architecture];
  const target = path.join(options.cacheDir, `sharp-${options.version}-linux-${cpu}-glibc`);
  const modules = path.join(target, 'node_modules');
  if (existsSync(path.join(modules, 'sharp', 'package.json'))) return modules;

  // Installed beside the final place and renamed into it, so a concurrent or interrupted build never sees half a cache.
  const staging = `${target}.${process.pid}.${Date.now()}.partial`;
  await mkdir(staging, { recursive: true });
  try {
    await run(
      'npm',
      [
        'install',
        '--prefix',
        staging,
        `--os=linux`,
        `--cpu=${cpu}`,
        '--libc=glibc',
        '--no-save',
        '--no-package-lock',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--omit=dev',
        `sharp@${options.version}`,
      ],
      { cwd: staging, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } },
    );
    if (!existsSync(path.join(staging, 'node_modules', '@img', `sharp-linux-${cpu}`))) {
      throw new Error(`npm did not install @img/sharp-linux-${cpu}; check that the npm registry is reachable`);
    }
    try {
      await rename(staging, target);
    } catch (error) {
      // Another build won the race; its copy is as good as ours.
      if (!existsSync(path.join(modules, 'sharp', 'package.json'))) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return modules;
}

// Type declarations, docs and npm's bookkeeping are of no use at run time.
const SKIPPED = [/^\.bin\//, /^\.package-lock\.json$/, /\.d\.[cm]?ts$/, /(^|\/)README(\.md)?$/i, /(^|\/)CHANGELOG(\.md)?$/i];

/** Every runtime file under `modules` as zip entries below `node_modules/`. */
export async function nodeModulesEntries(modules: string): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  for (const dirent of await readdir(modules, { recursive: true, withFileTypes: true })) {
    if (!dirent.isFile()) continue;
    const absolute = path.join(dirent.parentPath, dirent.name);
    const relative = path.relative(modules, absolute).split(path.sep).join('/');
    if (SKIPPED.some((pattern) => pattern.test(relative))) continue;
    entries.push({ name: `node_modules/${relative}`, data: await readFile(absolute) });
  }
  return entries;
}
