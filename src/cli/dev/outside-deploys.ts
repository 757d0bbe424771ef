// Tells the `qrcard dev` terminal when a deploy from another terminal (`qrcard --local deploy`) moves the engine's
// state: it started, the stack is ready again, or it failed and why.
import { watch, type FSWatcher } from 'node:fs';
import { ENGINE_RECORD_FILE, readEngineRecord, type EngineRecord } from '../../local/engine-record.js';

export interface OutsideDeployReport {
  info(line: string): void;
  success(line: string): void;
  warn(line: string): void;
}

/** The line for a state another process set in the record, or undefined when this engine set it itself. */
export function outsideDeployLine(record: EngineRecord, enginePid: number): { kind: keyof OutsideDeployReport; line: string } | undefined {
  const by = record.changedBy;
  if (by === undefined || by === enginePid || record.pid !== enginePid) return undefined;
  switch (record.status.state) {
    case 'deploying':
      return { kind: 'info', line: `a deploy from another terminal (pid ${by}) is under way` };
    case 'ready':
      return { kind: 'success', line: `ready: the stack was deployed from another terminal (pid ${by})` };
    case 'failed':
      return { kind: 'warn', line: `not ready: a deploy from another terminal (pid ${by}) failed: ${record.status.reason}` };
    case 'starting':
      return undefined;
  }
}

export interface OutsideDeploys {
  stop(): void;
}

/** Watches `<stateDir>/engine.json` and reports each state another process sets, once. */
export function followOutsideDeploys(stateDir: string, enginePid: number, report: OutsideDeployReport): OutsideDeploys {
  let last = '';
  let reading = Promise.resolve();
  const check = async () => {
    const record = await readEngineRecord(stateDir);
    const said = record && outsideDeployLine(record, enginePid);
    const key = said ? `${said.kind}:${said.line}` : '';
    if (key === last) return;
    last = key;
    if (said) report[said.kind](said.line);
  };
  // The record is replaced by a rename, which the directory's watcher sees under the record's name.
  const watcher: FSWatcher = watch(stateDir, (_event, name) => {
    if (name === ENGINE_RECORD_FILE) reading = reading.then(check, check);
  });
  watcher.unref();
  return { stop: () => watcher.close() };
}
