// CloudWatch Logs state: groups and streams in memory, persisted as a JSON file per group and an
// append-only JSON-lines file per stream; retention hides old events at once and prunes them from disk.

import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../persistence/atomic-file.js';
import { KeyedSerialQueue } from '../persistence/keyed-serial-queue.js';
import { errorCode, errorMessage } from '../../core/errors.js';

export interface StoredEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
  /** Store-wide order of arrival; breaks timestamp ties and anchors pagination tokens. */
  readonly seq: number;
}

export interface LogStream {
  readonly name: string;
  readonly creationTime: number;
  /** Sorted by (timestamp, seq). */
  events: StoredEvent[];
  lastIngestionTime: number | undefined;
}

export interface LogGroup {
  readonly name: string;
  readonly creationTime: number;
  retentionInDays: number | undefined;
  readonly streams: Map<string, LogStream>;
}

interface GroupFile {
  readonly name: string;
  readonly creationTime: number;
  readonly retentionInDays?: number;
  readonly streams: Readonly<Record<string, number>>;
}

export const DAY_MS = 86_400_000;

function fileName(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

/** The oldest timestamp a group keeps at `now`; undefined keeps everything. */
export function retentionCutoff(retentionInDays: number | undefined, now: number): number | undefined {
  return retentionInDays === undefined ? undefined : now - retentionInDays * DAY_MS;
}

/** `value` as a group.json, or a reason it is not one. */
function parseGroupFile(value: unknown): GroupFile | string {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const fields = new Map<string, unknown>(Object.entries(value));
  const name = fields.get('name');
  const creationTime = fields.get('creationTime');
  const retentionInDays = fields.get('retentionInDays');
  const streams = fields.get('streams');
  if (typeof name !== 'string' || typeof creationTime !== 'number') return 'no name or creation time';
  if (retentionInDays !== undefined && typeof retentionInDays !== 'number') return 'a retention that is not a number';
  if (typeof streams !== 'object' || streams === null) return 'no streams';
  const streamTimes: Record<string, number> = {};
  for (const [streamName, streamCreation] of Object.entries(streams)) {
    if (typeof streamCreation !== 'number') return `no creation time for stream ${streamName}`;
    streamTimes[streamName] = streamCreation;
  }
  return { name, creationTime, ...(retentionInDays === undefined ? {} : { retentionInDays }), streams: streamTimes };
}

/** One line of a stream file as written by `eventLine`, numbered `seq`; undefined for a torn or foreign line. */
function parseEventLine(line: string, seq: number): StoredEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !('t' in value) || !('m' in value) || !('i' in value)) return undefined;
  const { t, m, i } = value;
  return typeof t === 'number' && typeof m === 'string' && typeof i === 'number'
    ? { timestamp: t, message: m, ingestionTime: i, seq }
    : undefined;
}

function eventLine(event: { timestamp: number; message: string; ingestionTime: number }): string {
  return JSON.stringify({ t: event.timestamp, m: event.message, i: event.ingestionTime });
}

function insertSorted(events: StoredEvent[], event: StoredEvent): void {
  const last = events[events.length - 1];
  if (!last || last.timestamp <= event.timestamp) {
    events.push(event);
    return;
  }
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const probe = events[mid];
    if (probe !== undefined && probe.timestamp <= event.timestamp) low = mid + 1;
    else high = mid;
  }
  events.splice(low, 0, event);
}

/** How long a stream's new lines wait for company before they are written. */
const WRITE_DELAY_MS = 25;

interface PendingBatch {
  readonly key: string;
  /** `group / stream`, for a report of a failed write. */
  readonly label: string;
  readonly path: string;
  readonly lines: string[];
  timer: NodeJS.Timeout | undefined;
}

function streamKey(groupName: string, streamName: string): string {
  return `stream:${groupName}:${streamName}`;
}

export class LogsStore {
  readonly groups = new Map<string, LogGroup>();
  private seq = 0;
  /** Disk writes per file run in order, so a prune never races an append. */
  private readonly queue = new KeyedSerialQueue();
  /** Per stream, the lines appended but not yet handed to the write queue. */
  private readonly batches = new Map<string, PendingBatch>();

  private constructor(
    private readonly dir: string,
    private readonly now: () => number,
    private readonly report: (message: string) => void,
  ) {}

  /** `report` hears of what the store could not read back or write (events it could not save stay readable in memory). */
  static async open(dir: string, now: () => number = Date.now, report: (message: string) => void = () => {}): Promise<LogsStore> {
    await mkdir(dir, { recursive: true });
    const store = new LogsStore(dir, now, report);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const group = await store.loadGroup(join(dir, entry.name, 'group.json'));
      if (group) store.groups.set(group.name, group);
    }
    await store.pruneAll();
    return store;
  }

  /** A group and its streams as saved; undefined, reported, when its group.json cannot be read. */
  private async loadGroup(groupPath: string): Promise<LogGroup | undefined> {
    let file: GroupFile | string;
    try {
      file = parseGroupFile(JSON.parse(await readFile(groupPath, 'utf8')));
    } catch (error) {
      file = errorMessage(error);
    }
    if (typeof file === 'string') {
      this.report(`local logs: ${groupPath} cannot be read (${file}); that log group is left out`);
      return undefined;
    }
    const group: LogGroup = { name: file.name, creationTime: file.creationTime, retentionInDays: file.retentionInDays, streams: new Map() };
    for (const [streamName, creationTime] of Object.entries(file.streams)) {
      group.streams.set(streamName, await this.loadStream(group.name, streamName, creationTime));
    }
    return group;
  }

  /** A stream's events in (timestamp, arrival) order; lines torn by a crash mid-append are skipped and reported. */
  private async loadStream(groupName: string, streamName: string, creationTime: number): Promise<LogStream> {
    const stream: LogStream = { name: streamName, creationTime, events: [], lastIngestionTime: undefined };
    const streamPath = this.streamPath(groupName, streamName);
    const text = await readFile(streamPath, 'utf8').catch((error: unknown) => {
      if (errorCode(error) !== 'ENOENT')
        this.report(`local logs: ${streamPath} cannot be read (${errorMessage(error)}); ${groupName} / ${streamName} starts empty`);
      return ''; // ENOENT: no event was written yet
    });
    let unreadable = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const event = parseEventLine(line, this.seq);
      if (!event) {
        unreadable++;
        continue;
      }
      this.seq++;
      insertSorted(stream.events, event);
      stream.lastIngestionTime = Math.max(stream.lastIngestionTime ?? 0, event.ingestionTime);
    }
    if (unreadable > 0) this.report(`local logs: ${unreadable} unreadable line(s) in ${streamPath} skipped (${groupName} / ${streamName})`);
    return stream;
  }

  async createGroup(name: string, retentionInDays?: number): Promise<LogGroup> {
    const group: LogGroup = { name, creationTime: this.now(), retentionInDays, streams: new Map() };
    this.groups.set(name, group);
    await mkdir(join(this.dir, fileName(name)), { recursive: true });
    await this.saveGroup(group);
    return group;
  }

  async deleteGroup(name: string): Promise<void> {
    const group = this.groups.get(name);
    for (const streamName of group?.streams.keys() ?? []) this.dropBatch(streamKey(name, streamName));
    this.groups.delete(name);
    await this.queue.run(`group:${name}`, () => rm(join(this.dir, fileName(name)), { recursive: true, force: true }));
  }

  async createStream(group: LogGroup, name: string): Promise<LogStream> {
    const stream: LogStream = { name, creationTime: this.now(), events: [], lastIngestionTime: undefined };
    group.streams.set(name, stream);
    await this.saveGroup(group);
    return stream;
  }

  async deleteStream(group: LogGroup, name: string): Promise<void> {
    group.streams.delete(name);
    await this.saveGroup(group);
    this.dropBatch(streamKey(group.name, name));
    await this.queue.run(streamKey(group.name, name), () => rm(this.streamPath(group.name, name), { force: true }));
  }

  async setRetention(group: LogGroup, retentionInDays: number | undefined): Promise<void> {
    group.retentionInDays = retentionInDays;
    await this.saveGroup(group);
    await this.prune(group);
  }

  /**
   * Adds events, visible at once, and resolves; the stream's file gets them shortly after, in one write with
   * whatever else arrives within WRITE_DELAY_MS (a function prints START, END and REPORT for every request).
   */
  append(group: LogGroup, stream: LogStream, events: ReadonlyArray<{ timestamp: number; message: string }>): Promise<void> {
    const ingestionTime = this.now();
    const lines: string[] = [];
    for (const event of events) {
      insertSorted(stream.events, { timestamp: event.timestamp, message: event.message, ingestionTime, seq: this.seq++ });
      lines.push(eventLine({ ...event, ingestionTime }));
    }
    stream.lastIngestionTime = ingestionTime;
    this.batchLines(group, stream, lines);
    return Promise.resolve();
  }

  /** Adds lines to the stream's waiting batch, or starts one that is written after WRITE_DELAY_MS. */
  private batchLines(group: LogGroup, stream: LogStream, lines: string[]): void {
    const key = streamKey(group.name, stream.name);
    const waiting = this.batches.get(key);
    if (waiting) {
      waiting.lines.push(...lines);
      return;
    }
    const batch: PendingBatch = {
      key,
      label: `${group.name} / ${stream.name}`,
      path: this.streamPath(group.name, stream.name),
      lines,
      timer: undefined,
    };
    batch.timer = setTimeout(() => void this.writeBatch(batch), WRITE_DELAY_MS);
    batch.timer.unref();
    this.batches.set(key, batch);
  }

  private writeBatch(batch: PendingBatch): Promise<void> {
    clearTimeout(batch.timer);
    if (this.batches.get(batch.key) === batch) this.batches.delete(batch.key);
    return (
      this.queue
        // Synchronous: a batch is a few lines, for which open, write and close through the thread pool cost more.
        .run(batch.key, () => Promise.resolve().then(() => appendFileSync(batch.path, `${batch.lines.join('\n')}\n`)))
        .catch((error: unknown) => {
          this.report(
            `local logs: ${batch.lines.length} event(s) of ${batch.label} were not saved to ${batch.path} (${errorMessage(error)}); ` +
              'they can be read until the engine stops, not after a restart',
          );
        })
    );
  }

  /** Forgets a stream's unwritten batch: its events are in a rewrite of the file, or the file is gone. */
  private dropBatch(key: string): void {
    const batch = this.batches.get(key);
    if (!batch) return;
    clearTimeout(batch.timer);
    this.batches.delete(key);
  }

  /** Events of a stream within the group's retention. */
  visibleEvents(group: LogGroup, stream: LogStream): readonly StoredEvent[] {
    const cutoff = retentionCutoff(group.retentionInDays, this.now());
    if (cutoff === undefined || (stream.events[0]?.timestamp ?? Infinity) >= cutoff) return stream.events;
    return stream.events.filter((e) => e.timestamp >= cutoff);
  }

  /** Drops expired events from memory and rewrites the files that held any. */
  async pruneAll(): Promise<void> {
    for (const group of this.groups.values()) await this.prune(group);
  }

  /** Resolves once every queued disk write has finished. */
  async flush(): Promise<void> {
    for (const batch of [...this.batches.values()]) void this.writeBatch(batch);
    await this.queue.idle();
  }

  private async prune(group: LogGroup): Promise<void> {
    const cutoff = retentionCutoff(group.retentionInDays, this.now());
    if (cutoff === undefined) return;
    for (const stream of group.streams.values()) {
      if ((stream.events[0]?.timestamp ?? Infinity) >= cutoff) continue;
      stream.events = stream.events.filter((e) => e.timestamp >= cutoff);
      const kept = stream.events.map((e) => `${eventLine(e)}\n`).join('');
      const path = this.streamPath(group.name, stream.name);
      // `kept` holds the unwritten batch's events too; later ones start a batch written after the rewrite.
      this.dropBatch(streamKey(group.name, stream.name));
      await this.queue.run(streamKey(group.name, stream.name), () => writeFileAtomically(path, kept));
    }
  }

  private saveGroup(group: LogGroup): Promise<void> {
    const file: GroupFile = {
      name: group.name,
      creationTime: group.creationTime,
      ...(group.retentionInDays === undefined ? {} : { retentionInDays: group.retentionInDays }),
      streams: Object.fromEntries([...group.streams.values()].map((s) => [s.name, s.creationTime])),
    };
    const path = join(this.dir, fileName(group.name), 'group.json');
    return this.queue.run(`group:${group.name}`, async () => {
      if (!this.groups.has(group.name)) return;
      await mkdir(join(this.dir, fileName(group.name)), { recursive: true });
      await writeFileAtomically(path, JSON.stringify(file));
    });
  }

  private streamPath(groupName: string, streamName: string): string {
    return join(this.dir, fileName(groupName), `${fileName(streamName)}.jsonl`);
  }
}
