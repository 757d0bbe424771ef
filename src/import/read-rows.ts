// Rows out of a people file, one at a time with where they start: CSV with a header, JSON Lines, or a
// JSON array, told apart by the first character. Memory stays bounded by the longest row allowed.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import streamArray from 'stream-json/streamers/stream-array.js';
import { once } from 'node:events';
import { errorMessage, QrcardError, userError } from '../core/errors.js';

export type InputFormat = 'csv' | 'jsonl' | 'json';

export interface SourceRow {
  /** CSV and JSON Lines: the line the row starts on (the header is line 1). A JSON array: the element's position, from 1. */
  readonly line: number;
  /** CSV: the cells by header; JSON: the object as written (anything, for the validator to judge). */
  readonly fields: unknown;
  /** Why the row could not even be read as fields (a JSON line that is not JSON, a CSV row of the wrong width). */
  readonly unreadable?: string;
}

export interface ReadRowsOptions {
  /** Called with the CSV header before any row; throw to refuse the file. */
  readonly onHeader?: (headers: readonly string[]) => void;
  /** Called once the format is known. */
  readonly onFormat?: (format: InputFormat) => void;
  /** The longest row accepted, in characters. Default 1 MiB: a person's row is a few hundred. */
  readonly maxRowChars?: number;
}

export const DEFAULT_MAX_ROW_CHARS = 1024 * 1024;

/** The rows of `text`; throws a user error for an empty file, a row over the size limit, or broken JSON array syntax. */
export async function* readRows(text: AsyncIterable<string>, options: ReadRowsOptions = {}): AsyncGenerator<SourceRow> {
  const iterator = text[Symbol.asyncIterator]();
  const { first, format } = await sniff(iterator);
  options.onFormat?.(format);
  const all = prepend(first, iterator);
  const max = options.maxRowChars ?? DEFAULT_MAX_ROW_CHARS;
  if (format === 'csv') yield* csvRows(all, max, options.onHeader);
  else if (format === 'jsonl') yield* jsonLines(all, max);
  else yield* jsonArray(all, max);
}

async function sniff(iterator: AsyncIterator<string>): Promise<{ first: string; format: InputFormat }> {
  let first = '';
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    first += next.value;
    if (first.trim() !== '') break;
  }
  const start = first.replace(/^\uFEFF/, '').trimStart();
  if (start === '') throw userError('import-empty', 'the input is empty', { hint: 'a CSV needs a header row and one row per person' });
  return { first, format: start.startsWith('[') ? 'json' : start.startsWith('{') ? 'jsonl' : 'csv' };
}

async function* prepend(first: string, iterator: AsyncIterator<string>): AsyncGenerator<string> {
  yield first;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    yield next.value;
  }
}

function tooLong(where: string, max: number): Error {
  return userError('import-row-too-long', `${where} is longer than ${max} characters: this is not a file of people`, {
    hint: 'check that the file is the right one and that its quotes are balanced',
  });
}

async function* csvRows(
  text: AsyncIterable<string>,
  max: number,
  onHeader?: (headers: readonly string[]) => void,
): AsyncGenerator<SourceRow> {
  const parser = parse({ bom: true, info: true, max_record_size: max, relax_column_count: true, skip_empty_lines: true });
  const feeding = pipeline(Readable.from(text), parser).catch((error: unknown) => parser.destroy(error as Error));
  let headers: string[] | undefined;
  // Lines are counted here, not taken from csv-parse, which counts a quoted CRLF as two.
  let nextLine = 1;
  let emptyLines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { empty_lines: number } }>) {
      const line = nextLine + info.empty_lines - emptyLines;
      emptyLines = info.empty_lines;
      nextLine = line + lineBreaks(record) + 1;
      if (headers === undefined) {
        headers = record.map((header) => header.trim());
        onHeader?.(headers);
        continue;
      }
      if (record.length !== headers.length) {
        yield { line, fields: cells(headers, record), unreadable: `the row has ${record.length} fields, the header ${headers.length}` };
      } else yield { line, fields: cells(headers, record) };
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'CSV_MAX_RECORD_SIZE') throw tooLong(`the row from line ${nextLine}`, max);
    throw error;
  }
  await feeding;
}

function lineBreaks(record: readonly string[]): number {
  let breaks = 0;
  for (const cell of record) breaks += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  return breaks;
}

function cells(headers: readonly string[], record: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  headers.forEach((header, index) => {
    fields[header] = record[index] ?? '';
  });
  return fields;
}

async function* jsonLines(text: AsyncIterable<string>, max: number): AsyncGenerator<SourceRow> {
  let buffer = '';
  let line = 1;
  for await (const chunk of text) {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const row = jsonLine(buffer.slice(0, newline), line);
      buffer = buffer.slice(newline + 1);
      if (row) yield row;
      line++;
    }
    if (buffer.length > max) throw tooLong(`line ${line}`, max);
  }
  const last = jsonLine(buffer, line);
  if (last) yield last;
}

function jsonLine(text: string, line: number): SourceRow | undefined {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return undefined;
  try {
    return { line, fields: JSON.parse(trimmed) as unknown };
  } catch (error) {
    return { line, fields: {}, unreadable: `not JSON: ${(error as Error).message}` };
  }
}

// Elements are taken from 'data' events rather than async iteration: a stream that fails drops what it
// had buffered, and the elements before a break must still be processed (and counted in the message).
async function* jsonArray(text: AsyncIterable<string>, max: number): AsyncGenerator<SourceRow> {
  const elements = streamArray.withParserAsStream();
  const queue: Array<{ key: number; value: unknown }> = [];
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  let sinceLastElement = 0;
  let seen = 0;
  const signal = () => wake?.();
  elements.on('data', (element: { key: number; value: unknown }) => {
    sinceLastElement = 0;
    queue.push(element);
    if (queue.length >= 256) elements.pause();
    signal();
  });
  elements.on('error', (error) => {
    failure ??= error;
    signal();
  });
  elements.on('end', () => {
    ended = true;
    signal();
  });
  const feeding = (async () => {
    for await (const chunk of text) {
      sinceLastElement += chunk.length;
      if (sinceLastElement > max) throw tooLong(`element ${seen + queue.length + 1} of the array`, max);
      if (!elements.write(chunk)) await once(elements, 'drain');
    }
    elements.end();
  })().catch((error: unknown) => {
    failure ??= error;
    signal();
  });
  for (;;) {
    const element = queue.shift();
    if (element) {
      seen = element.key + 1;
      if (queue.length === 0) elements.resume();
      yield { line: seen, fields: element.value };
      continue;
    }
    if (failure !== undefined) break;
    if (ended) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  await feeding;
  elements.destroy();
  if (failure === undefined) return;
  if (failure instanceof QrcardError) throw failure;
  throw userError('import-json-broken', `the JSON array breaks off after element ${seen}: ${errorMessage(failure)}`, {
    hint: `the ${seen} complete element(s) before the break were processed; close the array (or mend the element after them) and run again`,
  });
}
