// `--local`: the running engine of a stage, read from its engine.json, waited for while it starts or deploys.
import { setTimeout as sleep } from 'node:timers/promises';
import { userError } from '../core/errors.js';
import type { LocalEngine } from '../aws/target.js';
import { currentEngineStatus, isProcessAlive, readEngineRecordSync, type EngineRecord } from '../local/engine-record.js';

export type LocalEngineLookup =
  | { readonly kind: 'none' }
  | { readonly kind: 'busy'; readonly state: 'starting' | 'deploying'; readonly pid: number }
  | { readonly kind: 'ready'; readonly engine: LocalEngine }
  | { readonly kind: 'failed'; readonly reason: string; readonly engine: LocalEngine };

/** What a record says about the engine: none (no record, or its process is gone), busy, ready or failed. */
export function lookUpLocalEngine(record: EngineRecord | undefined, alive: (pid: number) => boolean): LocalEngineLookup {
  if (record === undefined || !alive(record.pid)) return { kind: 'none' };
  const status = currentEngineStatus(record, alive);
  const engine: LocalEngine = { endpoint: record.endpoint, ...(record.siteUrl ? { siteUrl: record.siteUrl } : {}) };
  if (status.state === 'starting' || status.state === 'deploying' || record.endpoint === '') {
    return { kind: 'busy', state: status.state === 'deploying' ? 'deploying' : 'starting', pid: record.pid };
  }
  return status.state === 'failed' ? { kind: 'failed', reason: status.reason, engine } : { kind: 'ready', engine };
}

export interface LocalEngineWait {
  readonly stage: string;
  /** The stage's state folder, holding engine.json. */
  readonly stateDir: string;
  /** How long to wait for a starting or deploying engine. Default 30 s. */
  readonly timeoutMs?: number;
  /** Between reads of engine.json. Default 100 ms. */
  readonly pollMs?: number;
  /** False for commands that must not run on a failed engine; true for those that look into or repair it. */
  readonly acceptFailed: boolean;
  /** Said once, when there is something to wait for. */
  readonly say: (line: string) => void;
}

export const LOCAL_ENGINE_WAIT_MS = 30_000;

/**
 * The stage's engine once it is ready (or failed, for commands that accept that), waiting while it starts or
 * deploys; undefined when none runs. Throws a user error when it failed or is still busy after the timeout.
 */
export async function awaitLocalEngine(options: LocalEngineWait): Promise<LocalEngine | undefined> {
  const timeoutMs = options.timeoutMs ?? LOCAL_ENGINE_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    const lookup = lookUpLocalEngine(readEngineRecordSync(options.stateDir), isProcessAlive);
    switch (lookup.kind) {
      case 'none':
        return undefined;
      case 'ready':
        return lookup.engine;
      case 'failed':
        if (options.acceptFailed) return lookup.engine;
        throw failedEngine(options.stage, lookup.reason);
      case 'busy':
        if (Date.now() >= deadline) throw busyEngine(options.stage, lookup.state, timeoutMs);
        if (!said)
          options.say(`waiting for the local engine of stage "${options.stage}" (pid ${lookup.pid}) to finish ${lookup.state} ...`);
        said = true;
        await sleep(options.pollMs ?? 100);
    }
  }
}

function failedEngine(stage: string, reason: string) {
  return userError('local-engine-failed', `the local engine of stage "${stage}" is not ready: ${reason}`, {
    hint: `fix the cause and restart \`qrcard dev\`, or redeploy with \`qrcard --local --stage ${stage} deploy\`; \`status\` and \`logs\` with --local show more`,
  });
}

function busyEngine(stage: string, state: string, timeoutMs: number) {
  return userError('local-engine-busy', `the local engine of stage "${stage}" is still ${state} after ${Math.round(timeoutMs / 1000)} s`, {
    hint: 'see what `qrcard dev` prints in its terminal, and run the command again once it says ready',
  });
}
