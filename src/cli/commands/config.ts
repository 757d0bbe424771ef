// `qrcard init` and `qrcard config`: write and show the configuration.
import type { Command } from 'commander';
import { action } from '../action.js';
import type { InitFlags } from '../config/init.js';

export function registerConfigCommands(program: Command): void {
  program
    .command('init')
    .description('write qrcard.config.json (asks on a terminal, takes flags otherwise)')
    .option('--app <name>', 'app name, used in every resource name (default: qrcard)')
    .option('--stage <name>', 'default stage (default: dev)')
    .option('--region <region>', 'default AWS region (default: us-east-1)')
    .option('--architecture <arch>', 'Lambda architecture: arm64 or x86_64 (default: arm64)')
    .option('--country <code>', 'country for phone numbers without +code (default: US)')
    .option('-f, --force', 'overwrite an existing file')
    .addHelpText('after', '\nExample:\n  $ qrcard init --app badges --region eu-west-1 --country PT')
    .action(action(async (context, flags: InitFlags) => (await import('../config/init.js')).runInit(flags, context)));

  program
    .command('config')
    .description('print the resolved configuration, or every problem in it')
    .action(action(async (context) => (await import('../config/show.js')).runShowConfig(context)));
}
