// What every command receives: global options, the output port, the config, the target and its clients.
import path from 'node:path';
import type { Command } from 'commander';
import { createOutput, type Output } from './output.js';
import { loadConfig, type LoadedConfig } from './load-config.js';
import { resolveTarget, type LocalEngine, type Target } from '../aws/target.js';
import type { AwsClients } from '../aws/clients.js';
import { once } from '../core/once.js';
import { isProcessAlive, readEngineRecordSync } from '../local/engine-record.js';

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

/** The running engine recorded for `stage`, if its process is alive. */
export function findLocalEngine(stage: string, cwd = process.cwd()): LocalEngine | undefined {
  const record = readEngineRecordSync(localStateDir(stage, cwd));
  if (record === undefined || !isProcessAlive(record.pid)) return undefined;
  return { endpoint: record.endpoint, ...(record.siteUrl ? { siteUrl: record.siteUrl } : {}) };
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
  const target = once(async () =>
    resolveTarget({
      flags: options,
      env,
      configRegion: (await loaded()).config.region,
      stage: await stage(),
      findLocalEngine: (name) => findLocalEngine(name),
    }),
  );
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
