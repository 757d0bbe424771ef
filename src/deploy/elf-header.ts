// Reads the target machine of a native binary from its ELF header, to prove a package's architecture.
import type { Config } from '../core/config.js';

export type Architecture = Config['architecture'];

/** e_machine values of the two Lambda architectures. */
export const ELF_MACHINE = { arm64: 0xb7, x86_64: 0x3e } as const satisfies Record<Architecture, number>;

/** The e_machine field of an ELF file, or undefined when `bytes` is not ELF. */
export function elfMachine(bytes: Uint8Array): number | undefined {
  if (bytes.length < 20 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return undefined;
  // EI_DATA (byte 5): 1 little-endian, 2 big-endian; e_machine is the half-word at offset 18.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint16(18, bytes[5] === 1);
}
