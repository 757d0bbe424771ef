// The local CloudWatch Logs: the awsJson1_1 actions qrcard and the AWS CLI use, plus an in-process append
// API for the Lambda runner, over a LogsStore on disk.

import type { ServiceHandler } from '../protocol/service-handler.js';
import { jsonServiceHandler } from '../protocol/json.js';
import { streamEnsurer } from './ensure-stream.js';
import { logsActions, LOGS_TARGET_PREFIX } from './logs-actions.js';
import type { LogEventInput } from './logs-input.js';
import type { LogsState } from './logs-state.js';
import { LogsStore } from './logs-store.js';

export type { LogEventInput } from './logs-input.js';

const PRUNE_INTERVAL_MS = 10 * 60_000;
/** How long after start the stored events are read when nothing has asked for them yet. */
const DEFERRED_OPEN_MS = 1_000;

export interface LogsOptions {
  /** Directory for log groups (created if missing). */
  readonly dir: string;
  /** Clock, for tests of retention. Default Date.now. */
  readonly now?: () => number;
  /** Engine diagnostics, e.g. events that could not be saved. Default: none. */
  readonly log?: (line: string) => void;
}

export interface LogsService {
  readonly handler: ServiceHandler;
  /**
   * Writes events without HTTP, creating the group and stream when missing (as Lambda does for its own
   * `/aws/lambda/<name>` groups). Events may arrive in any order.
   */
  append(logGroupName: string, logStreamName: string, events: readonly LogEventInput[]): Promise<void>;
  stop(): Promise<void>;
}

interface LazyStore {
  /** The store, read from disk on the first call (or a second after start); later calls share it. */
  opened(): Promise<LogsStore>;
  /** Stops the timers and writes what is pending. */
  close(): Promise<void>;
}

/** Opens the store on first use or after DEFERRED_OPEN_MS, and prunes expired events every PRUNE_INTERVAL_MS. */
function openLazily(options: LogsOptions, now: () => number): LazyStore {
  let opening: Promise<LogsStore> | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  const opened = (): Promise<LogsStore> =>
    (opening ??= LogsStore.open(options.dir, now, options.log).then((store) => {
      pruneTimer = setInterval(() => void store.pruneAll(), PRUNE_INTERVAL_MS);
      pruneTimer.unref();
      return store;
    }));
  const deferredOpen = setTimeout(() => void opened().catch(() => undefined), DEFERRED_OPEN_MS);
  deferredOpen.unref();
  return {
    opened,
    async close() {
      clearTimeout(deferredOpen);
      clearInterval(pruneTimer);
      const store = await opening?.catch(() => undefined);
      await store?.flush();
      // An open still under way when close began has started its timer by now.
      clearInterval(pruneTimer);
    },
  };
}

/**
 * Returns the handler to mount as `logs` at once; the store under `dir` (every stored event, pruned of expired
 * ones) is read on the first request or append, or a second after start, so a large history does not delay
 * the engine's start.
 */
export function startLogs(options: LogsOptions): Promise<LogsService> {
  const now = options.now ?? Date.now;
  const lazyStore = openLazily(options, now);
  const ensureStream = streamEnsurer();
  const handler = jsonServiceHandler({
    targetPrefix: LOGS_TARGET_PREFIX,
    actions: logsActions,
    state: async (): Promise<LogsState> => ({ store: await lazyStore.opened(), now }),
    internalErrorCode: 'ServiceUnavailableException',
  });
  return Promise.resolve({
    handler,
    async append(logGroupName, logStreamName, events) {
      const store = await lazyStore.opened();
      const { group, stream } = await ensureStream(store, logGroupName, logStreamName);
      if (events.length > 0) await store.append(group, stream, events);
    },
    stop: () => lazyStore.close(),
  });
}
