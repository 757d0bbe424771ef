// `qrcard init` and `qrcard config`: write and show the configuration.
import type { Command } from 'commander';
import { action } from '../action.js';

export interface InitFlags {
  readonly app?: string;
  readonly stage?: string;
  readonly region?: string;
  readonly architecture?: string;
  readonly country?: string;
  readonly force?: boolean;
}

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
    .action(
      action(async (context, flags: InitFlags) => {
        const { initConfig } = await import('../init-config.js');
        const file = await initConfig(flags, context);
        context.output.result({ file }, `wrote ${file}`);
      }),
    );

  program
    .command('config')
    .description('print the resolved configuration, or every problem in it')
    .action(
      action(async (context) => {
        const loaded = await context.loadConfig();
        if (!loaded.file) context.output.info('no qrcard.config.json here: showing the defaults (`qrcard init` writes one)');
        context.output.result(loaded.config);
      }),
    );
}
