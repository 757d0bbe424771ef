// `user import` below the CLI: stream the rows, validate each, write the good ones in chunks, request their
// cards, and keep a checkpoint so an interrupted import continues where it stopped. Returns the totals.
import { userError } from '../core/errors.js';
import { planColumns, rowKey, rowValidator, type ColumnPlan, type RowOutcome } from '../core/import-row.js';
import { pendingRecord, type Registration, type RegistrationRules } from '../core/record.js';
import { USER_COLUMNS, type UserColumn } from '../core/user-columns.js';
import type { UserKey } from '../core/users-table-key.js';
import { PUBLISH_BATCH_SIZE, publishWithRetry, type CardRequest, type CardRequests, type RetryOptions } from '../aws/card-requests.js';
import { BATCH_GET_SIZE, BATCH_WRITE_SIZE, TRANSACT_WRITE_SIZE, type UsersBatch } from '../aws/users-batch.js';
import { NO_TOTALS, type Checkpoint, type ImportTotals, type OpenChunk } from './checkpoint.js';
import { decodeText, type ByteCounter } from './decode-text.js';
import { createFirstLines } from './first-lines.js';
import type { ImportProgress } from './progress.js';
import { runPool, slices } from './pool.js';
import { readRows, type InputFormat, type SourceRow } from './read-rows.js';
import { openRejectsFile } from './rejects-file.js';

export type OnConflict = 'skip' | 'overwrite' | 'fail';

/** Rows per chunk: the unit of the checkpoint. Fixed, so a resumed run cuts the file where the first did. */
export const CHUNK_ROWS = 1_000;

export interface ImportInput {
  /** The bytes from the start; called twice for `--on-conflict fail` (a check pass, then the import). */
  open(): AsyncIterable<Uint8Array>;
  /** Size in bytes, for progress; undefined for stdin. */
  readonly size?: number;
}

export interface ImportOptions {
  readonly input: ImportInput;
  /** `--encoding`. Default utf-8. */
  readonly encoding?: string;
  /** `--map header=column`. */
  readonly overrides?: ReadonlyMap<string, UserColumn>;
  readonly rules: RegistrationRules;
  /** Default `skip`. */
  readonly onConflict?: OnConflict;
  /** Send card requests for created records. Default true. */
  readonly cards?: boolean;
  /** Calls in flight at once. Default 8. */
  readonly concurrency?: number;
  readonly rejectsPath: string;
  /** Names card requests `<prefix>-<line>`, for the logs. */
  readonly correlationPrefix: string;
  /** Rows per chunk, the unit of the checkpoint. Default CHUNK_ROWS; a continued run keeps the first run's. */
  readonly chunkRows?: number;
  /** Aborted on Ctrl-C: the chunk under way is finished and checkpointed, then the import stops. */
  readonly stop?: AbortSignal;
}

export interface ImportIo {
  /** The table; absent for a dry run, which only validates. */
  readonly table?: UsersBatch;
  readonly cardRequests?: Pick<CardRequests, 'publishBatch'>;
  /** Absent for stdin and dry runs: nothing to resume. */
  readonly checkpoint?: Checkpoint;
  readonly progress?: (progress: ImportProgress) => void;
  readonly now?: () => Date;
  readonly retry?: RetryOptions;
}

export interface ImportSummary extends ImportTotals {
  readonly dryRun: boolean;
  /** Stopped by Ctrl-C before the end: run the same command again to continue. */
  readonly stopped: boolean;
  /** Rows a checkpoint said were done already, skipped this time. */
  readonly resumedAfterRows: number;
  readonly cardRequestsFailed: number;
  readonly format?: InputFormat;
  /** Set when there were rejects. */
  readonly rejectsPath?: string;
}

interface GoodRow {
  readonly line: number;
  readonly registration: Registration;
}

/** A row judged; a reject carries the row's cells for the rejects file (a good row does not: most rows are good). */
type Judged =
  | { readonly kind: 'good'; readonly row: GoodRow }
  | {
      readonly kind: 'reject';
      readonly line: number;
      readonly field: string;
      readonly reason: string;
      readonly cells: Record<string, string>;
    };

/** Imports `options.input`; a bad row is a reject, never a stop. Throws for a file it cannot read at all. */
export async function importUsers(options: ImportOptions, io: ImportIo): Promise<ImportSummary> {
  const onConflict = options.onConflict ?? 'skip';
  const now = io.now ?? (() => new Date());
  const resume = io.table ? io.checkpoint?.load() : undefined;
  if (io.table && onConflict === 'fail' && !resume) await refuseExisting(options, io.table);

  const started = Date.now();
  const counter: ByteCounter = { bytes: 0 };
  let headers: readonly string[] = USER_COLUMNS;
  let format: InputFormat | undefined;
  const rejects = openRejectsFile(options.rejectsPath, () => headers, resume?.rejectsBytes);
  let totals: ImportTotals = resume?.totals ?? NO_TOTALS;
  let cardRequestsFailed = 0;
  const rowsDone = resume?.rowsDone ?? 0;
  const chunkRows = resume?.chunkRows || options.chunkRows || CHUNK_ROWS;
  const writer = io.table ? chunkWriter(options, io, onConflict) : undefined;
  let chunk: GoodRow[] = [];
  let chunkRejects = 0;
  let rows = 0;
  let stopped = false;

  /** Writes a finished chunk; the next one is read and validated meanwhile, and waits for this to end. */
  const flush = async (good: readonly GoodRow[], rowsEnd: number, rejected: number, rejectsBytes: number) => {
    const open = resume?.open?.rowsEnd === rowsEnd ? resume.open : undefined;
    const stamp = open?.stamp ?? now().toISOString();
    const done = writer
      ? await writer(good, rowsEnd, stamp, open)
      : { imported: good.length, skipped: 0, cardRequests: 0, cardRequestsFailed: 0 };
    cardRequestsFailed += done.cardRequestsFailed;
    totals = {
      rows: rowsEnd,
      imported: totals.imported + done.imported,
      skipped: totals.skipped + done.skipped,
      rejected: totals.rejected + rejected,
      cardRequests: totals.cardRequests + done.cardRequests,
    };
    io.checkpoint?.done(rowsEnd, totals, rejectsBytes, chunkRows);
    io.progress?.({
      rows: rowsEnd,
      bytesRead: counter.bytes,
      totalBytes: options.input.size,
      imported: totals.imported,
      rejected: totals.rejected,
      elapsedMs: Date.now() - started,
    });
  };
  let writing: Promise<void> = Promise.resolve();
  let scheduled = rowsDone;
  const schedule = async () => {
    await writing;
    writing = flush(chunk, rows, chunkRejects, rejects.size());
    // Awaited at the next chunk or the end; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
    scheduled = rows;
    chunk = [];
    chunkRejects = 0;
  };

  try {
    const source = readRows(decodeText(options.input.open(), options.encoding, counter), {
      onFormat: (found) => (format = found),
      onHeader: (found) => {
        columnPlan(found, options.overrides);
        headers = found;
      },
    });
    const outcomes = validated(source, () => (format === 'csv' ? headers : undefined), options);
    for await (const outcome of outcomes) {
      rows++;
      if (rows <= rowsDone) continue;
      if (outcome.kind === 'good') chunk.push(outcome.row);
      else {
        rejects.write({ line: outcome.line, field: outcome.field, reason: outcome.reason, cells: outcome.cells });
        chunkRejects++;
      }
      if (rows % chunkRows === 0) {
        await schedule();
        if (options.stop?.aborted) {
          stopped = true;
          break;
        }
      }
    }
    if (rows === 0) throw userError('import-empty', format === 'csv' ? 'the input has a header but no rows' : 'the input has no rows');
    if (!stopped && rows > scheduled) await schedule();
    await writing;
  } finally {
    rejects.close();
  }
  if (!stopped) io.checkpoint?.remove();
  return {
    ...totals,
    dryRun: io.table === undefined,
    stopped,
    resumedAfterRows: rowsDone,
    cardRequestsFailed,
    ...(format ? { format } : {}),
    ...(totals.rejected > 0 ? { rejectsPath: rejects.path } : {}),
  };
}

/** Each row judged: the schema, then the first occurrence of a key wins and later ones are rejects. */
async function* validated(
  source: AsyncIterable<SourceRow>,
  csvHeaders: () => readonly string[] | undefined,
  options: ImportOptions,
): AsyncGenerator<Judged> {
  const firstLines = createFirstLines();
  const judge = rowValidator(options.rules);
  let plan: ColumnPlan | undefined;
  for await (const row of source) {
    const headers = csvHeaders();
    if (headers && !plan) plan = columnPlan(headers, options.overrides);
    const outcome: RowOutcome = row.unreadable
      ? { kind: 'reject', field: '(record)', reason: row.unreadable }
      : judge(row.fields as Record<string, unknown>, plan ?? options.overrides);
    if (outcome.kind === 'reject') {
      yield { kind: 'reject', line: row.line, field: outcome.field, reason: outcome.reason, cells: cellsOf(row.fields) };
      continue;
    }
    const earlier = firstLines.firstLineOrAdd(rowKey(outcome.registration), row.line);
    if (earlier !== undefined) {
      yield {
        kind: 'reject',
        line: row.line,
        field: 'user_id type',
        reason: `same user_id and type as line ${earlier}; the first one is imported`,
        cells: cellsOf(row.fields),
      };
      continue;
    }
    yield { kind: 'good', row: { line: row.line, registration: outcome.registration } };
  }
}

function columnPlan(headers: readonly string[], overrides: ReadonlyMap<string, UserColumn> | undefined): ColumnPlan {
  const planned = planColumns(headers, overrides);
  if (planned.ok) return planned.plan;
  const problems = [
    ...(planned.unknown.length > 0 ? [`unknown column(s): ${planned.unknown.join(', ')}`] : []),
    ...(planned.missing.length > 0 ? [`missing column(s): ${planned.missing.join(', ')}`] : []),
  ];
  throw userError('import-columns', `the header does not match the people columns: ${problems.join('; ')}`, {
    hint: `the columns are ${USER_COLUMNS.join(', ')}; name others with --map "Header=column", e.g. --map "${planned.unknown[0] ?? 'Mobile No'}=${planned.missing[0] ?? 'phone'}"`,
  });
}

function cellsOf(fields: unknown): Record<string, string> {
  if (typeof fields !== 'object' || fields === null) return {};
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
}

interface ChunkDone {
  readonly imported: number;
  readonly skipped: number;
  readonly cardRequests: number;
  readonly cardRequestsFailed: number;
}

/** Writes one chunk and sends its card requests, journaling each step. */
function chunkWriter(options: ImportOptions, io: ImportIo, onConflict: OnConflict) {
  const table = io.table!;
  const concurrency = options.concurrency ?? 8;

  async function write(chunk: readonly GoodRow[], stamp: string, reopened: boolean): Promise<number[]> {
    if (onConflict === 'overwrite') {
      await runPool(slices(chunk, BATCH_WRITE_SIZE), concurrency, (batch) =>
        table.writeBatch(batch.map((row) => pendingRecord(row.registration, stamp))),
      );
      return chunk.map((row) => row.line);
    }
    // Asking first (100 keys a call) spares a write for every record already there, which makes a second run of
    // the same file cheap; the puts stay conditional, in transactions, for records created in between.
    const existing = new Map<string, string | undefined>();
    for (const found of (
      await runPool(slices(chunk, BATCH_GET_SIZE), concurrency, (batch) => table.existingKeys(batch.map((row) => row.registration)))
    ).flat()) {
      existing.set(rowKey(found), found.created_at);
    }
    // A record carrying this chunk's stamp was written by the run this one continues: it is ours.
    const ours = (row: GoodRow) => reopened && existing.get(rowKey(row.registration)) === stamp;
    const found = chunk.filter((row) => existing.has(rowKey(row.registration)));
    const theirs = found.filter((row) => !ours(row));
    if (onConflict === 'fail') refuseFound(theirs, 'are in the table already');
    const absent = chunk.filter((row) => !existing.has(rowKey(row.registration)));
    const outcomes = (
      await runPool(slices(absent, TRANSACT_WRITE_SIZE), concurrency, (batch) =>
        table.putNewBatch(batch.map((row) => pendingRecord(row.registration, stamp))),
      )
    ).flat();
    const appeared = absent.filter((_, index) => outcomes[index] === 'exists');
    if (onConflict === 'fail') refuseFound(appeared, 'were registered while the import ran');
    const created = new Set([...found.filter(ours), ...absent.filter((_, index) => outcomes[index] === 'created')]);
    return chunk.filter((row) => created.has(row)).map((row) => row.line);
  }

  return async (chunk: readonly GoodRow[], rowsEnd: number, stamp: string, open: OpenChunk | undefined): Promise<ChunkDone> => {
    if (!open) io.checkpoint?.begin(rowsEnd, stamp);
    let created = open?.created;
    if (!created) {
      created = await write(chunk, stamp, open !== undefined);
      io.checkpoint?.written(created);
    }
    const createdLines = new Set(created);
    const sentBefore = new Set(open?.sent ?? []);
    const toSend =
      options.cards === false || !io.cardRequests ? [] : chunk.filter((row) => createdLines.has(row.line) && !sentBefore.has(row.line));
    const sent = await sendCards(toSend, options, io, concurrency);
    const alreadySent = (open?.sent ?? []).filter((line) => createdLines.has(line)).length;
    return {
      imported: created.length,
      skipped: chunk.length - created.length,
      cardRequests: sent.published + alreadySent,
      cardRequestsFailed: sent.failed,
    };
  };
}

async function sendCards(
  rows: readonly GoodRow[],
  options: ImportOptions,
  io: ImportIo,
  concurrency: number,
): Promise<{ published: number; failed: number }> {
  let published = 0;
  let failed = 0;
  await runPool(slices(rows, PUBLISH_BATCH_SIZE), concurrency, async (batch) => {
    const requests: CardRequest[] = batch.map((row) => ({
      user_id: row.registration.user_id,
      type: row.registration.type,
      reason: 'created',
      correlation_id: `${options.correlationPrefix}-${row.line}`,
    }));
    const outcome = await publishWithRetry(io.cardRequests!, requests, io.retry);
    const refused = new Set(outcome.failed.map((entry) => rowKey(entry.request)));
    io.checkpoint?.sent(batch.filter((row) => !refused.has(rowKey(row.registration))).map((row) => row.line));
    published += outcome.published;
    failed += outcome.failed.length;
  });
  return { published, failed };
}

/** `--on-conflict fail` met records of the file in the table at a chunk's writes: what this run wrote before stays. */
function refuseFound(rows: readonly GoodRow[], where: string): void {
  if (rows.length === 0) return;
  throw userError('import-conflict', `${rows.length} record(s) of the file ${where}: ${keyList(rows.map((row) => row.registration))}`, {
    hint: 'the rows before them are imported; run the same command with --on-conflict skip to import the rest and keep those records',
  });
}

/** The first five keys, as `user_id/type`. */
function keyList(keys: readonly UserKey[]): string {
  return `${keys
    .slice(0, 5)
    .map((key) => `${key.user_id}/${key.type}`)
    .join(', ')}${keys.length > 5 ? ', ...' : ''}`;
}

/** `--on-conflict fail`: a first pass asks the table for every key in the file; any found stops the import before a write. */
async function refuseExisting(options: ImportOptions, table: UsersBatch): Promise<void> {
  let headers: readonly string[] | undefined;
  const source = readRows(decodeText(options.input.open(), options.encoding), { onHeader: (found) => (headers = found) });
  let keys: UserKey[] = [];
  const found: UserKey[] = [];
  for await (const outcome of validated(source, () => headers, options)) {
    if (outcome.kind === 'good') keys.push(outcome.row.registration);
    if (keys.length >= 1_000) {
      found.push(...(await table.existingKeys(keys)));
      keys = [];
    }
  }
  found.push(...(await table.existingKeys(keys)));
  if (found.length === 0) return;
  throw userError('import-conflict', `${found.length} record(s) of the file are in the table already: ${keyList(found)}`, {
    hint: 'nothing was written; use --on-conflict skip to keep them or overwrite to replace them',
  });
}
