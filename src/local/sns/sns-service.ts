// The local SNS: topics and lambda subscriptions kept on disk, the awsQuery actions qrcard uses, async delivery.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../persistence/atomic-file.js';
import type { ServiceHandler } from '../protocol/service-handler.js';
import { queryServiceHandler } from '../protocol/query.js';
import { snsActions } from './sns-actions.js';
import { createDeliveryQueue, type InvokeFunction } from './sns-delivery.js';
import { createSnsState, readSnsRecords } from './sns-state.js';

export const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

export interface SnsOptions {
  /** Directory for the topic and subscription state (created if missing). */
  readonly dir: string;
  /** Runs a subscribed function; rejects when the invocation failed, which triggers the retries. */
  readonly invoke: InvokeFunction;
  /** Waits before retry 1 and 2. Default `[60_000, 120_000]`, as Lambda's async invocations. */
  readonly retryDelaysMs?: readonly number[];
  /** Receives one line per dropped delivery. Default: stderr. */
  readonly log?: (line: string) => void;
}

export interface SnsService {
  readonly handler: ServiceHandler;
  /** Resolves when every published message has been delivered or dropped. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Loads the state under `dir` and returns the handler to mount as `sns`. */
export async function startSns(options: SnsOptions): Promise<SnsService> {
  await mkdir(options.dir, { recursive: true });
  const statePath = join(options.dir, 'sns.json');
  const records = await readSnsRecords(statePath);
  const deliveries = createDeliveryQueue({
    invoke: options.invoke,
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const state = createSnsState({ records, save: (next) => writeFileAtomically(statePath, JSON.stringify(next)), deliveries });
  return {
    handler: queryServiceHandler({ namespace: SNS_NAMESPACE, actions: snsActions, state, serviceLabel: 'the local SNS' }),
    idle: () => deliveries.idle(),
    stop: async () => {
      deliveries.stop();
      await state.settled();
    },
  };
}
