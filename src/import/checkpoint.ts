// The import's checkpoint: a small journal beside the input, named by the input's content hash and the
// target, so running the same command again continues where a crash, kill -9 or Ctrl-C left it.
//
// Rows are imported in chunks. For each chunk the journal gets, in order: `begin` (the chunk's end and the
// timestamp its records carry), `written` (which of its rows this run created), `sent` (after each card
// request batch SNS accepted), then `done`, which rewrites the file atomically as one line of totals.
// Appends are plain write() calls: a killed process loses nothing it wrote; a torn last line is ignored.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';

export interface ImportTotals {
  readonly rows: number;
  readonly imported: number;
  readonly skipped: number;
  readonly rejected: number;
  readonly cardRequests: number;
}

export const NO_TOTALS: ImportTotals = { rows: 0, imported: 0, skipped: 0, rejected: 0, cardRequests: 0 };

/** Where the last import of this file into this target stopped. */
export interface ResumePoint {
  /** Data rows (rejects included) fully done: written and their card requests sent. */
  readonly rowsDone: number;
  readonly totals: ImportTotals;
  readonly rejectsBytes: number;
  /** The chunk size the run used; a continuation must cut the file the same way. */
  readonly chunkRows: number;
  /** The chunk under way when it stopped, if it had begun. */
  readonly open?: OpenChunk;
}

export interface OpenChunk {
  readonly rowsEnd: number;
  readonly stamp: string;
  /** Row numbers (their `line`) of records the interrupted run created, once its writes had finished. */
  readonly created?: readonly number[];
  /** Row numbers whose card requests SNS accepted. */
  readonly sent: readonly number[];
}

type Entry =
  | { readonly done: { rowsDone: number; totals: ImportTotals; rejectsBytes: number; chunkRows: number } }
  | { readonly begin: { rowsEnd: number; stamp: string } }
  | { readonly written: readonly number[] }
  | { readonly sent: readonly number[] };

export interface Checkpoint {
  readonly path: string;
  /** The journal's state, or undefined when there is none (a fresh import). */
  load(): ResumePoint | undefined;
  begin(rowsEnd: number, stamp: string): void;
  written(created: readonly number[]): void;
  sent(lines: readonly number[]): void;
  done(rowsDone: number, totals: ImportTotals, rejectsBytes: number, chunkRows: number): void;
  remove(): void;
}

/** SHA-256 of a file's bytes, streamed. */
export async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** `people.csv` -> `people.csv.import-<key>.checkpoint`, the key from the content hash and the target. */
export function checkpointPath(input: string, contentHash: string, target: string): string {
  const key = createHash('sha256').update(`${contentHash}\n${target}`).digest('hex').slice(0, 16);
  return `${input}.import-${key}.checkpoint`;
}

export function openCheckpoint(path: string): Checkpoint {
  const append = (entry: Entry) => appendFileSync(path, `${JSON.stringify(entry)}\n`);
  return {
    path,
    load: () => (existsSync(path) ? replay(readFileSync(path, 'utf8')) : undefined),
    begin: (rowsEnd, stamp) => append({ begin: { rowsEnd, stamp } }),
    written: (created) => append({ written: created }),
    sent: (lines) => append({ sent: lines }),
    done(rowsDone, totals, rejectsBytes, chunkRows) {
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ done: { rowsDone, totals, rejectsBytes, chunkRows } } satisfies Entry)}\n`);
      renameSync(temporary, path);
    },
    remove: () => rmSync(path, { force: true }),
  };
}

/** The state a journal's lines add up to; a line cut short by a crash ends the replay. */
export function replay(text: string): ResumePoint | undefined {
  let point: ResumePoint = { rowsDone: 0, totals: NO_TOTALS, rejectsBytes: 0, chunkRows: 0 };
  let any = false;
  for (const line of text.split('\n')) {
    let entry: Entry;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      break;
    }
    any = true;
    if ('done' in entry) point = { ...entry.done };
    else if ('begin' in entry) point = { ...point, open: { ...entry.begin, sent: [] } };
    else if ('written' in entry && point.open) point = { ...point, open: { ...point.open, created: entry.written } };
    else if ('sent' in entry && point.open) point = { ...point, open: { ...point.open, sent: [...point.open.sent, ...entry.sent] } };
  }
  return any ? point : undefined;
}
