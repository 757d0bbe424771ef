// Finds external command-line tools that some tests need (zbarimg, ...): a skip reason when one is
// missing on a developer machine, a hard failure when QRCARD_REQUIRE_TOOLS=1 (CI must run them all).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The absolute path of `command` on PATH (or `command` itself when it is a path), if executable. */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = command.includes('/') ? [command] : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  return undefined;
}

/**
 * Undefined when `command` can run; otherwise a reason for `test(name, { skip })` naming the Debian
 * package to install. Throws instead when QRCARD_REQUIRE_TOOLS=1, so CI never skips silently.
 */
export function toolSkipReason(command: string, aptPackage: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (findExecutable(command, env)) return undefined;
  const reason = `${command} not found: apt-get install -y ${aptPackage}`;
  if (env.QRCARD_REQUIRE_TOOLS === '1') throw new Error(`${reason} (QRCARD_REQUIRE_TOOLS=1 requires it)`);
  return reason;
}
