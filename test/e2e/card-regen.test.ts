// `qrcard --local card get` and `card regen` against one running `qrcard dev`: a stored card to a file and to
// stdout (a PNG whose QR code decodes), pending and failed cards explained; a corrupt logo fails the renders and
// `regen --status failed` after the fix draws every one; a branding change and `regen --stale` redraws exactly
// the cards drawn before it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { UserRecord } from '../../src/core/record.js';
import { LOCAL_SNS_RETRY_DELAYS_MS } from '../../src/cli/dev/dev.js';
import { ensureFreshDist, localCliEnv, QRCARD_BIN, runCli, type CliRun } from '../support/cli.js';
import { startDev, type RunningDev } from '../support/dev-process.js';
import { toolSkipReason } from '../support/external-tool.js';
import { seedSharpCache } from '../support/sharp-cache.js';

const ZBARIMG = '/usr/bin/zbarimg';
const LOGO = fileURLToPath(new URL('../../assets/logo.png', import.meta.url));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const csv = (ids: readonly string[]) =>
  `user_id,type,name,company,phone\n${ids.map((id, index) => `${id},attendee,Person ${id},Acme,+1 415 555 ${String(100 + index).padStart(4, '0')}`).join('\n')}\n`;

describe('qrcard card get and card regen on the local engine', { timeout: 900_000 }, () => {
  let work: string;
  let dev: RunningDev | undefined;
  /** The card `card get -o -` wrote, for zbarimg to read. */
  let piped: string | undefined;
  const qrcard = (args: readonly string[]): Promise<CliRun> =>
    runCli(['--local', ...args], { cwd: work, env: localCliEnv(), timeoutMs: 240_000 });

  async function records(): Promise<Map<string, UserRecord>> {
    const run = await qrcard(['user', 'list', '--jsonl']);
    assert.equal(run.code, 0, run.stderr);
    const list = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as UserRecord);
    return new Map(list.map((record) => [record.user_id, record]));
  }

  /** The records of `ids` once none of them is pending (or after two minutes, as they are then). */
  async function settled(ids: readonly string[]): Promise<UserRecord[]> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const all = await records();
      const mine = ids.map((id) => all.get(id)).filter((record): record is UserRecord => record !== undefined);
      if ((mine.length === ids.length && mine.every((record) => record.card_status !== 'pending')) || Date.now() > deadline) return mine;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async function importPeople(ids: readonly string[], extra: readonly string[] = []): Promise<void> {
    const file = path.join(work, `${ids[0]}.csv`);
    await writeFile(file, csv(ids));
    const run = await qrcard(['user', 'import', file, ...extra]);
    assert.equal(run.code, 0, run.stderr);
  }

  async function deploy(config: Record<string, unknown>): Promise<CliRun> {
    await writeFile(path.join(work, 'qrcard.config.json'), JSON.stringify(config));
    const run = await qrcard(['deploy']);
    assert.equal(run.code, 0, run.stderr);
    return run;
  }

  before(async () => {
    ensureFreshDist(['src/cli', 'src/import', 'src/local', 'src/deploy', 'src/aws', 'src/core', 'src/lambda', 'src/card', 'src/templates']);
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-card-regen-e2e-'));
    await seedSharpCache(work);
    dev = await startDev(work);
  });

  after(async () => {
    try {
      await dev?.stop();
    } finally {
      if (work) await rm(work, { recursive: true, force: true });
    }
  });

  it('card get writes a ready card to <id>-<type>.png and to stdout as a PNG whose QR decodes, and explains a pending one', async () => {
    await importPeople(['r1', 'r2', 'r3']);
    await importPeople(['p1'], ['--no-cards']);
    await settled(['r1', 'r2', 'r3']);
    piped = path.join(work, 'piped.png');

    const toFile = await qrcard(['card', 'get', 'r1', '--type', 'attendee', '--json']);
    const fd = openSync(piped, 'w');
    const toStdout = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [QRCARD_BIN, '--local', 'card', 'get', 'r2', '-o', '-'], {
        cwd: work,
        env: localCliEnv(),
        stdio: ['ignore', fd, 'ignore'],
      });
      child.on('exit', resolve);
    });
    closeSync(fd);
    const pending = await qrcard(['card', 'get', 'p1', '--type', 'attendee']);

    assert.equal(toFile.code, 0, toFile.stderr);
    assert.equal((JSON.parse(toFile.stdout) as { file: string }).file, path.join(work, 'r1-attendee.png'));
    assert.deepEqual(readFileSync(path.join(work, 'r1-attendee.png')).subarray(0, 8), PNG_SIGNATURE);
    assert.equal(toStdout, 0);
    assert.deepEqual(readFileSync(piped).subarray(0, 8), PNG_SIGNATURE);
    assert.equal(pending.code, 1);
    assert.match(pending.stderr, /the attendee card of "p1" is still being drawn/);
  });

  it(
    'the card from stdout holds a QR code that zbarimg reads as the person’s vCard',
    { skip: toolSkipReason(ZBARIMG, 'zbar-tools') },
    async () => {
      assert.ok(piped, 'the test before wrote the card');

      const { stdout } = await promisify(execFile)(ZBARIMG, ['-q', '--raw', piped], { encoding: 'utf8' });

      assert.match(stdout, /^BEGIN:VCARD\r\n[\s\S]*FN:Person r2\r\n/);
    },
  );

  it('a corrupt logo fails the renders with its error on the record; after the fix, regen --status failed draws every one', async () => {
    await writeFile(path.join(work, 'logo.png'), 'not a png at all');
    await deploy({ branding: { logo: 'logo.png' } });
    const ids = ['f1', 'f2', 'f3', 'f4'];
    await importPeople(ids);
    await settled(ids);
    // The engine retries a failed render as SNS does; a retry after the fix would draw the card before regen sees it.
    await delay(LOCAL_SNS_RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0) + 4_000);
    const failed = await settled(ids);
    const get = await qrcard(['card', 'get', 'f1']);
    await copyFile(LOGO, path.join(work, 'logo.png'));
    await deploy({ branding: { logo: 'logo.png' } });

    const regen = await qrcard(['card', 'regen', '--status', 'failed', '--wait', '--json']);
    const after = await records();

    assert.deepEqual(
      failed.map((record) => record.card_status),
      ['failed', 'failed', 'failed', 'failed'],
    );
    assert.match(failed[0]?.card_error ?? '', /logo/);
    assert.equal(get.code, 1);
    assert.match(get.stderr, /the attendee card of "f1" could not be drawn: .*logo/);
    assert.equal(regen.code, 0, regen.stderr);
    assert.deepEqual(JSON.parse(regen.stdout), {
      dryRun: false,
      matched: 4,
      requested: 4,
      changed: 0,
      notSent: 0,
      ready: 4,
      failed: 0,
      pending: 0,
      removed: 0,
    });
    assert.deepEqual(
      ids.map((id) => after.get(id)?.card_status),
      ['ready', 'ready', 'ready', 'ready'],
    );
  });

  it('after a branding change, deploy counts the stale cards and regen --stale redraws exactly those', async () => {
    const before = await records();
    const drawnBefore = [...before.values()].filter((record) => record.card_status === 'ready').map((record) => record.user_id);

    const deployed = await deploy({ branding: { logo: 'logo.png', colors: { text: '#102030' } } });
    await importPeople(['n1', 'n2']);
    await settled(['n1', 'n2']);
    const dryRun = await qrcard(['card', 'regen', '--stale', '--dry-run', '--json']);
    const regen = await qrcard(['card', 'regen', '--stale', '--wait', '--json']);
    const after = await records();
    const again = await qrcard(['card', 'regen', '--stale', '--dry-run', '--json']);

    assert.equal(drawnBefore.length, 7);
    assert.match(
      deployed.stderr,
      /the branding changed: 7 cards were drawn with an older one; `qrcard --local card regen --stale` redraws them/,
    );
    assert.equal((JSON.parse(dryRun.stdout) as { matched: number }).matched, 7);
    assert.equal(regen.code, 0, regen.stderr);
    assert.deepEqual(JSON.parse(regen.stdout), {
      dryRun: false,
      matched: 7,
      requested: 7,
      changed: 0,
      notSent: 0,
      ready: 7,
      failed: 0,
      pending: 0,
      removed: 0,
    });
    const redrawn = [...after.values()].filter(
      (record) => record.card_version > (before.get(record.user_id)?.card_version ?? record.card_version),
    );
    assert.deepEqual(redrawn.map((record) => record.user_id).sort(), [...drawnBefore].sort());
    assert.equal(
      new Set([...after.values()].filter((record) => record.card_status === 'ready').map((record) => record.card_branding)).size,
      1,
    );
    assert.equal(after.get('n1')?.card_version, 1);
    assert.equal(after.get('p1')?.card_status, 'pending');
    assert.equal((JSON.parse(again.stdout) as { matched: number }).matched, 0);
  });
});
