// The glue between a command and the deploy core: the stage's inputs, the deploy port over the target's
// clients, and AWS failures explained with their fix.
import type { AwsClients } from '../../aws/clients.js';
import type { Target } from '../../aws/target.js';
import type { Config } from '../../core/config.js';
import { stackName } from '../../core/naming.js';
import { withAwsErrors } from '../../deploy/aws-errors.js';
import type { DeployIo } from '../../deploy/deploy-io.js';
import type { CommandContext } from '../context.js';
import { renderChangeTable } from './change-table.js';

export interface StackInputs {
  readonly config: Config;
  /** The directory the config's relative paths (logo, fonts) are resolved against. */
  readonly configDir: string;
  readonly stage: string;
  readonly stackName: string;
  readonly target: Target;
}

/** The stage, its config and its stack name, aimed at `target` (default: the command's target). */
export async function stackInputs(context: CommandContext, target?: Target): Promise<StackInputs> {
  const [{ config, dir }, stage, resolved] = await Promise.all([context.loadConfig(), context.stage(), target ?? context.target()]);
  return { config, configDir: dir, stage, stackName: stackName(config.app, stage), target: resolved };
}

/** The deploy port over `clients` (default: the command's): CloudFormation and S3, the command's output, a prompt on stderr. */
export async function deployIo(context: CommandContext, clients?: AwsClients): Promise<DeployIo> {
  const { target, ...client } = clients ?? (await context.clients());
  const [cloudformation, s3] = await Promise.all([client.cloudformation(), client.s3()]);
  return {
    target,
    cloudformation,
    s3,
    output: { ...context.output, changeSet: (rows) => context.output.info(renderChangeTable(rows)) },
    confirm: async (message) => {
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message, default: false }, { output: process.stderr });
    },
  };
}

/** Runs `work`, turning AWS credential, permission, region and connection failures into one line with the fix. */
export function withAws<T>(target: Target, work: () => Promise<T>): Promise<T> {
  return withAwsErrors({ target }, work);
}
