// The rejects CSV: each bad row as it was, plus where it was and why. Written row by row with a plain
// write() before the row is counted, so a crash never loses a reject the summary had already reported.
import { closeSync, ftruncateSync, openSync, rmSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

export const REJECT_COLUMNS = ['line', 'field', 'reason'] as const;

export interface Reject {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
  /** The row's own cells, by the column names of the file. */
  readonly cells: Readonly<Record<string, string>>;
}

export interface RejectsFile {
  readonly path: string;
  /** Appends one reject; the file and its header are created with the first. */
  write(reject: Reject): void;
  /** Bytes written so far (0 while there is no file), for the checkpoint. */
  size(): number;
  close(): void;
}

/**
 * Rejects written to `path` under `columns` (the input's) plus line, field and reason. A fresh run
 * removes an old file; a resumed one keeps the first `resumeAtBytes` bytes, the rejects of rows it skips.
 */
export function openRejectsFile(path: string, columns: () => readonly string[], resumeAtBytes?: number): RejectsFile {
  let fd: number | undefined;
  let written = 0;
  if (resumeAtBytes !== undefined && resumeAtBytes > 0) {
    fd = openSync(path, 'r+');
    ftruncateSync(fd, resumeAtBytes);
    written = resumeAtBytes;
  } else {
    rmSync(path, { force: true });
  }
  const header = () => [...columns().filter((column) => !(REJECT_COLUMNS as readonly string[]).includes(column)), ...REJECT_COLUMNS];
  let names: string[] | undefined;
  const append = (text: string) => {
    written += writeSync(fd!, text, written);
  };
  return {
    path,
    write(reject) {
      names ??= header();
      if (fd === undefined) {
        fd = openSync(path, 'w');
        append(stringify([names]));
      }
      const row = names.map((name) =>
        name === 'line'
          ? String(reject.line)
          : name === 'field'
            ? reject.field
            : name === 'reason'
              ? reject.reason
              : (reject.cells[name] ?? ''),
      );
      append(stringify([row]));
    },
    size: () => (fd === undefined ? 0 : written),
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
