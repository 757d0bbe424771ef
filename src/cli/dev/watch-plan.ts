// Pure decisions of `qrcard dev --watch`: which parts of the app a batch of changed files reaches, and
// the one line printed per reload.
import path from 'node:path';
import type { FunctionId } from '../../core/naming.js';

/** What each part of the app is built from, as the last builds reported it. */
export interface WatchGraph {
  /** The package root: the inputs below are relative to it, with `/` separators (as esbuild's metafile has them). */
  readonly root: string;
  /** Each function's bundle inputs. */
  readonly functionInputs: ReadonlyMap<FunctionId, ReadonlySet<string>>;
  /** The page's inputs; empty when the package has no page sources. */
  readonly siteInputs: ReadonlySet<string>;
  /** Absolute paths of the template's inputs on disk: the config file and the files it names. */
  readonly configFiles: ReadonlySet<string>;
}

export interface ReloadPlan {
  /** Functions whose bundle includes a changed file, in FUNCTION_IDS order. */
  readonly functions: readonly FunctionId[];
  /** Whether the page is built from a changed file. */
  readonly site: boolean;
  /** Whether the config changed: the stack is deployed again (which rebuilds what else changed too). */
  readonly deploy: boolean;
  /** The changed files that reach something, as printed: relative to the root when under it. */
  readonly changed: readonly string[];
}

/** A path as the watch lines show it and the metafile names it. */
export function displayPath(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

/** The reload that `changedFiles` (absolute paths) call for. */
export function planReload(changedFiles: Iterable<string>, graph: WatchGraph): ReloadPlan {
  const functions = new Set<FunctionId>();
  const changed: string[] = [];
  let site = false;
  let deploy = false;
  for (const file of new Set(changedFiles)) {
    const shown = displayPath(graph.root, file);
    let reaches = false;
    if (graph.configFiles.has(file)) deploy = reaches = true;
    for (const [functionId, inputs] of graph.functionInputs) {
      if (inputs.has(shown)) {
        functions.add(functionId);
        reaches = true;
      }
    }
    if (graph.siteInputs.has(shown)) site = reaches = true;
    if (reaches) changed.push(shown);
  }
  const order = [...graph.functionInputs.keys()];
  return { functions: order.filter((functionId) => functions.has(functionId)), site, deploy, changed: changed.sort() };
}

/** Whether the plan has any work in it. */
export function reloadNeeded(plan: ReloadPlan): boolean {
  return plan.deploy || plan.site || plan.functions.length > 0;
}

/** The changed files in a line: all of them up to three, else the first three and how many more. */
export function changedFilesText(changed: readonly string[]): string {
  if (changed.length <= 3) return changed.join(', ');
  return `${changed.slice(0, 3).join(', ')} and ${changed.length - 3} more`;
}

/** E.g. `reloaded register-user, get-user (src/core/record.ts) in 310 ms`. */
export function formatReload(what: string, changed: readonly string[], elapsedMs: number): string {
  return `${what} (${changedFilesText(changed)}) in ${Math.round(elapsedMs)} ms`;
}
