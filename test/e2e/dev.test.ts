// End to end: the installed bin/qrcard's `dev` as a subprocess in an empty directory: register through the
// site URL, see the card rendered, decoded and logged, stop it with SIGTERM, restart and find the data.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { clientConfig } from '../../src/aws/clients.js';
import { logGroupName } from '../../src/core/naming.js';
import { decodeQr } from '../card/card-fixtures.js';
import { ensureFreshDist, localCliEnv, runCli } from '../support/cli.js';
import { childPids, isAlive, startDev, type RunningDev } from '../support/dev-process.js';
import { seedSharpCache } from '../support/sharp-cache.js';
import { waitFor } from '../support/wait-for.js';

interface CardView {
  readonly card_status: string;
  readonly card_url?: string;
  readonly name?: string;
}

/** The user's view once its card is no longer pending; fails when it still is after `timeoutMs`. */
async function pollCard(siteUrl: string, userId: string, type: string, timeoutMs = 30_000): Promise<CardView> {
  return waitFor(
    async () => {
      const response = await fetch(`${siteUrl}/api/users/${userId}/${type}`);
      assert.equal(response.status, 200, await response.clone().text());
      return (await response.json()) as CardView;
    },
    (view) => view.card_status !== 'pending',
    { what: `the card of ${userId}/${type} to leave pending`, timeoutMs, show: (view) => JSON.stringify(view) },
  );
}

/** What `qrcard dev` prints when its deploy into the engine ends, whichever way. */
const DEPLOY_OUTCOME = /qrcard-dev (created|updated|is up to date)|deploy failed|deploying into the local engine failed/;

/** What the site URL answers, with 503, while the engine has no distribution. */
const NO_DISTRIBUTION = 'No CloudFront distribution is deployed on this local engine yet.\n';

const REGISTRATION = {
  user_id: 'e2e-ana',
  type: 'attendee',
  name: 'Ana Souza',
  company: 'Exemplo Ltda',
  phone: '+55 11 98765-4321',
  email: 'ana@example.org',
};

describe('qrcard dev end to end', { timeout: 240_000 }, () => {
  let work: string;
  let dev: RunningDev | undefined;

  before(async () => {
    ensureFreshDist(['src/cli', 'src/local', 'src/deploy', 'src/aws', 'src/core']);
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-dev-e2e-'));
    await seedSharpCache(work);
  });

  after(async () => {
    try {
      await dev?.stop();
    } finally {
      if (work) await rm(work, { recursive: true, force: true });
    }
  });

  it('--local with no engine running says so and names qrcard dev', async () => {
    const run = await runCli(['--local', 'status'], { cwd: work, env: localCliEnv() });

    assert.equal(run.code, 1);
    assert.match(run.stderr, /no local engine is running for stage "dev"/);
    assert.match(run.stderr, /qrcard dev/);
  });

  it('deploys the stack, then prints the URLs and ready, and turns a registration into a decodable card', async () => {
    dev = await startDev(work, { until: 'urls' });
    // The URLs come once the stack is deployed, so the site already serves the page.
    assert.match(dev.stderr(), /qrcard-dev created \(added \d+\)/);
    const siteResponse = await fetch(`${dev.siteUrl}/`);
    assert.equal(siteResponse.status, 200);
    assert.match(await siteResponse.text(), /<html/i);
    await dev.waitForStderr(/ready in \d+\.\d\d s/);

    const registered = await fetch(`${dev.siteUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(REGISTRATION),
    });
    assert.equal(registered.status, 201, await registered.clone().text());
    const view = await pollCard(dev.siteUrl, REGISTRATION.user_id, REGISTRATION.type);

    assert.equal(view.card_status, 'ready');
    assert.ok(view.card_url, 'a presigned card URL');
    const png = await fetch(view.card_url);
    assert.equal(png.status, 200);
    const decoded = await decodeQr(Buffer.from(await png.arrayBuffer()));
    assert.ok(decoded, 'the card carries a QR code jsQR can read');
    assert.match(decoded, /^BEGIN:VCARD/);
    assert.match(decoded, /\r\nFN:Ana Souza\r\n/);
    assert.match(decoded, /TEL[^:]*:\+5511987654321/);
  });

  it("stores the three functions' log lines, readable through the endpoint", async () => {
    const logs = new CloudWatchLogsClient(clientConfig({ kind: 'local', endpoint: dev!.endpoint, region: 'us-east-1' }));
    try {
      const expected: Array<[string, string]> = [
        ['register-user', '"registered; card requested"'],
        ['render-card', '"card ready"'],
        ['get-user', '"card found"'],
      ];
      for (const [fn, pattern] of expected) {
        const found = await logs.send(
          new FilterLogEventsCommand({ logGroupName: logGroupName('qrcard', 'dev', fn as 'get-user'), filterPattern: pattern }),
        );
        assert.ok((found.events ?? []).length > 0, `${fn} logged ${pattern}`);
        const report = await logs.send(
          new FilterLogEventsCommand({ logGroupName: logGroupName('qrcard', 'dev', fn as 'get-user'), filterPattern: 'REPORT' }),
        );
        assert.ok((report.events ?? []).length > 0, `${fn} has REPORT lines`);
      }
    } finally {
      logs.destroy();
    }
  });

  it('a second qrcard dev on the same state names the process holding it', async () => {
    const second = await runCli(['dev', '--no-deploy'], { cwd: work, env: localCliEnv(), timeoutMs: 30_000 });

    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`a local engine \\(pid ${dev!.child.pid}\\) is already running`));
  });

  it("SIGTERM stops the engine and its functions' host process, and exits 0", async () => {
    const running = dev!;
    const children = childPids(running.child.pid!);
    const commands = children.map((pid) => `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`);
    assert.ok(
      commands.some((command) => command.includes('function-host')),
      `the functions' host process runs:\n${commands.join('\n')}`,
    );

    const exit = await running.stop();

    assert.deepEqual(exit, { code: 0, signal: null });
    assert.deepEqual(children.filter(isAlive), [], `no child process outlives qrcard dev:\n${commands.join('\n')}`);
    assert.equal(existsSync(path.join(work, '.qrcard', 'local', 'dev', 'engine.json')), false);
    assert.match(running.stderr(), /SIGTERM: stopping the local engine/);
  });

  it('restarts over a stale engine record, reports the stack up to date, and still has the record', async () => {
    // A record left by a process that no longer exists, as after a crash.
    await writeFile(
      path.join(work, '.qrcard', 'local', 'dev', 'engine.json'),
      JSON.stringify({
        pid: dev!.child.pid,
        endpoint: 'http://127.0.0.1:9',
        siteUrl: 'http://127.0.0.1:9',
        startedAt: new Date(0).toISOString(),
      }),
    );

    dev = await startDev(work, { until: 'urls' });
    try {
      const view = await pollCard(dev.siteUrl, REGISTRATION.user_id, REGISTRATION.type);
      await dev.waitForStderr(DEPLOY_OUTCOME, 120_000);

      assert.match(dev.stderr(), /qrcard-dev is up to date/);
      assert.equal(view.card_status, 'ready');
      assert.equal(view.name, REGISTRATION.name);
      const record = JSON.parse(readFileSync(path.join(work, '.qrcard', 'local', 'dev', 'engine.json'), 'utf8')) as { pid: number };
      assert.equal(record.pid, dev.child.pid);
    } finally {
      assert.deepEqual(await dev.stop(), { code: 0, signal: null });
    }
  });

  it('--reset refuses without a terminal or --yes, and with --yes starts from empty state', async () => {
    const refused = await runCli(['dev', '--reset'], { cwd: work, env: localCliEnv() });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no terminal to confirm on/);
    assert.ok(existsSync(path.join(work, '.qrcard', 'local', 'dev')), 'nothing wiped');

    dev = await startDev(work, { args: ['--reset', '--yes', '--no-deploy'], until: 'urls' });
    const response = await fetch(`${dev.siteUrl}/api/users/${REGISTRATION.user_id}/${REGISTRATION.type}`);

    assert.equal(response.status, 503, 'no stack, no distribution: the state was wiped');
    assert.equal(await response.text(), NO_DISTRIBUTION);
    assert.match(dev.stderr(), /wiped /);
    assert.deepEqual(await dev.stop(), { code: 0, signal: null });
  });
});
