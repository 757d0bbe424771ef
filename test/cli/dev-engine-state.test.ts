// engine.json's state through the real CLI: a `qrcard dev` whose first deploy fails (an injected fault), then
// `qrcard --local deploy` from another terminal bringing it to ready, failing it again, and being killed part way.
// Then `qrcard dev --watch` redeploying on a config change. One engine per describe; each test starts from the state
// the one before left.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { ensureFreshDist, localCliEnv, QRCARD_BIN, runCli, type CliRun } from '../support/cli.js';
import { spawnDev, type DevProcess } from '../support/dev-process.js';
import { parseJsonAs } from '../support/json.js';
import { seedSharpCache } from '../support/sharp-cache.js';

const FAULTS = 'create:UsersTable,update:RegisterUserFunction';
const CARD_TYPES = [{ id: 'attendee', label: 'ATTENDEE', accent: '#1a73e8' }];
const WITH_VIP = [...CARD_TYPES, { id: 'vip', label: 'VIP', accent: '#f9ab00' }];
const LINE_TIMEOUT_MS = 120_000;

const recordSchema = z.looseObject({ pid: z.number(), state: z.string(), reason: z.string().optional(), changedBy: z.number().optional() });
type Record = z.infer<typeof recordSchema>;

describe('engine.json follows deploys from other terminals', { timeout: 600_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let dev: DevProcess;
  let seen = 0;

  const recordFile = () => path.join(dir, '.qrcard', 'local', 'dev', 'engine.json');

  async function readRecord(): Promise<Record> {
    return parseJsonAs(await readFile(recordFile(), 'utf8'), recordSchema);
  }

  /** The first line of `qrcard dev`'s stderr matching `pattern`, printed after the last one waited for. */
  async function devLine(pattern: RegExp): Promise<string> {
    const deadline = Date.now() + LINE_TIMEOUT_MS;
    for (;;) {
      const rest = dev.stderr().slice(seen);
      const match = rest.split('\n').find((line) => pattern.test(line));
      if (match !== undefined) {
        seen += rest.indexOf(match) + match.length;
        return match;
      }
      if (dev.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`no line matching ${String(pattern)}; stderr:\n${dev.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function qrcard(args: readonly string[]): Promise<CliRun> {
    return runCli(['--local', ...args], { cwd: dir, env, timeoutMs: 120_000 });
  }

  function writeConfig(cardTypes: readonly object[]): Promise<void> {
    return writeFile(path.join(dir, 'qrcard.config.json'), JSON.stringify({ retainData: false, cardTypes }));
  }

  /** `qrcard --local deploy` with every state engine.json shows while it runs, in order, repeats left out. */
  async function deployWatchingStates(): Promise<{ run: CliRun; states: string[] }> {
    const states: string[] = [];
    let done = false;
    const deploy = qrcard(['deploy']).finally(() => (done = true));
    while (!done) {
      const { state } = await readRecord();
      if (states.at(-1) !== state) states.push(state);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { state } = await readRecord();
    if (states.at(-1) !== state) states.push(state);
    return { run: await deploy, states };
  }

  before(async () => {
    ensureFreshDist(['src/cli', 'src/local', 'src/deploy', 'src/aws', 'src/core', 'src/templates']);
    dir = await mkdtemp(path.join(tmpdir(), 'qrcard-engine-state-'));
    await seedSharpCache(dir);
    await writeConfig(CARD_TYPES);
    // localCliEnv gives the runs a user cache of this test's own.
    env = localCliEnv({}, ['CI']);
    dev = spawnDev(dir, { args: ['--no-watch'], env: { ...env, QRCARD_LOCAL_FAULTS: FAULTS } });
    await devLine(/^press Ctrl-C to stop/);
  });

  after(async () => {
    await dev?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a first deploy that fails leaves the engine failed, and --local commands give the reason and what to do', async () => {
    const record = await readRecord();
    const run = await qrcard(['user', 'list']);

    assert.equal(record.state, 'failed');
    assert.match(record.reason ?? '', /^qrcard-dev: deploy failed \(ROLLBACK_COMPLETE\): root cause: UsersTable .*Fault injected/);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^error: the local engine of stage "dev" is not ready: qrcard-dev: deploy failed .*UsersTable/m);
    assert.match(run.stderr, /^hint: .*redeploy with `qrcard --local --stage dev deploy`/m);
  });

  it('a --local deploy that succeeds shows deploying while it runs, leaves ready, and qrcard dev says so', async () => {
    const { run, states } = await deployWatchingStates();

    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(states, ['failed', 'deploying', 'ready']);
    const record = await readRecord();
    assert.notEqual(record.changedBy, record.pid);
    assert.match(await devLine(/deployed from another terminal/), /^. ready: the stack was deployed from another terminal \(pid \d+\)$/);
    const list = await qrcard(['user', 'list']);
    assert.equal(list.code, 0, list.stderr);
  });

  it('a --local deploy that fails leaves failed with the failed resource, and qrcard dev says so', async () => {
    await writeConfig(WITH_VIP);

    const { run, states } = await deployWatchingStates();

    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(states, ['ready', 'deploying', 'failed']);
    assert.match((await readRecord()).reason ?? '', /deploy failed \(UPDATE_ROLLBACK_COMPLETE\): root cause: RegisterUserFunction/);
    assert.match(
      await devLine(/from another terminal .* failed/),
      /not ready: a deploy from another terminal \(pid \d+\) failed: .*RegisterUserFunction/,
    );
    const list = await qrcard(['user', 'list']);
    assert.equal(list.code, 1, list.stderr);
    assert.match(list.stderr, /is not ready: .*RegisterUserFunction/);
  });

  it('a --local deploy killed part way counts as failed, and the next deploy makes the engine ready again', async () => {
    await writeConfig(CARD_TYPES);
    const killed = spawn(process.execPath, [QRCARD_BIN, '--local', 'deploy'], { cwd: dir, env, stdio: 'ignore' });
    const exited = new Promise((resolve) => killed.once('exit', resolve));
    while ((await readRecord()).state !== 'deploying') await new Promise((resolve) => setTimeout(resolve, 10));
    killed.kill('SIGKILL');
    await exited;

    const refused = await qrcard(['user', 'list']);
    const redeploy = await deployWatchingStates();

    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`a deploy from another terminal \\(pid ${killed.pid}\\) stopped before it finished`));
    assert.equal(redeploy.run.code, 0, redeploy.run.stderr);
    assert.deepEqual(redeploy.states, ['deploying', 'ready']);
  });
});

describe("qrcard dev --watch's own redeploys leave the same states", { timeout: 600_000 }, () => {
  let dir: string;
  let dev: DevProcess;

  const readRecord = async (): Promise<Record> =>
    parseJsonAs(await readFile(path.join(dir, '.qrcard', 'local', 'dev', 'engine.json'), 'utf8'), recordSchema);

  async function settledAfter(change: () => Promise<void>): Promise<Record> {
    const before = dev.stderr().length;
    await change();
    const deadline = Date.now() + LINE_TIMEOUT_MS;
    while (!/redeployed/.test(dev.stderr().slice(before))) {
      if (dev.child.exitCode !== null || Date.now() > deadline) throw new Error(`no redeploy; stderr:\n${dev.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return readRecord();
  }

  const writeConfig = (cardTypes: readonly object[]) =>
    writeFile(path.join(dir, 'qrcard.config.json'), JSON.stringify({ retainData: false, cardTypes }));

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qrcard-engine-state-watch-'));
    await seedSharpCache(dir);
    await writeConfig(CARD_TYPES);
    dev = spawnDev(dir, { args: ['--watch'], env: { ...localCliEnv({}, ['CI']), QRCARD_LOCAL_FAULTS: 'update:RegisterUserFunction' } });
    await dev.waitForStderr(/^watching .* for changes/m, LINE_TIMEOUT_MS);
  });

  after(async () => {
    await dev?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a config change whose redeploy fails leaves failed with the root cause, and the next good one ready', async () => {
    const failed = await settledAfter(() => writeConfig(WITH_VIP));
    const recovered = await settledAfter(() => writeConfig([...WITH_VIP, { id: 'press', label: 'PRESS', accent: '#188038' }]));

    assert.equal(failed.state, 'failed');
    assert.match(
      failed.reason ?? '',
      /^qrcard-dev: deploy failed \(UPDATE_ROLLBACK_COMPLETE\): root cause: RegisterUserFunction .*Fault injected/,
    );
    assert.equal(failed.changedBy, dev.child.pid);
    assert.equal(recovered.state, 'ready');
    assert.equal(recovered.changedBy, dev.child.pid);
  });
});
