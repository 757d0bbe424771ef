// The per-user cache folder qrcard keeps what serves every project on the machine in: the Node runtimes the local
// engine runs functions on, and the built function zips (both qrcard's own, not a project's).
import { homedir } from 'node:os';
import path from 'node:path';

/** `QRCARD_NODE_CACHE`, else `$XDG_CACHE_HOME/qrcard`, else `~/.cache/qrcard`. */
export function defaultUserCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['QRCARD_NODE_CACHE'] ?? path.join(env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache'), 'qrcard');
}
