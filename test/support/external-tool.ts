// Decides whether a test that needs an external program (installed with apt) can run here.

import { accessSync, constants } from 'node:fs';

/**
 * Undefined when `path` is an executable; otherwise the reason to hand to node:test's `skip` option, naming the
 * apt package to install. With QRCARD_REQUIRE_TOOLS=1 (set in CI) a missing tool throws instead, so it fails.
 */
export function toolSkipReason(path: string, aptPackage: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    const reason = `${path} is not installed (apt-get install ${aptPackage})`;
    if (process.env.QRCARD_REQUIRE_TOOLS === '1') throw new Error(`${reason}, and QRCARD_REQUIRE_TOOLS=1 requires it`);
    return reason;
  }
}
