// Decides whether a test that needs an external program (installed with apt) can run here.

import { spawnSync } from 'node:child_process';
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
    return missing(`${path} is not installed (apt-get install ${aptPackage})`);
  }
}

/** As `toolSkipReason`, for a Python module `python` must import (Debian ships boto3 as python3-boto3). */
export function pythonModuleSkipReason(python: string, module: string, aptPackage: string): string | undefined {
  const interpreter = toolSkipReason(python, 'python3');
  if (interpreter !== undefined) return interpreter;
  const imported = spawnSync(python, ['-c', `import ${module}`], { encoding: 'utf8' });
  return imported.status === 0 ? undefined : missing(`${python} cannot import ${module} (apt-get install ${aptPackage})`);
}

function missing(reason: string): string {
  if (process.env.QRCARD_REQUIRE_TOOLS === '1') throw new Error(`${reason}, and QRCARD_REQUIRE_TOOLS=1 requires it`);
  return reason;
}
