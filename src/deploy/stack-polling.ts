// How often a deploy asks CloudFormation whether an operation has finished.
import type { Target } from '../aws/target.js';
import { createBackoff, type Backoff } from '../core/backoff.js';

/** Delay between polls on the local engine, which finishes a stack in about a second and answers in milliseconds. */
const LOCAL_POLL_MS = 50;

/**
 * AWS takes seconds to minutes per stack operation, so the delay starts at 100 ms and grows to 5 s; the local
 * engine is asked every 50 ms, so a start is not held up by a poll that would come half a second after the stack.
 */
export function stackPolling(target: Target): Backoff {
  return target.kind === 'local' ? createBackoff({ initialMs: LOCAL_POLL_MS, maxMs: LOCAL_POLL_MS }) : createBackoff();
}
