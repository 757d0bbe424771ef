// `qrcard dev`: run the whole app locally.
import type { Command } from 'commander';
import { action } from '../action.js';
import type { DevFlags } from '../dev/dev.js';

export function registerDevCommands(program: Command): void {
  program
    .command('dev')
    .description('run the whole stack locally (no Docker, no AWS account): print the site URL, deploy into it, serve until Ctrl-C')
    .option('--port <number>', 'port of the AWS endpoint on 127.0.0.1 (default: a free one)')
    .option('--site-port <number>', 'port of the site on 127.0.0.1 (default: a free one)')
    .option('--reset', "wipe the stage's local data first (asks; --yes to skip the question)")
    .option('--no-deploy', 'serve the local state as it is, without deploying the current stack into it')
    .option(
      '--watch',
      'on a save, rebuild and swap in the functions and page it reaches; redeploy on a config change (default: on a terminal)',
    )
    .option('--no-watch', 'serve the code as deployed at start, without watching for changes')
    .addHelpText(
      'after',
      '\nState lives in .qrcard/local/<stage>/ and survives restarts; other commands reach the engine with --local.\n\nExamples:\n  $ qrcard dev\n  $ qrcard --stage test dev --port 4566 --site-port 8080\n  $ qrcard dev --reset --yes\n  $ qrcard dev --no-watch',
    )
    .action(action(async (context, flags: DevFlags) => (await import('../dev/dev.js')).runDev(flags, context)));
}
