// startDev and spawnDev against a stand-in for bin/qrcard that prints what `qrcard dev` prints, in the order the
// test asks for, so each way a start can go is seen without a real engine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childPids, isAlive, spawnDev, startDev } from './dev-process.js';

/** Follows FAKE_DEV, a script of steps split by `|`: `out:` and `err:` lines, `wait:<ms>`, `exit:<code>`, `deaf` (ignores SIGTERM, with a child). */
const STAND_IN = `
const { spawn } = require('node:child_process');
process.on('SIGTERM', () => { process.stderr.write('SIGTERM: stopping\\n'); process.exit(0); });
(async () => {
  for (const step of (process.env.FAKE_DEV ?? '').split('|')) {
    const [kind, ...rest] = step.split(':');
    const text = rest.join(':');
    if (kind === 'out') process.stdout.write(text + '\\n');
    if (kind === 'err') process.stderr.write(text + '\\n');
    if (kind === 'wait') await new Promise((resolve) => setTimeout(resolve, Number(text)));
    if (kind === 'exit') process.exit(Number(text));
    if (kind === 'deaf') {
      process.removeAllListeners('SIGTERM');
      process.on('SIGTERM', () => {});
      spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    }
  }
  setInterval(() => {}, 1000);
})();
`;

const URLS = 'out:Site     http://127.0.0.1:4001|out:Endpoint http://127.0.0.1:4002';
const DEPLOYED = 'err:qrcard-dev created (added 12)';

describe('startDev and spawnDev', () => {
  let dir: string;
  let bin: string;
  // A stand-in that misbehaves fails its test in seconds, not after startDev's four minutes.
  const options = (script: string) => ({ bin, env: { ...process.env, FAKE_DEV: script }, timeoutMs: 5_000 });

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qrcard-dev-process-'));
    bin = path.join(dir, 'fake-qrcard.cjs');
    await writeFile(bin, STAND_IN);
  });
  after(async () => {
    // A start that resolved when it should not have leaves its stand-in running, which would keep this file alive.
    for (const pid of runningStandIns()) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  /** The stand-ins still running (this process has others of its own: tsx's esbuild). */
  const runningStandIns = () =>
    childPids(process.pid)
      .filter(isAlive)
      .filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(bin));

  it('resolves with the printed URLs only once the deploy is reported, and stops with SIGTERM', async () => {
    const dev = await startDev(dir, options(`${URLS}|wait:300|${DEPLOYED}`));
    try {
      assert.equal(dev.siteUrl, 'http://127.0.0.1:4001');
      assert.equal(dev.endpoint, 'http://127.0.0.1:4002');
      assert.match(dev.stderr(), /qrcard-dev created/);
    } finally {
      assert.deepEqual(await dev.stop(), { code: 0, signal: null });
    }
    assert.match(dev.stderr(), /SIGTERM: stopping/);
  });

  it("until: 'urls' resolves without a deploy; by default the same output times out naming what it waited for", async () => {
    const dev = await startDev(dir, { ...options(URLS), until: 'urls' });
    await dev.stop();

    await assert.rejects(startDev(dir, { ...options(URLS), timeoutMs: 500 }), /no URLs and deployed stack within 500 ms/);
  });

  it('rejects when the deploy fails, and leaves no process behind', async () => {
    const started = startDev(dir, options(`err:qrcard-dev: deploy failed (ROLLBACK_COMPLETE)|${URLS}`));

    await assert.rejects(started, /qrcard dev could not deploy:\n.*ROLLBACK_COMPLETE/);
    assert.deepEqual(runningStandIns(), []);
  });

  it('rejects with what it printed when the process ends before its URLs', async () => {
    await assert.rejects(
      startDev(dir, options('err:port 4002 is already in use|exit:1')),
      /ended \(1\) before URLs.*:\n[^]*port 4002 is already in use/,
    );
  });

  it('with json, takes the URLs from the ready document', async () => {
    const document = JSON.stringify({ state: 'ready', siteUrl: 'http://127.0.0.1:4101', endpoint: 'http://127.0.0.1:4102' });
    const dev = await startDev(dir, { ...options(`${DEPLOYED}|out:${document}`), json: true });
    await dev.stop();

    assert.equal(dev.siteUrl, 'http://127.0.0.1:4101');
    assert.equal(dev.endpoint, 'http://127.0.0.1:4102');
  });

  it('waitForStderr resolves on a later line, and rejects once the process has ended without it', async () => {
    const dev = spawnDev(dir, options('wait:200|err:ready in 0.20 s|wait:100|exit:0'));

    await dev.waitForStderr(/ready in \d+\.\d\d s/, 5_000);
    await assert.rejects(dev.waitForStderr(/press Ctrl-C/, 5_000), /ended \(0\) before \/press Ctrl-C\//);
  });

  it('stop kills a process deaf to SIGTERM, and its children, and says so', async () => {
    const dev = await startDev(dir, { ...options(`deaf|${URLS}`), until: 'urls' });
    const children = childPids(dev.child.pid!);
    assert.equal(children.length, 1, 'the stand-in started its child');

    await assert.rejects(dev.stop(300), /still running 300 ms after SIGTERM, so it was killed/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(children.filter(isAlive), []);
    assert.equal(dev.child.signalCode, 'SIGKILL');
  });
});
