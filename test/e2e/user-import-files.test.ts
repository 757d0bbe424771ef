// `qrcard user import` as a subprocess on files that go wrong: each refused with a message naming the
// problem, or read right (BOM, quoted newlines, Latin-1 with --encoding, stdin), and a 100 MB line refused
// without the process holding it. Dry runs: no engine is needed to judge a file.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureFreshDist, QRCARD_BIN, runCli } from '../support/cli.js';
import { ptySkipReason, runOnPty } from '../cli/user/user-engine.js';

const HEADER = 'user_id,type,name,company,title,phone,email';
const ROW = (id: string, name = 'Ana Souza') => `${id},attendee,${name},,,+1 415 555 0100,`;

describe('qrcard user import: files', { timeout: 120_000 }, () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const importFile = (name: string, ...flags: string[]) => runCli(['user', 'import', file(name), '--dry-run', ...flags], { cwd: dir });

  before(async () => {
    ensureFreshDist(['src/cli', 'src/import', 'src/aws', 'src/core']);
    dir = await mkdtemp(path.join(tmpdir(), 'qrcard-import-files-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an empty file and a header with no rows', async () => {
    await writeFile(file('empty.csv'), '');
    await writeFile(file('header.csv'), `${HEADER}\n`);

    const empty = await importFile('empty.csv');
    const header = await importFile('header.csv');

    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /error: the input is empty/);
    assert.equal(header.code, 1);
    assert.match(header.stderr, /error: the input has a header but no rows/);
  });

  it('refuses unknown columns by name and suggests --map; with --map the same file is read', async () => {
    await writeFile(file('odd.csv'), `user_id,type,name,Mobile No,Shoe size\n${'a,attendee,Ana,+1 415 555 0100,44'}\n`);

    const refused = await importFile('odd.csv');
    const mapped = await runCli(['user', 'import', '--map', 'Mobile No=phone', '--map', 'Shoe size=title', file('odd.csv'), '--dry-run'], {
      cwd: dir,
    });

    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /unknown column\(s\): Mobile No, Shoe size; missing column\(s\): phone/);
    assert.match(refused.stderr, /hint: .*--map "Mobile No=phone"/);
    assert.equal(mapped.code, 0, mapped.stderr);
    assert.match(mapped.stderr, /1 rows: 1 would import, 0 rejected/);
  });

  it('reads a UTF-8 BOM, and rows with quoted commas and newlines keep the line they start on', async () => {
    const text = `\uFEFF${HEADER}\n${ROW('a', '"Souza, Ana"')}\n${ROW('b', '"Bo\nLi"')}\n${ROW('c')}\n${ROW('d', '"Dee\r\nZed"')}\nbad,attendee,X,,,12,\n`;
    await writeFile(file('quoted.csv'), text);

    const run = await importFile('quoted.csv', '--json');

    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /^⚠ 5 rows: 2 would import, 3 rejected$/m, 'rejected rows are a warning, not a failed import');
    assert.deepEqual(JSON.parse(run.stdout) as unknown, {
      rows: 5,
      imported: 2,
      skipped: 0,
      rejected: 3,
      cardRequests: 0,
      dryRun: true,
      stopped: false,
      resumedAfterRows: 0,
      cardRequestsFailed: 0,
      format: 'csv',
      rejectsPath: file('quoted.rejects.csv'),
    });
    const rejects = readFileSync(file('quoted.rejects.csv'), 'utf8');
    assert.match(rejects, /^user_id,type,name,company,title,phone,email,line,field,reason\n/);
    assert.match(rejects, /b,attendee,"Bo\nLi",,,\+1 415 555 0100,,3,name,/);
    assert.match(rejects, /d,attendee,"Dee\r\nZed",,,\+1 415 555 0100,,6,name,/);
    assert.match(rejects, /bad,attendee,X,,,12,,8,phone,/);
  });

  it('on a terminal that reports no width, checks the rows with progress lines and ends', { skip: ptySkipReason }, async () => {
    await writeFile(file('desk.csv'), `${HEADER}\n${ROW('a')}\n${ROW('b', '')}\n${ROW('c')}\n`);

    const run = await runOnPty({ dir }, ['user', 'import', file('desk.csv'), '--dry-run'], []);

    assert.equal(run.code, 3, run.screen);
    assert.match(run.screen, /checking rows \.\.\./);
    assert.match(run.screen, /⚠ 3 rows: 2 would import, 1 rejected/);
  });

  it('refuses Latin-1 naming the byte and line, and reads it with --encoding latin1', async () => {
    await writeFile(file('latin1.csv'), Buffer.from(`${HEADER}\n${ROW('a', 'José')}\n`, 'latin1'));

    const refused = await importFile('latin1.csv');
    const accepted = await importFile('latin1.csv', '--encoding', 'latin1');

    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /the input is not UTF-8: byte 58 \(line 2\)/);
    assert.match(refused.stderr, /--encoding latin1/);
    assert.equal(accepted.code, 0, accepted.stderr);
  });

  it('refuses UTF-16 and names the --encoding to use', async () => {
    await writeFile(file('utf16.csv'), Buffer.from(`\uFEFF${HEADER}\n${ROW('a')}\n`, 'utf16le'));

    const run = await importFile('utf16.csv');

    assert.equal(run.code, 1);
    assert.match(run.stderr, /UTF-16LE byte order mark/);
    assert.match(run.stderr, /--encoding utf-16le/);
  });

  it('processes the elements of an unclosed JSON array, then fails naming where it broke off', async () => {
    await writeFile(
      file('cut.json'),
      '[{"user_id":"a","type":"attendee","name":"Ana","phone":"+14155550100"},\n{"user_id":"b","type":"attendee","name":"Bo","phone":"+14155550100"},\n{"user_id":"c","ty',
    );

    const run = await importFile('cut.json');

    assert.equal(run.code, 1);
    assert.match(run.stderr, /error: the JSON array breaks off after element 2/);
    assert.match(run.stderr, /the 2 complete element\(s\) before the break were processed/);
  });

  it('reads JSON Lines from stdin with -', async () => {
    const lines = [
      '{"user_id":"a","type":"attendee","name":"Ana","phone":"+14155550100"}',
      '{"user_id":"b","type":"nobody","name":"Bo","phone":"+14155550100"}',
    ];

    const run = await runCli(['user', 'import', '-', '--dry-run', '--json'], { cwd: dir, input: `${lines.join('\n')}\n` });

    assert.equal(run.code, 3, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as { format: string; imported: number; rejected: number }).format, 'jsonl');
    assert.match(readFileSync(file('stdin.rejects.csv'), 'utf8'), /b,nobody,Bo,,,\+14155550100,,2,type,"type must be one of/);
  });

  it('refuses a 100 MB single line early, without holding it in memory', async () => {
    const big = file('big.csv');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(big);
      out.on('error', reject);
      out.write(`${HEADER}\na,attendee,"`);
      const block = 'x'.repeat(1024 * 1024);
      for (let index = 0; index < 100; index++) out.write(block);
      out.end('",,,+14155550100,\n', resolve);
    });

    const child = spawn(process.execPath, [QRCARD_BIN, 'user', 'import', big, '--dry-run'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peakKb = 0;
    const sampler = setInterval(() => {
      try {
        const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        peakKb = Math.max(peakKb, Number(rss ?? 0));
      } catch {
        // the process has ended
      }
    }, 10);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(sampler);

    assert.equal(code, 1);
    assert.match(stderr, /error: the row from line 2 is longer than 1048576 characters/);
    assert.ok(peakKb > 0, 'the child was sampled');
    assert.ok(peakKb < 150 * 1024, `peak RSS ${Math.round(peakKb / 1024)} MB`);
  });
});
