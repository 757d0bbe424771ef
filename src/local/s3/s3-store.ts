// S3 state on disk: one folder per bucket with a metadata journal and one data file per non-empty object,
// indexed in memory. A journal line per write (rather than a JSON file per object) keeps puts to one new file.

import { createHash } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { writeFileAtomically, writeFileAtomicallySync } from '../persistence/atomic-file.js';
import { KeyedSerialQueue } from '../persistence/keyed-serial-queue.js';
import {
  isBucketInfo,
  isJournalLine,
  isMultipartUpload,
  type BucketInfo,
  type JournalLine,
  type MultipartUpload,
  type ObjectMeta,
  type PartSummary,
} from './s3-records.js';

// The record types kept where callers of the store have always found them.
export type { BucketInfo, MultipartUpload, ObjectMeta } from './s3-records.js';

interface BucketState {
  info: BucketInfo;
  objects: Map<string, ObjectMeta>;
  sortedKeys: string[] | undefined;
  uploads: Map<string, MultipartUpload>;
  /** Writes to one key run one after another, so data file and journal line always agree. */
  writes: KeyedSerialQueue;
  /** The journal opened for appending at the bucket's first write, and kept open until the bucket or store closes. */
  journal: number | undefined;
}

const JOURNAL = 'objects.jsonl';

/**
 * Objects up to this size are written before the put returns, blocking the event loop for the few system calls:
 * cheaper than the four trips through the thread pool of an asynchronous write, rename and journal append.
 */
const WRITTEN_AT_ONCE_BYTES = 1024 * 1024;

function newState(info: BucketInfo): BucketState {
  return { info, objects: new Map(), sortedKeys: undefined, uploads: new Map(), writes: new KeyedSerialQueue(), journal: undefined };
}

/** Appends a whole line with as many writes as it takes, on the bucket's journal opened once. */
function appendToJournal(state: BucketState, path: string, line: string): void {
  state.journal ??= openSync(path, 'a');
  const bytes = Buffer.from(line, 'utf8');
  for (let written = 0; written < bytes.length;) written += writeSync(state.journal, bytes, written);
}

function closeJournal(state: BucketState): void {
  if (state.journal === undefined) return;
  const fd = state.journal;
  // Forgotten before it is closed, so no later write can reach a number the system has handed to another file.
  state.journal = undefined;
  closeSync(fd);
}

/** Object files are named by a hash of the key, so any key (slashes, unicode, `..`) maps to one safe file name. */
function objectFileBase(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function isFileMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** The file's JSON if it has the shape `isRecord` checks; undefined when there is no file. */
async function readRecord<T>(path: string, isRecord: (value: unknown) => value is T): Promise<T | undefined> {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isFileMissing(error)) return undefined;
    throw error;
  }
  const value: unknown = JSON.parse(text);
  if (!isRecord(value)) throw new Error(`${path} does not hold what the local S3 wrote there`);
  return value;
}

/** A journal line as a record, or undefined when it is not one the store writes. */
function parseJournalLine(line: string): JournalLine | undefined {
  try {
    const record: unknown = JSON.parse(line);
    return isJournalLine(record) ? record : undefined;
  } catch {
    return undefined;
  }
}

interface Replay {
  readonly lineCount: number;
  /** The journal ends without a newline: an append was cut short, and the next one would join that line. */
  readonly torn: boolean;
}

/**
 * Replays a bucket's journal. Every write ends its line with a newline, so only text after the last newline
 * can be a crash mid-append: it is applied when whole and otherwise forgiven. Any other bad line is refused.
 */
function replayJournal(journal: string, path: string, objects: Map<string, ObjectMeta>): Replay {
  const lines = journal.split('\n');
  const tail = lines.pop() ?? '';
  const apply = (record: JournalLine) => ('put' in record ? objects.set(record.put.key, record.put) : objects.delete(record.delete));
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    const record = parseJournalLine(line);
    if (!record) throw new Error(`${path} line ${index + 1} does not hold what the local S3 wrote there`);
    apply(record);
  }
  const tornRecord = tail === '' ? undefined : parseJournalLine(tail);
  if (tornRecord) apply(tornRecord);
  return { lineCount: lines.length + (tail === '' ? 0 : 1), torn: tail !== '' };
}

/** A bucket's folder indexed: its info, its objects from the journal (compacted when mostly stale), its uploads. */
async function loadBucket(folder: string): Promise<BucketState | undefined> {
  const info = await readRecord(join(folder, 'bucket.json'), isBucketInfo);
  if (!info) return undefined;
  const state = newState(info);
  const journalPath = join(folder, JOURNAL);
  const journal = await readFile(journalPath, 'utf8').catch(() => '');
  const { lineCount, torn } = replayJournal(journal, journalPath, state.objects);
  // Rewritten when torn, so later appends start on a line of their own.
  if (torn || lineCount > state.objects.size * 2 + 100) {
    const compacted = [...state.objects.values()].map((meta) => `${JSON.stringify({ put: meta })}\n`).join('');
    await writeFileAtomically(journalPath, compacted);
  }
  const uploadsDir = join(folder, 'uploads');
  for (const uploadId of await readdir(uploadsDir).catch((): string[] => [])) {
    const upload = await readRecord(join(uploadsDir, uploadId, 'upload.json'), isMultipartUpload);
    if (upload) state.uploads.set(uploadId, upload);
  }
  return state;
}

export class S3Store {
  private readonly buckets = new Map<string, BucketState>();

  private constructor(private readonly dir: string) {}

  /** Opens (creating if needed) a store under `dir` and indexes what is already there. */
  static async open(dir: string): Promise<S3Store> {
    await mkdir(dir, { recursive: true });
    const store = new S3Store(dir);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const state = entry.isDirectory() ? await loadBucket(join(dir, entry.name)) : undefined;
      if (state) store.buckets.set(state.info.name, state);
    }
    return store;
  }

  listBuckets(): BucketInfo[] {
    return [...this.buckets.values()].map((b) => b.info).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  bucket(name: string): BucketInfo | undefined {
    return this.buckets.get(name)?.info;
  }

  async createBucket(name: string): Promise<BucketInfo> {
    const info: BucketInfo = { name, created: new Date().toISOString(), configs: {} };
    await mkdir(join(this.dir, name, 'objects'), { recursive: true });
    await writeFileAtomically(join(this.dir, name, 'bucket.json'), JSON.stringify(info));
    this.buckets.set(name, newState(info));
    return info;
  }

  isEmpty(name: string): boolean {
    return (this.buckets.get(name)?.objects.size ?? 0) === 0;
  }

  async deleteBucket(name: string): Promise<void> {
    const state = this.buckets.get(name);
    if (state) closeJournal(state);
    this.buckets.delete(name);
    await rm(join(this.dir, name), { recursive: true, force: true });
  }

  /** Stores (or with `undefined`, removes) a sub-resource configuration of an existing bucket. */
  async setConfig(name: string, subresource: string, value: string | undefined): Promise<void> {
    const state = this.require(name);
    if (value === undefined) delete state.info.configs[subresource];
    else state.info.configs[subresource] = value;
    await writeFileAtomically(join(this.dir, name, 'bucket.json'), JSON.stringify(state.info));
  }

  sortedKeys(name: string): readonly string[] {
    const state = this.require(name);
    state.sortedKeys ??= [...state.objects.keys()].sort();
    return state.sortedKeys;
  }

  head(bucket: string, key: string): ObjectMeta | undefined {
    return this.buckets.get(bucket)?.objects.get(key);
  }

  async read(bucket: string, key: string): Promise<Buffer> {
    if (this.head(bucket, key)?.size === 0) return Buffer.alloc(0);
    return readFile(this.dataPath(bucket, key));
  }

  /**
   * The object's bytes (or those from `range.start` to `range.end`, inclusive) as a stream read from disk as it
   * is consumed. The file is opened now, so a missing one fails here; a later put or delete does not change
   * what the stream reads.
   */
  async stream(bucket: string, key: string, range?: { readonly start: number; readonly end: number }): Promise<Readable> {
    if (this.head(bucket, key)?.size === 0) return Readable.from([]);
    const handle = await open(this.dataPath(bucket, key), 'r');
    return handle.createReadStream(range === undefined ? {} : { start: range.start, end: range.end });
  }

  /** Closes every bucket's journal; the store is not used after. */
  close(): void {
    for (const state of this.buckets.values()) closeJournal(state);
  }

  /**
   * Empty objects get no data file: folder markers and the like cost one journal line. A key without a data file
   * gets its file written in place, without a temporary file and rename: until its journal line is written the key
   * is not in the index, so no reader opens the file, and a file torn by a crash is never listed and is replaced by
   * the key's next put. A data file that readers may have is replaced atomically.
   */
  put(bucket: string, meta: ObjectMeta, data: Buffer): Promise<void> {
    const state = this.require(bucket);
    return state.writes.run(meta.key, async () => {
      const line = `${JSON.stringify({ put: meta })}\n`;
      const hasDataFile = (state.objects.get(meta.key)?.size ?? 0) > 0;
      if (data.length > 0 && data.length <= WRITTEN_AT_ONCE_BYTES) {
        if (hasDataFile) writeFileAtomicallySync(this.dataPath(bucket, meta.key), data);
        else writeFileSync(this.dataPath(bucket, meta.key), data);
      } else if (data.length > 0) await writeFileAtomically(this.dataPath(bucket, meta.key), data);
      else if (hasDataFile) await rm(this.dataPath(bucket, meta.key), { force: true });
      appendToJournal(state, join(this.dir, bucket, JOURNAL), line);
      if (!state.objects.has(meta.key)) state.sortedKeys = undefined;
      state.objects.set(meta.key, meta);
    });
  }

  delete(bucket: string, key: string): Promise<void> {
    const state = this.require(bucket);
    return state.writes.run(key, async () => {
      if (!state.objects.has(key)) return;
      appendToJournal(state, join(this.dir, bucket, JOURNAL), `${JSON.stringify({ delete: key })}\n`);
      state.objects.delete(key);
      state.sortedKeys = undefined;
      await rm(this.dataPath(bucket, key), { force: true });
    });
  }

  async createUpload(upload: MultipartUpload): Promise<void> {
    const state = this.require(upload.bucket);
    const folder = this.uploadDir(upload.bucket, upload.uploadId);
    await mkdir(folder, { recursive: true });
    await writeFileAtomically(join(folder, 'upload.json'), JSON.stringify(upload));
    state.uploads.set(upload.uploadId, upload);
  }

  upload(bucket: string, uploadId: string): MultipartUpload | undefined {
    return this.buckets.get(bucket)?.uploads.get(uploadId);
  }

  async putPart(upload: MultipartUpload, partNumber: number, data: Buffer): Promise<void> {
    await writeFileAtomically(join(this.uploadDir(upload.bucket, upload.uploadId), `${partNumber}.part`), data);
  }

  /** The part's bytes, or undefined when it was never uploaded. */
  async readPart(upload: MultipartUpload, partNumber: number): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.uploadDir(upload.bucket, upload.uploadId), `${partNumber}.part`));
    } catch (error) {
      if (isFileMissing(error)) return undefined;
      throw error;
    }
  }

  /** The numbers of the parts uploaded so far, ascending. */
  async partNumbers(upload: MultipartUpload): Promise<number[]> {
    const names = await readdir(this.uploadDir(upload.bucket, upload.uploadId)).catch((): string[] => []);
    return names.flatMap((name) => (/^\d+\.part$/.test(name) ? [Number.parseInt(name, 10)] : [])).sort((a, b) => a - b);
  }

  /** A part's size, MD5 and time of upload, or undefined when it was never uploaded. */
  async partSummary(upload: MultipartUpload, partNumber: number): Promise<PartSummary | undefined> {
    const path = join(this.uploadDir(upload.bucket, upload.uploadId), `${partNumber}.part`);
    try {
      const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
      const md5Hex = createHash('md5').update(bytes).digest('hex');
      return { partNumber, size: bytes.length, etag: `"${md5Hex}"`, lastModified: info.mtime.toISOString() };
    } catch (error) {
      if (isFileMissing(error)) return undefined;
      throw error;
    }
  }

  async removeUpload(upload: MultipartUpload): Promise<void> {
    this.buckets.get(upload.bucket)?.uploads.delete(upload.uploadId);
    await rm(this.uploadDir(upload.bucket, upload.uploadId), { recursive: true, force: true });
  }

  private require(name: string): BucketState {
    const state = this.buckets.get(name);
    if (!state) throw new Error(`bucket ${name} does not exist`);
    return state;
  }

  private dataPath(bucket: string, key: string): string {
    return join(this.dir, bucket, 'objects', `${objectFileBase(key)}.bin`);
  }

  private uploadDir(bucket: string, uploadId: string): string {
    return join(this.dir, bucket, 'uploads', uploadId);
  }
}
