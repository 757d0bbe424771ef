// Zips whose bytes depend only on their contents: sorted names, one fixed time, fixed modes.
// Same source -> same bytes -> same sha256, so a deploy can skip code that did not change.
import yazl from 'yazl';

export interface ZipEntry {
  /** Path inside the zip, with forward slashes. */
  readonly name: string;
  readonly data: Uint8Array;
}

// Built from local fields so the DOS date written is 1980-01-01 00:00 in every time zone.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
// Regular file, rw-r--r--: Lambda reads (and dlopens) them; nothing in a bundle is run directly.
const FILE_MODE = 0o100644;

export async function deterministicZip(entries: readonly ZipEntry[]): Promise<Buffer> {
  const names = new Set<string>();
  for (const entry of entries) {
    if (names.has(entry.name)) throw new Error(`duplicate zip entry ${entry.name}`);
    if (entry.name.startsWith('/') || entry.name.includes('\\') || entry.name.split('/').includes('..')) {
      throw new Error(`zip entry name must be a relative forward-slash path: ${entry.name}`);
    }
    names.add(entry.name);
  }
  const zip = new yazl.ZipFile();
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    zip.addBuffer(Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength), entry.name, {
      mtime: FIXED_MTIME,
      mode: FILE_MODE,
      compress: true,
      forceDosTimestamp: true,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
