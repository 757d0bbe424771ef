// Gives a test project the sharp Lambda binaries this checkout has already downloaded, as any earlier
// build on a machine would, so an end-to-end build does not install them from the registry again.
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHECKOUT_CACHE = fileURLToPath(new URL('../../.qrcard/cache', import.meta.url));

export async function seedSharpCache(projectDir: string): Promise<void> {
  if (!existsSync(CHECKOUT_CACHE)) return;
  // A `.partial` directory is another test's download still being written: copying it would race.
  await cp(CHECKOUT_CACHE, path.join(projectDir, '.qrcard', 'cache'), {
    recursive: true,
    filter: (source) => !source.endsWith('.partial'),
  });
}
