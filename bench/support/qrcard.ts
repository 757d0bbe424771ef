// How the benchmarks run bin/qrcard: the same bin and environment as the tests, and a temporary project to run it in.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localCliEnv } from '../../test/support/cli.js';
import { seedSharpCache } from '../../test/support/sharp-cache.js';

export { QRCARD_BIN } from '../../test/support/cli.js';

/**
 * The environment of bin/qrcard in a benchmark: plain output, no Node warnings, none of the outside AWS settings
 * (endpoint, region, profile: it talks to its own engine) nor the variables named in `unset`, plus `extra`.
 */
export function benchEnv(extra: NodeJS.ProcessEnv = {}, unset: readonly string[] = []): NodeJS.ProcessEnv {
  return localCliEnv(extra, ['AWS_PROFILE', ...unset]);
}

/** A new empty project under the temporary directory, `qrcard-bench-<name>-…`, with this checkout's sharp binaries. */
export async function benchProject(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `qrcard-bench-${name}-`));
  await seedSharpCache(dir);
  return dir;
}
