// Where each Lambda's entry module is: TypeScript in a checkout, the compiled JavaScript in an install.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionId } from '../core/naming.js';

/** The package root: two levels above this module, from src/deploy or dist/deploy alike. */
export function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The entry file of `functionId`, preferring the source so a checkout bundles what it tests. */
export function functionEntry(functionId: FunctionId, root = packageRoot()): string {
  const candidates = [path.join(root, 'src', 'lambda', `${functionId}.ts`), path.join(root, 'dist', 'lambda', `${functionId}.js`)];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`no entry module for function ${functionId} (looked for ${candidates.join(', ')})`);
  return found;
}
