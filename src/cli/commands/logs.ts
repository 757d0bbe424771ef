// `qrcard logs`: what the functions and the API wrote, merged by time, for a window or as it comes.
import { Option, type Command } from 'commander';
import { action } from '../action.js';
import type { LogsFlags } from '../logs/logs.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerLogsCommands(program: Command): void {
  program
    .command('logs')
    .description("the functions' and the API's log lines merged by time; --follow shows new ones until Ctrl-C")
    .option('--since <time>', 'from this long ago (10m, 2h, 1d) or this ISO time', '10m')
    .option('--until <time>', 'up to this long ago or this ISO time (default: now)')
    .option('--filter <pattern>', 'CloudWatch Logs filter pattern, matched by the service')
    .option('--function <name>', 'only register, get, render or api (repeatable, or a comma list)', collect)
    .addOption(new Option('--level <level>', 'only lines at this level or above').choices(['warn', 'error']))
    .option('--user <id>', "one person's registration across the functions and the API, by its correlation ids")
    .option('--type <id>', 'with --user: only this card type')
    .option('-f, --follow', 'keep showing new lines as they are written, until Ctrl-C')
    .addHelpText(
      'after',
      '\nWith the global --json, each event is one JSON line: the event as FilterLogEvents returns it, its log group and function.\n\nExamples:\n  $ qrcard --local logs --follow\n  $ qrcard logs --since 2h --user ana --type speaker\n  $ qrcard logs --level error --function render --since 1d\n  $ qrcard logs --filter \'{ $.card_status = "failed" }\'',
    )
    .action(action(async (context, flags: LogsFlags) => (await import('../logs/logs.js')).runLogs(flags, context)));
}
