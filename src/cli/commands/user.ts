// `qrcard user ...`: the people registered on a stage, one at a time or all at once.
import { Option, type Command } from 'commander';
import { action } from '../action.js';
import type { UserAddFlags } from '../user/add.js';
import type { UserExportFlags } from '../user/export.js';
import type { UserGetFlags } from '../user/get.js';
import type { UserImportFlags } from '../user/import.js';
import type { UserListFlags } from '../user/list.js';
import type { UserRmFlags } from '../user/rm.js';

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description("people: register, look up, list, remove, export and import the stage's records");
  for (const register of USER_COMMANDS) register(user);
}

/** One entry per subcommand of `qrcard user`. */
const USER_COMMANDS: ReadonlyArray<(user: Command) => void> = [
  addCommand,
  getCommand,
  listCommand,
  rmCommand,
  exportCommand,
  importCommand,
];

function addCommand(user: Command): void {
  user
    .command('add')
    .description('register one person and request their card (asks for missing fields on a terminal)')
    .option('--id <id>', 'user id: 1-64 letters, digits, ".", "_", "@" or "-"')
    .option('--type <id>', "card type id, one of the config's cardTypes")
    .option('--name <text>', 'full name')
    .option('--company <text>', 'company')
    .option('--title <text>', 'job title')
    .option('--phone <number>', "phone number (national numbers use the config's defaultCountry)")
    .option('--email <address>', 'email address')
    .option('--wait', 'wait until the card is ready (or failed) and print where it is')
    .option('--wait-timeout <seconds>', 'how long --wait waits', '60')
    .addHelpText(
      'after',
      '\nExamples:\n  $ qrcard --local user add --id ana --type attendee --name "Ana Souza" --phone "+55 11 98765-4321" --wait\n  $ qrcard user add --type speaker          asks for the rest on a terminal',
    )
    .action(action(async (context, flags: UserAddFlags) => (await import('../user/add.js')).runUserAdd(flags, context)));
}

function getCommand(user: Command): void {
  user
    .command('get')
    .description("one person's record for a card type, or every card of theirs without --type")
    .argument('<id>', 'user id')
    .option('--type <id>', 'card type id')
    .action(action(async (context, id: string, flags: UserGetFlags) => (await import('../user/get.js')).runUserGet(id, flags, context)));
}

function listCommand(user: Command): void {
  user
    .command('list')
    .description('every record, streamed page by page: a table, one JSON document with --json, JSON Lines with --jsonl')
    .option('--type <id>', 'only this card type')
    .option('--status <status>', 'only cards in this state: pending, ready or failed')
    .option('--limit <n>', 'stop after this many records')
    .option('--jsonl', 'one JSON record per line')
    .option('--page-size <n>', 'records read per request', '500')
    .addHelpText('after', '\nExamples:\n  $ qrcard user list --status failed\n  $ qrcard user list --jsonl | jq -r .user_id')
    .action(action(async (context, flags: UserListFlags) => (await import('../user/list.js')).runUserList(flags, context)));
}

function rmCommand(user: Command): void {
  user
    .command('rm')
    .description('remove one card: its record and its image (asks first; --yes to skip, needed without a terminal)')
    .argument('<id>', 'user id')
    .requiredOption('--type <id>', 'card type id')
    .action(action(async (context, id: string, flags: UserRmFlags) => (await import('../user/rm.js')).runUserRm(id, flags, context)));
}

function exportCommand(user: Command): void {
  user
    .command('export')
    .description('every record in the columns `user import` reads, as CSV or JSON Lines (by the extension)')
    .option('-o, --output <file>', 'file.csv, file.jsonl, or - for CSV on stdout', '-')
    .addHelpText('after', '\nExamples:\n  $ qrcard user export -o people.csv\n  $ qrcard --local user export > people.csv')
    .action(action(async (context, flags: UserExportFlags) => (await import('../user/export.js')).runUserExport(flags, context)));
}

function importCommand(user: Command): void {
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
