// The engine record `<stateDir>/engine.json`: which process serves a state directory, and where.
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { userError, errorCode } from '../core/errors.js';
import { ENGINE_STATES, nextEngineStatus, type EngineState, type EngineStatus } from './engine-state.js';
import { writeFileAtomically } from './persistence/atomic-file.js';

export interface EngineRecord {
  readonly pid: number;
  /** Empty while the engine is starting and not yet listening. */
  readonly endpoint: string;
  readonly siteUrl: string;
  readonly startedAt: string;
  /** Where the engine is; a record written before states existed reads as ready. */
  readonly status: EngineStatus;
  /**
   * The process that set the status: the engine's own, or a `--local` deploy from another terminal. Absent in
   * records written before it was kept.
   */
  readonly changedBy?: number;
}

export const ENGINE_RECORD_FILE = 'engine.json';

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}

const stringOrEmpty = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The record in `text`; one without a numeric pid and a string endpoint (or not JSON at all) counts as none. */
function parseEngineRecord(text: string): EngineRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || !('pid' in parsed) || !('endpoint' in parsed)) return undefined;
  if (typeof parsed.pid !== 'number' || typeof parsed.endpoint !== 'string') return undefined;
  return {
    pid: parsed.pid,
    endpoint: parsed.endpoint,
    siteUrl: 'siteUrl' in parsed ? stringOrEmpty(parsed.siteUrl) : '',
    startedAt: 'startedAt' in parsed ? stringOrEmpty(parsed.startedAt) : '',
    status: parseStatus('state' in parsed ? parsed.state : undefined, 'reason' in parsed ? parsed.reason : undefined),
    ...('changedBy' in parsed && typeof parsed.changedBy === 'number' ? { changedBy: parsed.changedBy } : {}),
  };
}

function parseStatus(state: unknown, reason: unknown): EngineStatus {
  const known = ENGINE_STATES.find((name): name is EngineState => name === state) ?? 'ready';
  if (known === 'failed') return { state: known, reason: stringOrEmpty(reason) || 'no reason recorded' };
  return { state: known };
}

/** The record of `stateDir`, or undefined when there is none or it cannot be read. */
export async function readEngineRecord(stateDir: string): Promise<EngineRecord | undefined> {
  try {
    return parseEngineRecord(await readFile(join(stateDir, ENGINE_RECORD_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/** readEngineRecord for the CLI's target resolution, which runs synchronously. */
export function readEngineRecordSync(stateDir: string): EngineRecord | undefined {
  try {
    return parseEngineRecord(readFileSync(join(stateDir, ENGINE_RECORD_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Fails when another live process holds `stateDir`. A record left by a dead process is stale and
 * is removed, so the caller may start.
 */
export async function claimStateDir(stateDir: string, pid = process.pid): Promise<void> {
  const record = await readEngineRecord(stateDir);
  if (record === undefined) return;
  if (record.pid !== pid && isProcessAlive(record.pid)) {
    throw userError('local-engine-running', `a local engine (pid ${record.pid}) is already running on ${stateDir}`, {
      hint: `use it (${record.endpoint}, site ${record.siteUrl}) or stop it first`,
    });
  }
  await removeEngineRecord(stateDir, record.pid);
}

/** Replaces the record in one rename, so a reader sees the old record or the new one, never a part. */
export async function writeEngineRecord(stateDir: string, record: EngineRecord): Promise<void> {
  const { status, ...rest } = record;
  await writeFileAtomically(join(stateDir, ENGINE_RECORD_FILE), `${JSON.stringify({ ...rest, ...status }, null, 2)}\n`);
}

/** Removes the record if it is `pid`'s, so a stopping engine never deletes a successor's record. */
export async function removeEngineRecord(stateDir: string, pid = process.pid): Promise<void> {
  const record = await readEngineRecord(stateDir);
  if (record !== undefined && record.pid !== pid) return;
  await rm(join(stateDir, ENGINE_RECORD_FILE), { force: true });
}

/**
 * The record's status as it stands: a deploy from another process that died before settling it (killed part way)
 * counts as failed, since nothing else will end it.
 */
export function currentEngineStatus(record: EngineRecord, alive: (pid: number) => boolean = isProcessAlive): EngineStatus {
  const { status, changedBy } = record;
  if (status.state !== 'deploying' || changedBy === undefined || changedBy === record.pid || alive(changedBy)) return status;
  return { state: 'failed', reason: `a deploy from another terminal (pid ${changedBy}) stopped before it finished` };
}

/**
 * Sets the status in the record of the engine `enginePid` from another process (a `--local` deploy), in one rename.
 * False, and nothing written, when that engine no longer holds `stateDir`; throws on a change the states do not allow.
 */
export async function changeEngineStatus(
  stateDir: string,
  enginePid: number,
  status: EngineStatus,
  changedBy = process.pid,
): Promise<boolean> {
  const record = await readEngineRecord(stateDir);
  if (record === undefined || record.pid !== enginePid) return false;
  await writeEngineRecord(stateDir, { ...record, status: nextEngineStatus(currentEngineStatus(record), status), changedBy });
  return true;
}
