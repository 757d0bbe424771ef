import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { QRCARD_BIN, runCli } from '../support/cli.js';
import { decodeQr, readVCard } from './card-fixtures.js';
import { withTempDir } from '../support/temp-dir.js';

test('card preview renders from flags to a file, reading the phone with the default country', async () => {
  await withTempDir('preview', async (dir) => {
    await writeFile(path.join(dir, 'qrcard.config.json'), JSON.stringify({ defaultCountry: 'KR' }));
    const run = await runCli(
      ['card', 'preview', '--name', '홍길동', '--company', '주식회사 한빛', '--phone', '010-1234-5678', '-o', 'hong.png'],
      { cwd: dir },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /hong\.png \(1050x600/);
    const vcard = readVCard((await decodeQr(await readFile(path.join(dir, 'hong.png'))))!);
    assert.deepEqual([vcard.fn, vcard.org, vcard.tel], ['홍길동', '주식회사 한빛', '+821012345678']);
  });
});

test('card preview writes the PNG to stdout with -o -', async () => {
  await withTempDir('preview', async (dir) => {
    await writeFile(
      path.join(dir, 'person.json'),
      JSON.stringify({ user_id: 'j1', type: 'speaker', name: 'João Conceição', company: 'Ação Ltda', phone: '+351912345678' }),
    );
    const chunks: Buffer[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [QRCARD_BIN, 'card', 'preview', '--record', 'person.json', '-o', '-'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'inherit'],
        timeout: 60_000,
      });
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', reject);
      child.on('close', resolve);
    });
    assert.equal(code, 0);
    const png = Buffer.concat(chunks);
    assert.deepEqual(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(readVCard((await decodeQr(png))!).fn, 'João Conceição');
  });
});

test('card preview lists every problem of an invalid record and exits 2', async () => {
  await withTempDir('preview', async (dir) => {
    await writeFile(path.join(dir, 'bad.json'), JSON.stringify({ type: 'nope', phone: 'call me', email: 'not-an-address' }));
    const run = await runCli(['card', 'preview', '--record', 'bad.json', '-o', 'x.png'], { cwd: dir });
    assert.equal(run.code, 2);
    for (const field of ['type', 'name', 'phone', 'email'])
      assert.match(run.stderr, new RegExp(`${field}`), `${field} not named:\n${run.stderr}`);
  });
});

test('card preview names a missing logo file from the config', async () => {
  await withTempDir('preview', async (dir) => {
    await writeFile(path.join(dir, 'qrcard.config.json'), JSON.stringify({ branding: { logo: 'brand/logo.png' } }));
    const run = await runCli(['card', 'preview', '--name', 'Ana', '--phone', '+14155552671', '-o', 'x.png'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /logo .*brand\/logo\.png: file not found/);
  });
});
