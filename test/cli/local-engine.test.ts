// `--local` finds the stage's engine in engine.json: ready, failed, or waited for while it starts or deploys.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { awaitLocalEngine, lookUpLocalEngine } from '../../src/cli/local-engine.js';
import { QrcardError } from '../../src/core/errors.js';
import type { EngineRecord } from '../../src/local/engine-record.js';
import { writeEngineRecord } from '../../src/local/engine-record.js';
import type { EngineStatus } from '../../src/local/engine-state.js';
import { withTempDir } from '../support/temp-dir.js';

const ENDPOINT = 'http://127.0.0.1:4566';
const SITE = 'http://127.0.0.1:4567';

function record(status: EngineStatus, endpoint = ENDPOINT): EngineRecord {
  return { pid: process.pid, endpoint, siteUrl: endpoint ? SITE : '', startedAt: 'now', status };
}

const alive = () => true;

describe('lookUpLocalEngine', () => {
  it('finds none without a record or behind a dead process', () => {
    assert.deepEqual(lookUpLocalEngine(undefined, alive), { kind: 'none' });
    assert.deepEqual(
      lookUpLocalEngine(record({ state: 'ready' }), () => false),
      { kind: 'none' },
    );
  });

  it('is busy while starting (with or without URLs yet) or deploying', () => {
    assert.deepEqual(lookUpLocalEngine(record({ state: 'starting' }, ''), alive), { kind: 'busy', state: 'starting', pid: process.pid });
    assert.deepEqual(lookUpLocalEngine(record({ state: 'starting' }), alive), { kind: 'busy', state: 'starting', pid: process.pid });
    assert.deepEqual(lookUpLocalEngine(record({ state: 'deploying' }), alive), { kind: 'busy', state: 'deploying', pid: process.pid });
  });

  it('gives the endpoint and site of a ready engine, and the reason of a failed one', () => {
    assert.deepEqual(lookUpLocalEngine(record({ state: 'ready' }), alive), {
      kind: 'ready',
      engine: { endpoint: ENDPOINT, siteUrl: SITE },
    });
    assert.deepEqual(lookUpLocalEngine(record({ state: 'failed', reason: 'UsersTable: no' }), alive), {
      kind: 'failed',
      reason: 'UsersTable: no',
      engine: { endpoint: ENDPOINT, siteUrl: SITE },
    });
  });
});

describe('lookUpLocalEngine with a deploy from another process', () => {
  const deployingBy = (changedBy: number): EngineRecord => ({ ...record({ state: 'deploying' }), changedBy });

  it('is busy while that process lives, and failed, naming it, once it died before settling the state', () => {
    const dead = process.pid + 1;
    const alivePids = (pid: number) => pid !== dead;

    assert.deepEqual(lookUpLocalEngine(deployingBy(process.pid + 2), alivePids), { kind: 'busy', state: 'deploying', pid: process.pid });
    assert.deepEqual(lookUpLocalEngine(deployingBy(dead), alivePids), {
      kind: 'failed',
      reason: `a deploy from another terminal (pid ${dead}) stopped before it finished`,
      engine: { endpoint: ENDPOINT, siteUrl: SITE },
    });
  });
});

describe('awaitLocalEngine', () => {
  it('waits while the engine deploys, says so once, and returns it once ready', async () => {
    await withTempDir('local-engine', async (stateDir) => {
      await writeEngineRecord(stateDir, record({ state: 'deploying' }));
      const said: string[] = [];
      setTimeout(() => void writeEngineRecord(stateDir, record({ state: 'ready' })), 300);

      const engine = await awaitLocalEngine({ stage: 'qa', stateDir, acceptFailed: false, pollMs: 20, say: (line) => said.push(line) });

      assert.deepEqual(engine, { endpoint: ENDPOINT, siteUrl: SITE });
      assert.deepEqual(said, [`waiting for the local engine of stage "qa" (pid ${process.pid}) to finish deploying ...`]);
    });
  });

  it('gives up on an engine still deploying after the timeout, naming the state', async () => {
    await withTempDir('local-engine', async (stateDir) => {
      await writeEngineRecord(stateDir, record({ state: 'deploying' }));

      await assert.rejects(
        awaitLocalEngine({ stage: 'qa', stateDir, acceptFailed: false, timeoutMs: 100, pollMs: 20, say: () => {} }),
        (error: unknown) =>
          error instanceof QrcardError && error.code === 'local-engine-busy' && /still deploying after 0 s/.test(error.message),
      );
    });
  });

  it('fails on a failed engine with its reason and how to go on, unless the command accepts a failed engine', async () => {
    await withTempDir('local-engine', async (stateDir) => {
      await mkdir(stateDir, { recursive: true });
      await writeEngineRecord(stateDir, record({ state: 'failed', reason: 'RenderCardFunction: handler not found' }));
      const options = { stage: 'qa', stateDir, pollMs: 20, say: () => {} };

      await assert.rejects(
        awaitLocalEngine({ ...options, acceptFailed: false }),
        (error: unknown) =>
          error instanceof QrcardError &&
          error.code === 'local-engine-failed' &&
          /RenderCardFunction: handler not found/.test(error.message) &&
          /restart `qrcard dev`/.test(error.hint ?? ''),
      );
      assert.deepEqual(await awaitLocalEngine({ ...options, acceptFailed: true }), { endpoint: ENDPOINT, siteUrl: SITE });
    });
  });
});
