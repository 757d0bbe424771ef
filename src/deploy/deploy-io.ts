// The output port and clients every deploy module receives: tests pass mocked clients and a recording output.
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Output } from '../cli/output.js';
import type { Target } from '../aws/target.js';

export type DeployOutput = Pick<Output, 'info' | 'warn' | 'debug' | 'success' | 'progress'>;

export interface DeployIo {
  /** Where the clients point; names the fix in credential and region errors. */
  readonly target: Target;
  readonly cloudformation: CloudFormationClient;
  readonly s3: S3Client;
  readonly output: DeployOutput;
  /** Asks a yes/no question; called only when the options say a prompt is possible. Default: always no. */
  readonly confirm?: (message: string) => Promise<boolean>;
  /** Waits between polls. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll delays: short at first (the local engine answers in milliseconds), growing to `maxMs`; doubled on throttling. */
export interface Backoff {
  readonly current: number;
  /** The delay to wait now; the next one is longer. */
  next(): number;
  /** AWS asked us to slow down: double the delay, up to four times the usual ceiling. */
  throttled(): number;
}

export function createBackoff(options: { readonly initialMs?: number; readonly maxMs?: number } = {}): Backoff {
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
