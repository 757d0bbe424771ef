import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine } from '../../src/local/engine.js';
import { QrcardError } from '../../src/core/errors.js';

async function listening(port = 0): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function withStateDir(run: (stateDir: string) => Promise<void>): Promise<void> {
  const stateDir = await mkdtemp(join(tmpdir(), 'qrcard-engine-'));
  try {
    await run(stateDir);
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}

describe('local engine', () => {
  it('writes the engine record on start and removes it on stop', () =>
    withStateDir(async (stateDir) => {
      const engine = await startEngine({ stateDir, log: () => {} });
      const record = JSON.parse(await readFile(join(stateDir, 'engine.json'), 'utf8')) as Record<string, unknown>;
      const site = await fetch(engine.siteUrl);
      await engine.stop();

      assert.equal(record['pid'], process.pid);
      assert.equal(record['endpoint'], engine.endpoint);
      assert.equal(record['siteUrl'], engine.siteUrl);
      assert.ok(!Number.isNaN(Date.parse(String(record['startedAt']))));
      assert.equal(site.status, 503, 'no distribution is deployed yet');
      await site.arrayBuffer();
      assert.equal(existsSync(join(stateDir, 'engine.json')), false);
    }));

  it('records itself as starting, then each state it is moved to, and refuses a change that skips a step', () =>
    withStateDir(async (stateDir) => {
      const engine = await startEngine({ stateDir, log: () => {} });
      const states: unknown[] = [];
      const readState = async () => {
        const { state, reason } = JSON.parse(await readFile(join(stateDir, 'engine.json'), 'utf8')) as { state: string; reason?: string };
        states.push(reason === undefined ? state : `${state}: ${reason}`);
      };
      try {
        await readState();
        await engine.setStatus({ state: 'deploying' });
        await readState();
        await engine.setStatus({ state: 'failed', reason: 'UsersTable: no' });
        await readState();
        await engine.setStatus({ state: 'deploying' });
        await engine.setStatus({ state: 'ready' });
        await readState();

        await assert.rejects(engine.setStatus({ state: 'starting' }), /cannot go from ready to starting/);
        await readState();
      } finally {
        await engine.stop();
      }

      assert.deepEqual(states, ['starting', 'deploying', 'failed: UsersTable: no', 'ready', 'ready']);
    }));

  it('refuses a state directory another live process holds, naming its pid', () =>
    withStateDir(async (stateDir) => {
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
      try {
        await writeFile(
          join(stateDir, 'engine.json'),
          JSON.stringify({
            pid: other.pid,
            endpoint: 'http://127.0.0.1:1',
            siteUrl: 'http://127.0.0.1:2',
            startedAt: new Date().toISOString(),
          }),
        );

        await assert.rejects(startEngine({ stateDir, log: () => {} }), (error: unknown) => {
          assert.ok(error instanceof QrcardError);
          assert.equal(error.code, 'local-engine-running');
          assert.match(error.message, new RegExp(`pid ${other.pid}`));
          return true;
        });
        const record = JSON.parse(await readFile(join(stateDir, 'engine.json'), 'utf8')) as { pid: number };
        assert.equal(record.pid, other.pid);
      } finally {
        other.kill();
      }
    }));

  it('replaces a stale record left by a dead process', () =>
    withStateDir(async (stateDir) => {
      const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
      await new Promise((resolve) => dead.once('exit', resolve));
      await writeFile(
        join(stateDir, 'engine.json'),
        JSON.stringify({ pid: dead.pid, endpoint: 'http://127.0.0.1:1', siteUrl: 'x', startedAt: 'then' }),
      );

      const engine = await startEngine({ stateDir, log: () => {} });
      const record = JSON.parse(await readFile(join(stateDir, 'engine.json'), 'utf8')) as { pid: number };
      await engine.stop();

      assert.equal(record.pid, process.pid);
    }));

  it('stops what it started when a later part cannot start', () =>
    withStateDir(async (stateDir) => {
      const probe = await listening();
      const edgePort = (probe.address() as AddressInfo).port;
      await close(probe);
      const blocker = await listening();
      const sitePort = (blocker.address() as AddressInfo).port;
      try {
        await assert.rejects(startEngine({ stateDir, port: edgePort, sitePort, log: () => {} }), /site server/);

        const reuse = await listening(edgePort);
        await close(reuse);
        assert.equal(existsSync(join(stateDir, 'engine.json')), false);
      } finally {
        await close(blocker);
      }
    }));
});
