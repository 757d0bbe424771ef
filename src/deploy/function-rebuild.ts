// The function bundles kept warm for `qrcard dev --watch`: one esbuild context per function, so a change
// rebuilds only the functions that import the changed file, with the same settings (and bytes) as a deploy.
import { context, type BuildContext, type Message } from 'esbuild';
import { FUNCTION_IDS, type FunctionId } from '../core/naming.js';
import { NATIVE_PACKAGES } from './bundle.js';
import { functionBuildOptions, functionBundleOf, type FunctionBundle } from './esbuild-bundle.js';
import { functionEntry } from './function-entries.js';

export type FunctionRebuild =
  | { readonly kind: 'built'; readonly bundle: FunctionBundle; readonly inputs: readonly string[] }
  | { readonly kind: 'failed'; readonly errors: readonly string[] };

export interface FunctionRebuilder {
  /** Builds `functionId` again from the files as they are now; a compile error is a value, not a throw. */
  rebuild(functionId: FunctionId): Promise<FunctionRebuild>;
  dispose(): Promise<void>;
}

/** A compile error as `file:line:column: message`, the way editors link to it. */
export function formatBuildMessage(message: Pick<Message, 'text' | 'location'>): string {
  const where = message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ` : '';
  return `${where}${message.text}`;
}

function buildErrors(error: unknown): readonly Message[] | undefined {
  const errors = (error as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors as Message[]) : undefined;
}

/** Contexts for `functions` (default: all) built from the package at `root`. */
export async function createFunctionRebuilder(root: string, functions: readonly FunctionId[] = FUNCTION_IDS): Promise<FunctionRebuilder> {
  const contexts = new Map<FunctionId, BuildContext<{ metafile: true; write: false }>>();
  for (const functionId of functions) {
    const options = functionBuildOptions(
      [{ functionId, entry: functionEntry(functionId, root), root, external: NATIVE_PACKAGES[functionId] ?? [] }],
      root,
    );
    contexts.set(functionId, await context(options));
  }
  return {
    async rebuild(functionId) {
      const esbuild = contexts.get(functionId);
      if (esbuild === undefined) throw new Error(`no build context for ${functionId}`);
      try {
        const result = await esbuild.rebuild();
        return {
          kind: 'built',
          bundle: functionBundleOf(result.outputFiles, root, functionId),
          inputs: Object.keys(result.metafile.inputs),
        };
      } catch (error) {
        const errors = buildErrors(error);
        if (errors === undefined) throw error;
        return { kind: 'failed', errors: errors.map(formatBuildMessage) };
      }
    },
    async dispose() {
      await Promise.all([...contexts.values()].map((esbuild) => esbuild.dispose()));
    },
  };
}
