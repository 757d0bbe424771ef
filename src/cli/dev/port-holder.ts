// Which process listens on a TCP port, for the message of a port clash. Linux only (/proc), best effort: any
// failure to read, or another system, gives undefined and the message goes without the holder.
import { readdir, readFile, readlink } from 'node:fs/promises';

export interface PortHolder {
  readonly pid: number;
  /** Its command line, shortened. */
  readonly command: string;
}

const LISTEN = '0A';

/** The socket inodes listening on `port` in one /proc/net/tcp-style table (`sl local rem st ... inode`). */
export function listeningInodes(table: string, port: number): string[] {
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === LISTEN && Number.parseInt(fields[1]?.split(':')[1] ?? '', 16) === port)
    .map((fields) => fields[9] ?? '')
    .filter((inode) => inode !== '' && inode !== '0');
}

/** The process holding a listening socket on `port`, when /proc shows it; never throws. */
export async function findPortHolder(port: number, proc = '/proc'): Promise<PortHolder | undefined> {
  try {
    const tables = await Promise.all(['tcp', 'tcp6'].map((name) => readFile(`${proc}/net/${name}`, 'utf8').catch(() => '')));
    const sockets = new Set(tables.flatMap((table) => listeningInodes(table, port)).map((inode) => `socket:[${inode}]`));
    if (sockets.size === 0) return undefined;
    for (const entry of await readdir(proc)) {
      if (!/^\d+$/.test(entry) || !(await holdsSocket(`${proc}/${entry}/fd`, sockets))) continue;
      return { pid: Number(entry), command: await commandLine(`${proc}/${entry}`) };
    }
  } catch {
    // The holder is a courtesy; the clash is reported without it.
  }
  return undefined;
}

async function holdsSocket(fdDir: string, sockets: ReadonlySet<string>): Promise<boolean> {
  // Other users' processes cannot be read; they simply do not match.
  const fds = await readdir(fdDir).catch(() => []);
  for (const fd of fds) {
    if (sockets.has(await readlink(`${fdDir}/${fd}`).catch(() => ''))) return true;
  }
  return false;
}

async function commandLine(processDir: string): Promise<string> {
  const raw = await readFile(`${processDir}/cmdline`, 'utf8').catch(() => '');
  const command = raw.split('\0').filter(Boolean).join(' ') || (await readFile(`${processDir}/comm`, 'utf8').catch(() => '?')).trim();
  return command.length > 80 ? `${command.slice(0, 77)}...` : command;
}
