// The engine record read by the engine (async) and by the CLI's --local lookup (sync): one validation,
// and a record is only an engine when its process is alive.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localStateDir } from '../../src/cli/context.js';
import { awaitLocalEngine } from '../../src/cli/local-engine.js';
import { readEngineRecord, readEngineRecordSync, writeEngineRecord } from '../../src/local/engine-record.js';
import { resolveTarget } from '../../src/aws/target.js';
import { QrcardError } from '../../src/core/errors.js';
import { withTempDir } from '../support/temp-dir.js';

const ENDPOINT = 'http://127.0.0.1:4566';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(child.pid !== undefined);
  return child.pid;
}

describe('readEngineRecord and readEngineRecordSync', () => {
  it('read back what writeEngineRecord wrote', async () => {
    await withTempDir('engine-record', async (dir) => {
      const base = { pid: 1234, endpoint: ENDPOINT, siteUrl: 'http://127.0.0.1:4567', startedAt: '2026-01-01T00:00:00.000Z' };
      for (const status of [{ state: 'deploying' }, { state: 'failed', reason: 'UsersTable: boom' }] as const) {
        const record = { ...base, status };
        await writeEngineRecord(dir, record);

        assert.deepEqual(await readEngineRecord(dir), record);
        assert.deepEqual(readEngineRecordSync(dir), record);
      }
    });
  });

  it('agree on what counts as no record', async () => {
    await withTempDir('engine-record', async (dir) => {
      const contents = [
        '',
        'not json',
        'null',
        '42',
        '[]',
        JSON.stringify({ endpoint: ENDPOINT }),
        JSON.stringify({ pid: '1', endpoint: ENDPOINT }),
        JSON.stringify({ pid: 1 }),
      ];
      for (const text of contents) {
        await writeFile(join(dir, 'engine.json'), text);

        assert.equal(await readEngineRecord(dir), undefined, text);
        assert.equal(readEngineRecordSync(dir), undefined, text);
      }
    });
  });

  it('fill a missing site URL and start time with empty strings, a missing state with ready, and find nothing in an empty directory', async () => {
    await withTempDir('engine-record', async (dir) => {
      assert.equal(readEngineRecordSync(dir), undefined);
      await writeFile(join(dir, 'engine.json'), JSON.stringify({ pid: 7, endpoint: ENDPOINT }));

      const expected = { pid: 7, endpoint: ENDPOINT, siteUrl: '', startedAt: '', status: { state: 'ready' } };
      assert.deepEqual(await readEngineRecord(dir), expected);
      assert.deepEqual(readEngineRecordSync(dir), expected);
    });
  });
});

/** The CLI's --local lookup of a ready engine, which never waits. */
function findLocalEngine(stage: string, cwd: string) {
  return awaitLocalEngine({ stage, stateDir: localStateDir(stage, cwd), acceptFailed: false, timeoutMs: 0, say: () => {} });
}

describe('awaitLocalEngine (the CLI --local lookup)', () => {
  it('returns the endpoint and site URL of a live engine', async () => {
    await withTempDir('engine-record', async (cwd) => {
      const stateDir = localStateDir('qa', cwd);
      await mkdir(stateDir, { recursive: true });
      await writeEngineRecord(stateDir, {
        pid: process.pid,
        endpoint: ENDPOINT,
        siteUrl: 'http://127.0.0.1:4567',
        startedAt: 'now',
        status: { state: 'ready' },
      });

      assert.deepEqual(await findLocalEngine('qa', cwd), { endpoint: ENDPOINT, siteUrl: 'http://127.0.0.1:4567' });
    });
  });

  it('leaves out an empty site URL', async () => {
    await withTempDir('engine-record', async (cwd) => {
      const stateDir = localStateDir('qa', cwd);
      await mkdir(stateDir, { recursive: true });
      await writeFile(join(stateDir, 'engine.json'), JSON.stringify({ pid: process.pid, endpoint: ENDPOINT }));

      assert.deepEqual(await findLocalEngine('qa', cwd), { endpoint: ENDPOINT });
    });
  });

  it('finds no engine without a record, and none behind a stale record, so --local says how to start one', async () => {
    await withTempDir('engine-record', async (cwd) => {
      const withoutRecord = await findLocalEngine('qa', cwd);
      const stateDir = localStateDir('qa', cwd);
      await mkdir(stateDir, { recursive: true });
      await writeEngineRecord(stateDir, {
        pid: await deadPid(),
        endpoint: ENDPOINT,
        siteUrl: '',
        startedAt: 'then',
        status: { state: 'deploying' },
      });

      const behindStaleRecord = await findLocalEngine('qa', cwd);

      assert.equal(withoutRecord, undefined);
      assert.equal(behindStaleRecord, undefined);
      assert.throws(
        () =>
          resolveTarget({
            flags: { local: true },
            env: {},
            configRegion: 'eu-west-1',
            stage: 'qa',
            findLocalEngine: () => behindStaleRecord,
          }),
        (error: unknown) =>
          error instanceof QrcardError &&
          error.code === 'local-engine-not-running' &&
          /no local engine is running for stage "qa"/.test(error.message),
      );
    });
  });
});
