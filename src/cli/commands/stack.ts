// `qrcard deploy`, `diff`, `status`, `outputs`, `destroy`: the stack's commands and their flags.
import type { Command } from 'commander';
import { action } from '../action.js';
import type { DeployFlags } from '../stack/deploy.js';
import type { DestroyFlags } from '../stack/destroy.js';

export function registerStackCommands(program: Command): void {
  program
    .command('deploy')
    .description('bootstrap if needed, upload code, apply a change set with progress, publish the site, print the URLs')
    .option('--site-dir <dir>', 'built site to publish (default: the packaged site, if built)')
    .option('--no-wait', 'stop instead of waiting when the stack is busy with another operation')
    .addHelpText('after', '\nExamples:\n  $ qrcard deploy\n  $ qrcard --stage prod deploy --yes\n  $ qrcard --local deploy')
    .action(action(async (context, flags: DeployFlags) => (await import('../stack/deploy.js')).runDeploy(flags, context)));

  program
    .command('diff')
    .description('show what a deploy would change (a change set preview, deleted afterwards)')
    .action(action(async (context) => (await import('../stack/diff.js')).runDiff(context)));

  program
    .command('status')
    .description('stack state, last update, drift and outputs')
    .action(action(async (context) => (await import('../stack/status.js')).runStatus(context)));

  program
    .command('outputs')
    .description("the deployed stack's outputs: site URL, API URL, resource names")
    .action(action(async (context) => (await import('../stack/outputs.js')).runOutputs(context)));

  program
    .command('destroy')
    .description("empty the stack's buckets and delete the stack (asks first; --yes to skip)")
    .option('--bootstrap', 'also delete the qrcard-bootstrap stack and its artifacts bucket')
    .addHelpText('after', '\nExamples:\n  $ qrcard --stage test destroy --yes\n  $ qrcard destroy --bootstrap')
    .action(action(async (context, flags: DestroyFlags) => (await import('../stack/destroy.js')).runDestroy(flags, context)));
}
