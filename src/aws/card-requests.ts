// Card requests on the SNS topic: the message names a record's key and why, never personal data.
import { PublishBatchCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { createBackoff, type BackoffOptions } from '../core/backoff.js';
import type { UserKey } from '../core/users-table-key.js';

export type CardRequestReason = 'created' | 'regen';

/** The SNS message body (a JSON string in `Message`). */
export interface CardRequest extends UserKey {
  readonly reason: CardRequestReason;
  readonly correlation_id: string;
}

/** SNS accepts at most ten entries per PublishBatch. */
export const PUBLISH_BATCH_SIZE = 10;

export interface BatchOutcome {
  readonly published: number;
  /** Requests SNS refused, with its reason; `senderFault` when sending the same again cannot help. */
  readonly failed: ReadonlyArray<{ readonly request: CardRequest; readonly reason: string; readonly senderFault: boolean }>;
}

export interface CardRequests {
  readonly topicArn: string;
  publish(request: CardRequest): Promise<void>;
  /** Publishes in batches of ten; per-entry refusals come back as values. */
  publishBatch(requests: readonly CardRequest[]): Promise<BatchOutcome>;
}

/** Only the four agreed fields, so nothing else can leak into a message. */
export function cardRequestMessage(request: CardRequest): string {
  return JSON.stringify({ user_id: request.user_id, type: request.type, reason: request.reason, correlation_id: request.correlation_id });
}

/** Reads a message back, or says why it is not a card request. */
export function parseCardRequest(message: string): { ok: true; value: CardRequest } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return { ok: false, reason: 'message is not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'message is not an object' };
  const fields = value as Record<string, unknown>;
  const { user_id, type, reason, correlation_id } = fields;
  if (typeof user_id !== 'string' || user_id === '') return { ok: false, reason: 'message has no user_id' };
  if (typeof type !== 'string' || type === '') return { ok: false, reason: 'message has no type' };
  if (reason !== 'created' && reason !== 'regen') return { ok: false, reason: 'message reason must be "created" or "regen"' };
  return { ok: true, value: { user_id, type, reason, correlation_id: typeof correlation_id === 'string' ? correlation_id : '' } };
}

export function createCardRequests(client: SNSClient, topicArn: string): CardRequests {
  return {
    topicArn,
    async publish(request) {
      await client.send(new PublishCommand({ TopicArn: topicArn, Message: cardRequestMessage(request) }));
    },
    async publishBatch(requests) {
      let published = 0;
      const failed: Array<{ request: CardRequest; reason: string; senderFault: boolean }> = [];
      for (let start = 0; start < requests.length; start += PUBLISH_BATCH_SIZE) {
        const batch = requests.slice(start, start + PUBLISH_BATCH_SIZE);
        const output = await client.send(
          new PublishBatchCommand({
            TopicArn: topicArn,
            PublishBatchRequestEntries: batch.map((request, index) => ({ Id: String(index), Message: cardRequestMessage(request) })),
          }),
        );
        published += output.Successful?.length ?? 0;
        for (const entry of output.Failed ?? []) {
          const request = batch[Number(entry.Id)];
          if (request) failed.push({ request, reason: entry.Message ?? entry.Code ?? 'refused', senderFault: entry.SenderFault === true });
        }
      }
      return { published, failed };
    },
  };
}

export interface RetryOptions {
  /** Attempts per request, the first included. Default 6. */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** Waits `ms`; tests pass a fake. Default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * Publishes `requests` (at most ten: one PublishBatch), sending entries SNS failed on its side again after
 * a delay with full jitter. Entries refused as the sender's fault, or still failing after the last
 * attempt, come back in `failed`.
 */
export async function publishWithRetry(
  cardRequests: Pick<CardRequests, 'publishBatch'>,
  requests: readonly CardRequest[],
  options: RetryOptions = {},
): Promise<BatchOutcome> {
  const maxAttempts = options.maxAttempts ?? 6;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const backoff = createBackoff({ initialMs: 50, maxMs: 2_000, ...options.backoff });
  let published = 0;
  const given: Array<BatchOutcome['failed'][number]> = [];
  let pending = [...requests];
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) await sleep(Math.floor(random() * backoff.next()));
    const outcome = await cardRequests.publishBatch(pending);
    published += outcome.published;
    const retryable = outcome.failed.filter((entry) => !entry.senderFault);
    given.push(...outcome.failed.filter((entry) => entry.senderFault));
    if (attempt >= maxAttempts) {
      given.push(...retryable);
      break;
    }
    pending = retryable.map((entry) => entry.request);
  }
  return { published, failed: given };
}
