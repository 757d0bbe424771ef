// What the SNS actions run over: topics and subscriptions as last saved, changed one at a time and kept only
// once on disk, and the queue that delivers published messages.

import { readFile } from 'node:fs/promises';
import { KeyedSerialQueue } from '../persistence/keyed-serial-queue.js';
import type { Delivery } from './sns-delivery.js';

export interface Topic {
  readonly arn: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface Subscription {
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The saved part of SNS, as `sns.json` holds it. */
export interface SnsRecords {
  readonly topics: readonly Topic[];
  readonly subscriptions: readonly Subscription[];
}

/** What a change decided: the records to save (none: nothing changes) and what the action answers. */
export interface SnsChange<T> {
  readonly next?: SnsRecords;
  readonly result: T;
}

export interface SnsState {
  /** Topics and subscriptions as last saved. */
  readonly saved: SnsRecords;
  /**
   * Runs `decide` once every change queued before it has finished, over the records those left. Its `next` is
   * kept only once saved: a failed save leaves nothing behind, and the next change starts from the last saved
   * records. Whatever `decide` throws rejects this change alone.
   */
  change<T>(decide: (saved: SnsRecords) => SnsChange<T>): Promise<T>;
  /** Resolves once no change is queued or running. */
  settled(): Promise<void>;
  /** Where Publish hands each message for a lambda subscription. */
  readonly deliveries: { enqueue(delivery: Delivery): void };
}

export interface SnsStateOptions {
  readonly records: SnsRecords;
  /** Stores the records for good; rejects when it could not. */
  readonly save: (records: SnsRecords) => Promise<void>;
  readonly deliveries: SnsState['deliveries'];
}

export function createSnsState(options: SnsStateOptions): SnsState {
  let saved = options.records;
  const changes = new KeyedSerialQueue();
  return {
    get saved() {
      return saved;
    },
    change(decide) {
      return changes.run('records', async () => {
        const { next, result } = decide(saved);
        if (next) {
          await options.save(next);
          saved = next;
        }
        return result;
      });
    },
    settled: () => changes.idle(),
    deliveries: options.deliveries,
  };
}

export const noRecords: SnsRecords = { topics: [], subscriptions: [] };

/** The records saved at `path`; none when the file does not exist yet. */
export async function readSnsRecords(path: string): Promise<SnsRecords> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return noRecords;
    throw error;
  }
  return parseSnsRecords(text, path);
}

/** Checks the shape of a saved state file; throws naming `source` when it is not one. */
export function parseSnsRecords(text: string, source: string): SnsRecords {
  const parsed: unknown = JSON.parse(text);
  const topics = isObject(parsed) ? parsed.topics : undefined;
  const subscriptions = isObject(parsed) ? parsed.subscriptions : undefined;
  if (!Array.isArray(topics) || !Array.isArray(subscriptions)) throw new Error(`${source}: not an SNS state file`);
  return {
    topics: topics.map((item, index) => topicOf(item) ?? malformed(source, `topic ${index + 1}`)),
    subscriptions: subscriptions.map((item, index) => subscriptionOf(item) ?? malformed(source, `subscription ${index + 1}`)),
  };
}

function malformed(source: string, what: string): never {
  throw new Error(`${source}: ${what} is malformed`);
}

function topicOf(value: unknown): Topic | undefined {
  if (!isObject(value)) return undefined;
  const { arn, name } = value;
  const attributes = stringMap(value.attributes);
  if (typeof arn !== 'string' || typeof name !== 'string' || attributes === undefined) return undefined;
  return { arn, name, attributes };
}

function subscriptionOf(value: unknown): Subscription | undefined {
  if (!isObject(value)) return undefined;
  const { arn, topicArn, protocol, endpoint } = value;
  const attributes = stringMap(value.attributes);
  if (typeof arn !== 'string' || typeof topicArn !== 'string' || typeof protocol !== 'string' || typeof endpoint !== 'string')
    return undefined;
  return attributes === undefined ? undefined : { arn, topicArn, protocol, endpoint, attributes };
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const map: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') return undefined;
    map[key] = item;
  }
  return map;
}
