// Poll delays that start short and grow, and grow faster when AWS asks for less traffic.

export interface Backoff {
  readonly current: number;
  /** The delay to wait now; the next one is longer. */
  next(): number;
  /** AWS asked us to slow down: double the delay, up to four times the usual ceiling. */
  throttled(): number;
}

export interface BackoffOptions {
  /** First delay in ms. Default 100 (the local engine answers in milliseconds). */
  readonly initialMs?: number;
  /** Ceiling in ms. Default 5000. */
  readonly maxMs?: number;
}

/** Each delay is 1.5 times the one before, up to `maxMs`; throttling doubles it, up to 4 x `maxMs`. */
export function createBackoff(options: BackoffOptions = {}): Backoff {
  const initial = options.initialMs ?? 100;
  const max = options.maxMs ?? 5_000;
  let current = initial;
  return {
    get current() {
      return current;
    },
    next() {
      const delay = current;
      current = Math.min(max, Math.ceil(current * 1.5));
      return delay;
    },
    throttled() {
      current = Math.min(max * 4, current * 2);
      return current;
    },
  };
}
