// `qrcard build`: the Lambda functions as deterministic zips.
import { Option, type Command } from 'commander';
import { action } from '../action.js';
import type { BuildFlags } from '../build/build.js';

export function registerBuildCommands(program: Command): void {
  program
    .command('build')
    .description('bundle the Lambda functions into deterministic zips (same source, same bytes)')
    .addOption(new Option('--arch <arch>', "Lambda architecture (default: the config's, else arm64)").choices(['arm64', 'x86_64']))
    .option('-o, --output <dir>', 'directory for the zips (default: .qrcard/build/<arch>)')
    .addHelpText('after', '\nExamples:\n  $ qrcard build\n  $ qrcard build --arch x86_64 -o out --json')
    .action(action(async (context, flags: BuildFlags) => (await import('../build/build.js')).runBuild(flags, context)));
}
