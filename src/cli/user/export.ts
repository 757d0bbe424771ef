// `qrcard user export`: every record, a page at a time, in the columns `user import` reads (CSV or JSON
// Lines). A file is written under a temporary name and renamed when complete, so a failed export never
// leaves a partial file under the name asked for.
import { rename, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { userError } from '../../core/errors.js';
import type { UserRecord } from '../../core/record.js';
import { USER_COLUMNS } from '../../core/user-columns.js';
import type { UsersTable } from '../../aws/users-table.js';
import type { CommandContext } from '../context.js';
import { userServices } from './user-services.js';

export interface UserExportFlags {
  /** `file.csv`, `file.jsonl` or `-` (stdout, CSV); default `-`. */
  readonly output?: string;
}

export type ExportFormat = 'csv' | 'jsonl';
export type ExportPlan = { readonly format: ExportFormat; readonly file?: string };

/** Where and how to export, from `-o`: the format follows the file's extension; stdout is CSV. */
export function exportPlan(output: string | undefined): ExportPlan {
  if (output === undefined || output === '-') return { format: 'csv' };
  const extension = path.extname(output).toLowerCase();
  if (extension === '.csv') return { format: 'csv', file: path.resolve(output) };
  if (extension === '.jsonl' || extension === '.ndjson') return { format: 'jsonl', file: path.resolve(output) };
  throw userError('usage', `cannot tell the format of "${output}" from its extension`, {
    hint: 'name the file .csv or .jsonl, or use -o - for CSV on stdout',
  });
}

/** A record's people-file fields, in column order; absent optional fields are left out. */
function peopleFileRow(record: UserRecord): Record<string, string> {
  const row: Record<string, string> = {};
  for (const column of USER_COLUMNS) {
    const value = record[column];
    if (value !== undefined) row[column] = value;
  }
  return row;
}

async function* rows(users: UsersTable, counted: { records: number }): AsyncGenerator<Record<string, string>> {
  for await (const page of users.scan()) {
    for (const record of page) {
      counted.records += 1;
      yield peopleFileRow(record);
    }
  }
}

async function writeRows(source: Readable, format: ExportFormat, destination: Writable, end: boolean): Promise<void> {
  if (format === 'jsonl') {
    await pipeline(source, jsonLines, destination, { end });
    return;
  }
  const { stringify } = await import('csv-stringify');
  await pipeline(source, stringify({ header: true, columns: [...USER_COLUMNS] }), destination, { end });
}

async function* jsonLines(source: AsyncIterable<Record<string, string>>): AsyncGenerator<string> {
  for await (const row of source) yield `${JSON.stringify(row)}\n`;
}

const records = (count: number) => `${count} record${count === 1 ? '' : 's'}`;

export async function runUserExport(flags: UserExportFlags, context: CommandContext): Promise<void> {
  const plan = exportPlan(flags.output);
  const services = await userServices(context);
  const users = await services.users();
  const counted = { records: 0 };
  const source = () => Readable.from(rows(users, counted));
  if (plan.file === undefined) {
    await services.aws(() => writeRows(source(), plan.format, process.stdout, false));
    context.output.info(`exported ${records(counted.records)}`);
    return;
  }
  const file = plan.file;
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  try {
    await services.aws(() => writeRows(source(), plan.format, createWriteStream(partial, { flags: 'wx' }), true));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  context.output.result(
    { file, format: plan.format, records: counted.records },
    `exported ${records(counted.records)} to ${file} (${plan.format === 'csv' ? 'CSV' : 'JSON Lines'})`,
  );
}
