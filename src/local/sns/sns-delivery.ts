// Asynchronous delivery to Lambda subscriptions with Lambda's async-invoke retry policy: two retries, then drop.
import { errorMessage } from '../../core/errors.js';

/** Invokes a local function; rejects when the invocation failed (handler error, timeout, crash). */
export type InvokeFunction = (functionArn: string, event: unknown) => Promise<void>;

export interface DeliveryOptions {
  readonly invoke: InvokeFunction;
  /** Wait before each retry. Default `[60_000, 120_000]` (Lambda retries after about 1 and 2 minutes). */
  readonly retryDelaysMs?: readonly number[];
  /** Where dropped deliveries are reported. Default: one line on stderr. */
  readonly log?: (line: string) => void;
}

export interface Delivery {
  readonly functionArn: string;
  readonly event: unknown;
  /** Named in logs: message id and subscription. */
  readonly label: string;
}

export interface DeliveryQueue {
  /** Starts a delivery in the background; never throws. */
  enqueue(delivery: Delivery): void;
  /** Resolves once nothing is running or waiting to retry (for tests and orderly shutdown). */
  idle(): Promise<void>;
  /** Cancels waiting retries; running invocations are left to finish. */
  stop(): void;
}

export function createDeliveryQueue(options: DeliveryOptions): DeliveryQueue {
  const delays = options.retryDelaysMs ?? [60_000, 120_000];
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const timers = new Set<NodeJS.Timeout>();
  let pending = 0;
  let idleWaiters: Array<() => void> = [];
  let stopped = false;

  function settle(): void {
    pending--;
    if (pending === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  function attempt(delivery: Delivery, number: number): void {
    if (stopped) {
      settle();
      return;
    }
    let outcome: Promise<void>;
    try {
      outcome = options.invoke(delivery.functionArn, delivery.event);
    } catch (error) {
      outcome = Promise.reject(error instanceof Error ? error : new Error(errorMessage(error)));
    }
    outcome.then(settle, (error: unknown) => {
      const reason = errorMessage(error);
      const delay = delays[number];
      if (delay === undefined || stopped) {
        log(`sns: dropped ${delivery.label} to ${delivery.functionArn} after ${number + 1} attempts: ${reason}`);
        settle();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        attempt(delivery, number + 1);
      }, delay);
      timers.add(timer);
    });
  }

  return {
    enqueue(delivery) {
      pending++;
      // Publish must answer first, as SNS does; delivery starts on a later tick.
      setImmediate(() => attempt(delivery, 0));
    },
    idle() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      pending -= timers.size;
      timers.clear();
      if (pending <= 0) {
        pending = 0;
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    },
  };
}

/** The part of a function runner SNS needs: an invoke that resolves `{ ok: false, error }` on handler failure. */
export interface ResultReportingRunner {
  invoke(
    functionArn: string,
    event: unknown,
  ): Promise<{ readonly ok: true } | { readonly ok: false; readonly error: { readonly errorType: string; readonly errorMessage: string } }>;
}

/** Adapts such a runner (the local Lambda runner) to an InvokeFunction, so failures count toward the retries. */
export function invokeThroughRunner(runner: ResultReportingRunner): InvokeFunction {
  return async (functionArn, event) => {
    const result = await runner.invoke(functionArn, event);
    if (!result.ok) throw new Error(`${result.error.errorType}: ${result.error.errorMessage}`);
  };
}
