// The commander program: global options, help, and the command groups (each loads its work lazily).
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { registerConfigCommands } from './commands/config.js';
import { registerSynthCommands } from './commands/synth.js';
import { registerStackCommands } from './commands/stack.js';
import { registerBuildCommands } from './commands/build.js';
import { registerCardCommands } from './commands/card.js';
import { registerDevCommands } from './commands/dev.js';
import { registerUserCommands } from './commands/user.js';
import { registerLogsCommands } from './commands/logs.js';

/** Each group adds its commands; implementations are imported only when a command runs. */
const COMMAND_GROUPS: ReadonlyArray<(program: Command) => void> = [
  registerConfigCommands,
  registerSynthCommands,
  registerBuildCommands,
  registerStackCommands,
  registerCardCommands,
  registerDevCommands,
  registerUserCommands,
  registerLogsCommands,
];

const EXAMPLES = `
Examples:
  $ qrcard dev                        run the whole app locally; prints the site URL
  $ qrcard --local deploy             deploy the current code into the running local engine
  $ qrcard card preview --name 홍길동 --phone "+82 10-1234-5678" -o card.png
  $ qrcard --stage prod diff          what a deploy to AWS would change
  $ qrcard --stage prod deploy --yes

Targets: --endpoint-url or AWS_ENDPOINT_URL first, then --local (the running \`qrcard dev\`), else AWS.
Exit codes: 0 ok, 1 failed, 2 usage error, 3 partly done.`;

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

export function buildProgram(): Command {
  const program = new Command('qrcard')
    .description('Provision and operate the QR card app on AWS, or run it all locally with `qrcard dev`.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('-s, --stage <name>', "stage to work on (default: the config file's stage)")
    .option('-r, --region <region>', "AWS region (default: AWS_REGION, else the config file's region)")
    .option('--profile <name>', 'AWS named profile (default: AWS_PROFILE or the default chain)')
    .option('--local', 'talk to the running `qrcard dev` engine of this stage')
    .addOption(
      new Option('--endpoint-url <url>', 'send AWS calls to this endpoint (LocalStack, any AWS-compatible one)').env('AWS_ENDPOINT_URL'),
    )
    .option('-c, --config <file>', 'config file (default: ./qrcard.config.json)')
    .option('--json', 'print the result as one JSON document')
    .option('-y, --yes', 'answer yes to confirmations')
    .option('-q, --quiet', 'print results and errors only')
    .option('-v, --verbose', 'print debug detail and stack traces')
    .option('--no-color', 'plain output without colours')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES)
    // Throw instead of exiting, so main() sets the exit code and output flushes; subcommands inherit it.
    .exitOverride();
  for (const register of COMMAND_GROUPS) register(program);
  return program;
}
