// Polling with a deadline: a test that waits for a state fails, naming what it waited for and what it last
// saw, instead of hanging until the runner gives up on the whole file.
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';

export interface WaitOptions<T> {
  /** What is awaited, completing "timed out waiting for ...". */
  readonly what: string;
  readonly timeoutMs: number;
  /** Pause between reads. Default: 50 ms. */
  readonly intervalMs?: number;
  /** How the last state is shown when time runs out. Default: util.inspect. */
  readonly show?: (state: T) => string;
}

const NOT_ANSWERED = Symbol('not answered');
/** How long past the deadline a read already under way may take, so the last state is seen rather than cut off. */
const READ_GRACE_MS = 1_000;

/**
 * Reads the state until `done` accepts it and returns that state. Fails once `timeoutMs` have passed, with the
 * last state seen, or when a read is still unanswered a second after that; an error thrown by `read` or `done`
 * ends the wait at once.
 */
export function waitFor<T, Done extends T>(
  read: () => Promise<T>,
  done: (state: T) => state is Done,
  options: WaitOptions<T>,
): Promise<Done>;
export function waitFor<T>(read: () => Promise<T>, done: (state: T) => boolean, options: WaitOptions<T>): Promise<T>;
export async function waitFor<T>(read: () => Promise<T>, done: (state: T) => boolean, options: WaitOptions<T>): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const show = options.show ?? ((state: T) => inspect(state, { depth: 4, breakLength: Infinity }));
  let lastSeen = 'nothing yet';
  for (;;) {
    const state = await beforeDeadline(read(), deadline + READ_GRACE_MS);
    if (state === NOT_ANSWERED) throw timedOut(options, `${lastSeen}, and then a read that did not answer`);
    if (done(state)) return state;
    lastSeen = show(state);
    if (Date.now() >= deadline) throw timedOut(options, lastSeen);
    await sleep(options.intervalMs ?? 50);
  }
}

function timedOut(options: Pick<WaitOptions<unknown>, 'what' | 'timeoutMs'>, lastSeen: string): Error {
  return new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}; last seen: ${lastSeen}`);
}

async function beforeDeadline<T>(pending: Promise<T>, deadline: number): Promise<T | typeof NOT_ANSWERED> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof NOT_ANSWERED>((resolve) => {
    timer = setTimeout(() => resolve(NOT_ANSWERED), Math.max(deadline - Date.now(), 0));
  });
  try {
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
  }
}
