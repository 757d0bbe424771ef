// `qrcard user ...`: the operator's commands for people.
import { Option, type Command } from 'commander';
import { action } from '../action.js';
import type { UserImportFlags } from '../user/import.js';

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('people: register, look up, list, remove, export and import');
  user
    .command('import')
    .description('register everyone in a CSV, JSON Lines or JSON array file (or - for stdin); resumable')
    .argument('<file>', 'the file, or - for stdin')
    .addOption(
      new Option('--on-conflict <mode>', 'records already in the table: skip, overwrite, or fail before writing')
        .choices(['skip', 'overwrite', 'fail'])
        .default('skip'),
    )
    .option('--map <header=column>', 'read a header as one of our columns, e.g. --map "Mobile No=phone" (repeatable)', collect, [])
    .option('--rejects <file>', 'where bad rows go (default: <name>.rejects.csv beside the input)')
    .option('--encoding <name>', 'the file is not UTF-8 but this (latin1, windows-1252, utf-16le)')
    .option('--concurrency <n>', 'calls in flight at once (default: 8)')
    .option('--no-cards', 'write the records without requesting their cards')
    .option('--dry-run', 'validate and write the rejects, touching nothing')
    .addOption(new Option('--chunk-rows <n>', 'rows per checkpointed chunk (default 1000)').hideHelp())
    .addHelpText(
      'after',
      '\nExamples:\n  $ qrcard --local user import people.csv\n  $ qrcard user import people.jsonl --on-conflict overwrite\n  $ qrcard user import - --dry-run < people.csv\n\nExit codes: 0 every row imported, 3 some rows rejected (see the rejects file), 1 failed, 130 stopped (run it again to continue).',
    )
    .action(
      action(async (context, file: string, flags: UserImportFlags) =>
        (await import('../user/import.js')).runUserImport(file, flags, context),
      ),
    );
}

/** A repeatable option: each use adds its value (commander's variadic form would swallow the FILE after it). */
function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}
