// A LogsState over a store in a fresh temporary directory, with a clock the test moves, for calling actions directly.

import type { JsonRequest } from '../../../src/local/protocol/json.js';
import type { LogsState } from '../../../src/local/logs/logs-state.js';
import { LogsStore } from '../../../src/local/logs/logs-store.js';
import { withTempDir } from '../../support/temp-dir.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** The clock's start: any fixed instant, so timestamps in tests read plainly. */
export const NOW = Date.UTC(2026, 0, 15, 12);

/** A request signed for eu-central-1. */
export const request: JsonRequest = { action: 'Test', region: 'eu-central-1' };

export interface Clock {
  now: number;
}

/** Runs `test` with a state whose store lives in a temporary directory, removed afterwards. */
export async function withLogsState(test: (state: LogsState, clock: Clock) => Promise<void>): Promise<void> {
  await withTempDir('logs-actions', async (dir) => {
    const clock: Clock = { now: NOW };
    const now = (): number => clock.now;
    const store = await LogsStore.open(dir, now);
    try {
      await test({ store, now }, clock);
    } finally {
      await store.flush();
    }
  });
}

/** The matcher for an error the protocol answers as `{ __type: code, message }`. */
export function awsError(code: string, message?: string | RegExp): { name: string; code: string; message?: string | RegExp } {
  return { name: 'AwsJsonError', code, ...(message === undefined ? {} : { message }) };
}
