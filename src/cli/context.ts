// What every command receives: global options, the output port, the config, the target and its clients.
import path from 'node:path';
import type { Command } from 'commander';
import { createOutput, type Output } from './output.js';
import { loadConfig, type LoadedConfig } from './load-config.js';
import { resolveTarget, type Target } from '../aws/target.js';
import type { AwsClients } from '../aws/clients.js';
import { once } from '../core/once.js';
import { awaitLocalEngine } from './local-engine.js';

/** Commands that look into or repair a stack, so they run on an engine whose deploy failed. */
const COMMANDS_FOR_A_FAILED_ENGINE: ReadonlySet<string> = new Set(['deploy', 'diff', 'status', 'outputs', 'destroy', 'logs']);

export interface GlobalOptions {
  readonly stage?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly local: boolean;
  readonly endpointUrl?: string;
  readonly config?: string;
  readonly json: boolean;
  readonly yes: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
}

export interface CommandContext {
  readonly options: GlobalOptions;
  readonly output: Output;
  /** True when prompts may be shown: stdin and stderr are terminals and not in CI. */
  readonly canPrompt: boolean;
  loadConfig(): Promise<LoadedConfig>;
  /** The stage: --stage, else the config's default stage. */
  stage(): Promise<string>;
  target(): Promise<Target>;
  clients(): Promise<AwsClients>;
}

export function globalOptions(command: Command): GlobalOptions {
  const raw: Record<string, unknown> = command.optsWithGlobals();
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    stage: text(raw.stage),
    region: text(raw.region),
    profile: text(raw.profile),
    local: Boolean(raw.local),
    endpointUrl: text(raw.endpointUrl),
    config: text(raw.config),
    json: Boolean(raw.json),
    yes: Boolean(raw.yes),
    quiet: Boolean(raw.quiet),
    verbose: Boolean(raw.verbose),
    color: raw.color !== false,
  };
}

/** Where the local engine of a stage keeps its state. */
export function localStateDir(stage: string, cwd = process.cwd()): string {
  return path.join(cwd, '.qrcard', 'local', stage);
}

/** `QRCARD_LOCAL_WAIT_MS`: how long --local waits for a starting or deploying engine (slow machines, CI). */
function localEngineWait(env: NodeJS.ProcessEnv): { timeoutMs?: number } {
  const ms = Number(env.QRCARD_LOCAL_WAIT_MS);
  return env.QRCARD_LOCAL_WAIT_MS && Number.isFinite(ms) && ms >= 0 ? { timeoutMs: ms } : {};
}

export function createContext(command: Command, env: NodeJS.ProcessEnv = process.env): CommandContext {
  const options = globalOptions(command);
  const output = createOutput({
    json: options.json,
    quiet: options.quiet,
    verbose: options.verbose,
    ...(options.color ? {} : { color: false }),
    env,
  });
  const loaded = once(() => loadConfig(options.config));
  const stage = once(async () => options.stage ?? (await loaded()).config.stage);
  const target = once(async () => {
    const name = await stage();
    // An explicit endpoint wins over --local, so only a --local without one waits for the engine.
    const waitsForEngine = options.local && options.endpointUrl === undefined && !env.AWS_ENDPOINT_URL?.trim();
    const engine = waitsForEngine
      ? await awaitLocalEngine({
          stage: name,
          stateDir: localStateDir(name),
          acceptFailed: COMMANDS_FOR_A_FAILED_ENGINE.has(command.name()),
          ...localEngineWait(env),
          say: (line) => output.info(line),
        })
      : undefined;
    return resolveTarget({ flags: options, env, configRegion: (await loaded()).config.region, stage: name, findLocalEngine: () => engine });
  });
  const clients = once(async () => (await import('../aws/clients.js')).createClients(await target()));
  return {
    options,
    output,
    canPrompt: Boolean(process.stdin.isTTY) && output.interactive,
    loadConfig: loaded,
    stage,
    target,
    clients,
  };
}
