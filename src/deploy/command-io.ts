// The imperative shell around the deploy core for the CLI: clients, prompts and build inputs from a command context.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import type { Config } from '../core/config.js';
import { stackName } from '../core/naming.js';
import type { Target } from '../aws/target.js';
import type { DeployIo } from './deploy-io.js';
import type { DeployOptions } from './deploy-stack.js';
import type { Artifact } from './publish-artifacts.js';
import { packageRoot } from './function-entries.js';

/** The io a deploy module needs, from the CLI context: its clients, its output port, and a stderr prompt. */
export async function deployIo(context: CommandContext): Promise<DeployIo> {
  const clients = await context.clients();
  const [cloudformation, s3] = await Promise.all([clients.cloudformation(), clients.s3()]);
  return {
    target: clients.target,
    cloudformation,
    s3,
    output: context.output,
    confirm: async (message) => {
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message, default: false }, { output: process.stderr });
    },
  };
}

export interface StackInputs {
  readonly config: Config;
  readonly configDir: string;
  readonly stage: string;
  readonly stackName: string;
  readonly target: Target;
}

export async function stackInputs(context: CommandContext): Promise<StackInputs> {
  const { config, dir } = await context.loadConfig();
  const stage = await context.stage();
  return { config, configDir: dir, stage, stackName: stackName(config.app, stage), target: await context.target() };
}

/**
 * Lambda architecture of the zips: the config's for AWS and other endpoints; the host's for the local
 * engine, which runs the functions on this machine.
 */
export function buildArchitecture(config: Config, target: Target): 'arm64' | 'x86_64' {
  if (target.kind !== 'local') return config.architecture;
  return process.arch === 'arm64' ? 'arm64' : 'x86_64';
}

/** The stage's CloudFormation template as plain data. */
export async function stackTemplate(inputs: StackInputs): Promise<Record<string, unknown>> {
  const { buildTemplate } = await import('../templates/build-template.js');
  return buildTemplate({ config: inputs.config, stage: inputs.stage }) as unknown as Record<string, unknown>;
}

export interface BuiltStack {
  readonly template: Record<string, unknown>;
  readonly artifacts: Artifact[];
}

/** Deploy options from a stage's inputs and built code; confirmation follows the command's --yes and terminal. */
export function deployOptions(
  inputs: StackInputs,
  built: BuiltStack,
  context: CommandContext,
  extra: Pick<DeployOptions, 'siteDir' | 'waitForRunning'> = {},
): DeployOptions {
  return {
    stackName: inputs.stackName,
    stage: inputs.stage,
    template: built.template,
    artifacts: built.artifacts,
    config: inputs.config,
    configDir: inputs.configDir,
    ...(extra.siteDir ? { siteDir: extra.siteDir } : {}),
    ...(extra.waitForRunning === undefined ? {} : { waitForRunning: extra.waitForRunning }),
    yes: context.options.yes,
    canPrompt: context.canPrompt,
  };
}

/** The template and function zips of a stage, built under `.qrcard/build/<stage>` (reused while their inputs are unchanged). */
export async function buildStack(inputs: StackInputs, context: CommandContext): Promise<BuiltStack> {
  const [template, cache] = await Promise.all([stackTemplate(inputs), import('./build-cache.js')]);
  const outDir = path.join(process.cwd(), '.qrcard', 'build', inputs.stage);
  const architecture = buildArchitecture(inputs.config, inputs.target);
  const fingerprint = await cache.buildFingerprint(packageRoot(), { architecture });
  const cached = await cache.cachedArtifacts(outDir, fingerprint);
  if (cached) {
    context.output.debug(`functions unchanged since the last build: reusing ${outDir}`);
    return { template, artifacts: cached };
  }
  const { buildArtifacts } = await import('./bundle.js');
  const progress = await context.output.progress('building functions');
  try {
    const artifacts = await buildArtifacts({ outDir, architecture }, { info: (message) => context.output.debug(message) });
    await cache.recordArtifacts(outDir, fingerprint, artifacts);
    progress.succeed(`built ${artifacts.length} functions`);
    return { template, artifacts };
  } catch (error) {
    progress.fail('building functions failed');
    throw error;
  }
}

/** The site to publish: --site-dir, else the built site in the package (dist/site), else none. */
export function siteDirectory(flag: string | undefined): string | undefined {
  if (flag !== undefined) return path.resolve(flag);
  const built = path.join(packageRoot(), 'dist', 'site');
  return existsSync(path.join(built, 'index.html')) ? built : undefined;
}
