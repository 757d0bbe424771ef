// `qrcard dev`: parse the flags, run the local engine session (loaded only when the command runs).
import type { Command } from 'commander';
import { action } from '../action.js';

export interface DevFlags {
  readonly port?: string;
  readonly sitePort?: string;
  readonly reset?: boolean;
  /** False with --no-deploy: serve the state as it is. */
  readonly deploy: boolean;
}

export function registerDevCommands(program: Command): void {
  program
    .command('dev')
    .description('run the whole stack locally (no Docker, no AWS account): print the site URL, deploy into it, serve until Ctrl-C')
    .option('--port <number>', 'port of the AWS endpoint on 127.0.0.1 (default: a free one)')
    .option('--site-port <number>', 'port of the site on 127.0.0.1 (default: a free one)')
    .option('--reset', "wipe the stage's local data first (asks; --yes to skip the question)")
    .option('--no-deploy', 'serve the local state as it is, without deploying the current stack into it')
    .addHelpText(
      'after',
      '\nState lives in .qrcard/local/<stage>/ and survives restarts; other commands reach the engine with --local.\n\nExamples:\n  $ qrcard dev\n  $ qrcard --stage test dev --port 4566 --site-port 8080\n  $ qrcard dev --reset --yes',
    )
    .action(
      action(async (context, flags: DevFlags) => {
        const { runDev } = await import('../dev.js');
        await runDev(flags, context);
      }),
    );
}
