// `qrcard user import FILE`: gathers the stage's table and topic, the file and the flags, runs the import
// with progress, and prints the summary. Ctrl-C finishes the rows under way and says how to continue.
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { ExitCode, userError } from '../../core/errors.js';
import type { Progress } from '../../core/reporter.js';
import { parseColumnOverrides } from '../../core/import-row.js';
import type { Target } from '../../aws/target.js';
import { createCardRequests } from '../../aws/card-requests.js';
import { createUsersBatch } from '../../aws/users-batch.js';
import { checkpointPath, fileHash, openCheckpoint, type Checkpoint } from '../../import/checkpoint.js';
import { importUsers, type ImportIo, type ImportSummary, type OnConflict } from '../../import/import-users.js';
import { describeProgress } from '../../import/progress.js';
import type { CommandContext } from '../context.js';
import { stackResources } from '../stack-resources.js';

export interface UserImportFlags {
  readonly onConflict: OnConflict;
  readonly map?: string[];
  readonly rejects?: string;
  readonly encoding?: string;
  readonly concurrency?: string;
  readonly cards: boolean;
  readonly dryRun?: boolean;
  /** Hidden: rows per checkpointed chunk, so tests can interrupt small files between chunks. */
  readonly chunkRows?: string;
}

/** Exit code of an import stopped by Ctrl-C, as shells report a process ended by SIGINT. */
const STOPPED_EXIT_CODE = 130;
/** Off a terminal, a progress line at most this often. */
const PLAIN_PROGRESS_MS = 5_000;
/**
 * How far V8 lets the heap grow past what the last full collection kept, in percent. An import keeps
 * little (the seen keys live outside the heap) but makes garbage fast, and V8's own choice, up to four
 * times, took a million-row file to 100 MB of heap for 20 MB of live data. This is a growth rate, not a
 * limit: a file whose rows really need more memory still gets it. V8 reads the flag at each collection.
 */
const IMPORT_HEAP_GROWING_PERCENT = 50;

export async function runUserImport(file: string, flags: UserImportFlags, context: CommandContext): Promise<void> {
  const stdin = file === '-';
  const size = stdin ? undefined : inputSize(file);
  const overrides = parseColumnOverrides(flags.map ?? []);
  if (!overrides.ok) throw userError('usage', overrides.reason);
  const concurrency = flags.concurrency === undefined ? 8 : parseWholeNumber('--concurrency', flags.concurrency, 1, 256);
  if (stdin && flags.onConflict === 'fail') {
    throw userError('usage', '--on-conflict fail reads the input twice and needs a file, not stdin', {
      hint: 'save the input to a file first',
    });
  }
  const { config } = await context.loadConfig();
  const stage = await context.stage();
  const rejectsPath = flags.rejects ?? defaultRejectsPath(file);
  const io = flags.dryRun ? {} : await tableIo(context, stdin ? undefined : file, stage);

  setFlagsFromString(`--heap-growing-percent=${IMPORT_HEAP_GROWING_PERCENT}`);
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) return;
    stop.abort();
    context.output.warn('stopping: finishing the rows under way and saving the checkpoint (Ctrl-C again does not hurry it)');
  };
  process.on('SIGINT', onSigint);
  const progress = await context.output.progress(flags.dryRun ? 'checking rows' : 'importing');
  let lastLine = 0;
  let summary: ImportSummary;
  try {
    summary = await importUsers(
      {
        input: {
          open: () => (stdin ? process.stdin : createReadStream(file, { highWaterMark: 256 * 1024 })),
          ...(size === undefined ? {} : { size }),
        },
        ...(flags.encoding ? { encoding: flags.encoding } : {}),
        overrides: overrides.overrides,
        rules: { cardTypes: config.cardTypes.map((type) => type.id), defaultCountry: config.defaultCountry },
        onConflict: flags.onConflict,
        cards: flags.cards,
        concurrency,
        ...(flags.chunkRows ? { chunkRows: parseWholeNumber('--chunk-rows', flags.chunkRows, 1, 100_000) } : {}),
        rejectsPath,
        correlationPrefix: `import-${Date.now().toString(36)}`,
        stop: stop.signal,
      },
      {
        ...io,
        progress: (state) => {
          if (!context.output.live && Date.now() - lastLine < PLAIN_PROGRESS_MS) return;
          lastLine = Date.now();
          progress.update(describeProgress(state));
        },
      },
    );
  } catch (error) {
    progress.fail(flags.dryRun ? 'check failed' : 'import failed');
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    io.close?.();
  }
  report(summary, context, progress);
}

interface TableIo extends ImportIo {
  close?(): void;
}

async function tableIo(context: CommandContext, file: string | undefined, stage: string): Promise<TableIo> {
  const { tableName, topicArn } = await stackResources(context);
  const target = await context.target();
  const clients = await context.clients();
  const [dynamodb, sns] = await Promise.all([clients.dynamodb(), clients.sns()]);
  let checkpoint: Checkpoint | undefined;
  if (file) checkpoint = openCheckpoint(checkpointPath(file, await fileHash(file), `${stage}|${describeTarget(target)}|${tableName}`));
  return {
    table: createUsersBatch(dynamodb, tableName),
    cardRequests: createCardRequests(sns, topicArn),
    ...(checkpoint ? { checkpoint } : {}),
    close: () => clients.destroy(),
  };
}

function report(summary: ImportSummary, context: CommandContext, progress: Progress): void {
  const { output } = context;
  const verb = summary.dryRun ? 'would import' : 'imported';
  const line = [
    `${summary.rows} rows: ${summary.imported} ${verb}`,
    ...(summary.dryRun ? [] : [`${summary.skipped} skipped as existing`]),
    `${summary.rejected} rejected`,
    ...(summary.dryRun ? [] : [`${summary.cardRequests} card requests sent`]),
  ].join(', ');
  if (summary.stopped) progress.fail(`stopped after ${summary.rows} rows`);
  else if (summary.cardRequestsFailed > 0) progress.fail(line);
  else if (summary.rejected > 0) progress.warn(line);
  else progress.succeed(line);
  if (summary.resumedAfterRows > 0) output.info(`continued after row ${summary.resumedAfterRows}, where the last run stopped`);
  if (summary.rejectsPath) output.info(`rejected rows, with line and reason: ${summary.rejectsPath}`);
  if (summary.cardRequestsFailed > 0) output.warn(`${summary.cardRequestsFailed} card request(s) were refused by SNS`);
  if (summary.stopped) output.info(`to continue, run the same command again: qrcard ${process.argv.slice(2).join(' ')}`);
  output.result(summary, '');
  process.exitCode = summary.stopped
    ? STOPPED_EXIT_CODE
    : summary.cardRequestsFailed > 0
      ? ExitCode.failed
      : summary.rejected > 0
        ? ExitCode.partial
        : ExitCode.ok;
}

function describeTarget(target: Target): string {
  return target.kind === 'aws' ? `aws:${target.region}` : target.endpoint;
}

function inputSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    throw userError('import-unreadable', `cannot read ${file}`, { hint: 'check the path, or use - to read stdin' });
  }
}

function parseWholeNumber(flag: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw userError('usage', `${flag} ${value}: expected a whole number from ${min} to ${max}`);
  }
  return parsed;
}

/** `people.csv` -> `people.rejects.csv` beside it; stdin -> `stdin.rejects.csv` here. */
export function defaultRejectsPath(file: string): string {
  if (file === '-') return 'stdin.rejects.csv';
  const parsed = path.parse(file);
  return path.join(parsed.dir, `${parsed.name}.rejects.csv`);
}
