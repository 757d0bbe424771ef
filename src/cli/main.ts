// Entry point: parse the command line, run the command, turn failures into one clear report and an exit code.
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { ExitCode, errorCode, toQrcardError, type QrcardError } from '../core/errors.js';
import { createOutput } from './output.js';

const SUCCESS_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

export async function main(argv: readonly string[]): Promise<void> {
  quietSdkNodeVersionWarning();
  process.stdout.on('error', endOnClosedReader);
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (and suggestion) to stderr.
      process.exitCode = SUCCESS_CODES.has(error.code) ? ExitCode.ok : ExitCode.usage;
      return;
    }
    const flags = new Set(argv);
    report(toQrcardError(error), { json: flags.has('--json'), verbose: flags.has('--verbose') || flags.has('-v') });
  }
}

/**
 * The AWS SDK warns on every client's first construction that it will drop Node 20 in January 2027; the CLI
 * supports Node 20 until then (README), so that warning is noise in every command. The SDK's own switch turns off
 * that one warning and nothing else; one set by the user is kept. Function processes get an environment of their own.
 */
function quietSdkNodeVersionWarning(): void {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
}

/** `qrcard ... | head`: once the reader has gone nothing more can be shown, so stop quietly instead of crashing. */
function endOnClosedReader(error: Error): void {
  if (errorCode(error) !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? ExitCode.ok);
}

function report(error: QrcardError, options: { json: boolean; verbose: boolean }): void {
  process.exitCode = error.exitCode;
  if (options.json) {
    const { code, message, hint, details } = error;
    process.stdout.write(`${JSON.stringify({ error: { code, message, details, ...(hint ? { hint } : {}) } }, null, 2)}\n`);
  }
  const output = createOutput();
  const lines = [`${output.style('red', 'error:')} ${error.message}`, ...error.details.map((detail) => `  ${detail}`)];
  if (error.hint) lines.push(`${output.style('dim', 'hint:')} ${error.hint}`);
  if (error.source === 'internal') {
    lines.push(
      options.verbose
        ? String((error.cause instanceof Error ? error.cause.stack : undefined) ?? error.stack)
        : 'run again with --verbose for the stack trace',
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}
