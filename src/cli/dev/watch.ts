// `qrcard dev --watch`: rebuilds what a saved file reaches and puts it into the running engine: the functions
// that bundle it (new invocations run the new code, running ones finish on the old), the page (published to
// the site bucket), or, for the config, the whole stack through the same change-set deploy as `qrcard deploy`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { errorMessage } from '../../core/errors.js';
import { FUNCTION_IDS, type FunctionId } from '../../core/naming.js';
import { createFunctionRebuilder, type FunctionRebuilder } from '../../deploy/function-rebuild.js';
import { createSiteBuilder, type SiteBuilder } from '../../deploy/site-build.js';
import type { LambdaRunner } from '../../local/functions/lambda-runner.js';
import { ChangeBatcher } from './change-batcher.js';
import { codeDirectoryWith } from './swap-code.js';
import { formatReload, planReload, reloadNeeded, type ReloadPlan, type WatchGraph } from './watch-plan.js';

/** Saves closer together than this are one reload. */
export const WATCH_QUIET_MS = 60;

const WATCH_SETTLE_MS = 300;

export interface WatchOptions {
  /** The package whose sources are watched (its src/). */
  readonly root: string;
  /** Where rebuilt code and the rebuilt page are written: `<stateDir>/watch`. */
  readonly workDir: string;
  readonly runner: Pick<LambdaRunner, 'codeDirectory' | 'replaceCode'>;
  /** The deployed name of each function. */
  readonly functionName: (functionId: FunctionId) => string;
  /** The template's inputs on disk: the config file and the files it names. */
  readonly configFiles: () => Promise<readonly string[]>;
  /** Publishes a built page to the stack's site bucket. */
  readonly publishPage: (siteDir: string) => Promise<void>;
  /** Deploys the stack with the config as it is now (publishing `siteDir` when given); resolves with one line on the outcome. */
  readonly deploy: (siteDir: string | undefined) => Promise<string>;
  readonly report: { success(line: string): void; warn(line: string): void };
}

export interface RunningWatch {
  /** Resolves once no reload is running or waiting (tests, benchmarks). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface WatchState {
  readonly functions: FunctionRebuilder;
  readonly site: SiteBuilder | undefined;
  readonly functionInputs: Map<FunctionId, ReadonlySet<string>>;
  siteInputs: ReadonlySet<string>;
  configFiles: ReadonlySet<string>;
  siteDir: string | undefined;
}

/** Builds everything once (to learn each part's inputs), then watches `src/` and the config. */
export async function startWatch(options: WatchOptions): Promise<RunningWatch> {
  const functions = await createFunctionRebuilder(options.root);
  const hasPage = existsSync(path.join(options.root, 'src', 'site', 'main.ts'));
  const site = hasPage ? await createSiteBuilder(options.root, path.join(options.workDir, 'site')) : undefined;
  const state: WatchState = {
    functions,
    site,
    functionInputs: new Map(),
    siteInputs: new Set(),
    configFiles: new Set(),
    siteDir: undefined,
  };
  await Promise.all(
    FUNCTION_IDS.map(async (functionId) => {
      const built = await functions.rebuild(functionId);
      state.functionInputs.set(functionId, new Set(built.kind === 'built' ? built.inputs : []));
    }),
  );
  if (site) state.siteInputs = new Set((await site.build()).inputs);
  state.configFiles = new Set(await options.configFiles());

  const batcher = new ChangeBatcher(WATCH_QUIET_MS, (files) => reload(files, state, options));
  const { watch } = await import('chokidar');
  const sources = path.join(options.root, 'src');
  const watcher = watch([...(existsSync(sources) ? [sources] : []), ...state.configFiles], { ignoreInitial: true });
  watcher.on('all', (_event, file) => batcher.add(path.resolve(file)));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  // chokidar says ready before it sees changes below a watched folder when the list also holds a file yet to be
  // created (the default config path): a save in that moment was lost. Waiting a little closes the gap.
  await new Promise((resolve) => setTimeout(resolve, WATCH_SETTLE_MS));
  return {
    idle: () => batcher.idle(),
    async stop() {
      await watcher.close();
      await batcher.close();
      await Promise.all([functions.dispose(), site?.dispose()]);
    },
  };
}

function graphOf(state: WatchState, root: string): WatchGraph {
  return { root, functionInputs: state.functionInputs, siteInputs: state.siteInputs, configFiles: state.configFiles };
}

/** One batch of changes: rebuilds and swaps what it reaches and prints one line; never rejects. */
async function reload(files: readonly string[], state: WatchState, options: WatchOptions): Promise<void> {
  const plan = planReload(files, graphOf(state, options.root));
  if (!reloadNeeded(plan)) return;
  const started = performance.now();
  try {
    if (plan.deploy) {
      if (plan.site) await buildPage(state, options, plan);
      const line = await options.deploy(state.siteDir);
      state.configFiles = new Set(await options.configFiles());
      options.report.success(`${formatReload('redeployed', plan.changed, performance.now() - started)}: ${line}`);
      return;
    }
    const reloaded: string[] = await reloadFunctions(plan, state, options);
    if (plan.site && (await buildPage(state, options, plan))) {
      await options.publishPage(state.siteDir ?? '');
      reloaded.push('the page');
    }
    if (reloaded.length > 0)
      options.report.success(formatReload(`reloaded ${reloaded.join(', ')}`, plan.changed, performance.now() - started));
  } catch (error) {
    options.report.warn(`reloading after ${plan.changed.join(', ')} failed: ${errorMessage(error)}; the running code stays`);
  }
}

/** Rebuilds the functions the plan names and swaps in those that built; returns their ids. */
async function reloadFunctions(plan: ReloadPlan, state: WatchState, options: WatchOptions): Promise<FunctionId[]> {
  const results = await Promise.all(
    plan.functions.map(async (functionId) => ({ functionId, result: await state.functions.rebuild(functionId) })),
  );
  const failed = results.filter(({ result }) => result.kind === 'failed');
  if (failed.length > 0) {
    const errors = new Set(failed.flatMap(({ result }) => (result.kind === 'failed' ? result.errors : [])));
    const names = failed.map(({ functionId }) => functionId).join(', ');
    const keeps = failed.length === 1 ? 'keeps the code it runs' : 'keep the code they run';
    options.report.warn(`build failed (${plan.changed.join(', ')}): ${names} ${keeps}`);
    for (const error of errors) options.report.warn(`  ${error}`);
  }
  const swapped: FunctionId[] = [];
  for (const { functionId, result } of results) {
    if (result.kind !== 'built') continue;
    state.functionInputs.set(functionId, new Set(result.inputs));
    const name = options.functionName(functionId);
    const current = options.runner.codeDirectory(name);
    if (current === undefined) {
      options.report.warn(`${functionId} is not deployed in the engine yet: its new code goes in with the next deploy`);
      continue;
    }
    const next = await codeDirectoryWith(result.bundle.code.data, current, path.join(options.workDir, 'functions', name));
    options.runner.replaceCode(name, next);
    swapped.push(functionId);
  }
  return swapped;
}

/** Rebuilds the page; a compile error is reported and the published page stays. True when it built. */
async function buildPage(state: WatchState, options: WatchOptions, plan: ReloadPlan): Promise<boolean> {
  if (!state.site) return false;
  try {
    const built = await state.site.build();
    state.siteInputs = new Set(built.inputs);
    state.siteDir = built.outDir;
    return true;
  } catch (error) {
    options.report.warn(`page build failed (${plan.changed.join(', ')}): the published page stays`);
    for (const line of errorMessage(error).split('\n')) options.report.warn(`  ${line}`);
    return false;
  }
}
