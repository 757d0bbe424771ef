import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jsonError, runCli } from '../support/cli.js';
import { parseJsonObject } from '../support/json.js';
import { withTempDir } from '../support/temp-dir.js';

test('--help lists the command groups and exits 0', async () => {
  const run = await runCli(['--help']);
  assert.equal(run.code, 0);
  for (const command of ['init', 'config']) assert.match(run.stdout, new RegExp(`^  ${command}\\b`, 'm'));
  assert.match(run.stdout, /--endpoint-url/);
  assert.match(run.stdout, /Examples:/);
});

test('--version prints the package version', async () => {
  const manifest = parseJsonObject(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
  const run = await runCli(['--version']);
  assert.equal(run.code, 0);
  assert.equal(run.stdout.trim(), manifest.version);
});

test('an unknown command exits 2 and suggests the nearest one', async () => {
  const run = await runCli(['confg']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /unknown command 'confg'/);
  assert.match(run.stderr, /Did you mean config\?/);
  assert.equal((await runCli(['nosuch'])).code, 2);
});

test('an unknown option exits 2 and suggests the nearest one', async () => {
  const run = await runCli(['--verbos', 'config']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /Did you mean --verbose\?/);
});

test('`qrcard config` on a broken file exits 2 and names every bad field', async () => {
  await withTempDir('cli', async (dir) => {
    await writeFile(
      path.join(dir, 'qrcard.config.json'),
      JSON.stringify({ app: 'Bad App', logRetentionDays: 8, cardTypes: [{ id: 'x', label: 'X', accent: 'blue' }] }),
    );
    const run = await runCli(['config'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /has 3 problems/);
    assert.match(run.stderr, /\$\.app: /);
    assert.match(run.stderr, /\$\.logRetentionDays: /);
    assert.match(run.stderr, /\$\.cardTypes\[0\]\.accent: /);
    assert.match(run.stderr, /hint: /);
  });
});

test('--json turns an error into one JSON document on stdout', async () => {
  await withTempDir('cli', async (dir) => {
    await writeFile(path.join(dir, 'qrcard.config.json'), '{ nope');
    const run = await runCli(['--json', 'config'], { cwd: dir });
    assert.equal(run.code, 2);
    const error = jsonError(run.stdout);
    assert.equal(error.code, 'config-invalid');
    assert.match(error.message, /is not valid JSON/);
  });
});

test('`qrcard config` without a file prints the defaults as JSON', async () => {
  await withTempDir('cli', async (dir) => {
    const run = await runCli(['config'], { cwd: dir });
    assert.equal(run.code, 0);
    assert.equal(parseJsonObject(run.stdout).app, 'qrcard');
    assert.match(run.stderr, /showing the defaults/);
  });
});

test('`qrcard init` writes a config from flags without prompting, and will not overwrite it', async () => {
  await withTempDir('cli', async (dir) => {
    const first = await runCli(['init', '--app', 'badges', '--country', 'kr'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    const written = parseJsonObject(await readFile(path.join(dir, 'qrcard.config.json'), 'utf8'));
    assert.equal(written.app, 'badges');
    assert.equal(written.defaultCountry, 'KR');
    assert.equal(typeof written.$schema, 'string');
    assert.ok(existsSync(path.resolve(dir, written.$schema as string)), `$schema ${String(written.$schema)} names a file that exists`);
    const shown = await runCli(['config'], { cwd: dir });
    assert.equal(parseJsonObject(shown.stdout).app, 'badges');

    const again = await runCli(['init'], { cwd: dir });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    assert.match(again.stderr, /--force/);
    assert.equal((await runCli(['init', '--force', '--app', 'other'], { cwd: dir })).code, 0);
  });
});

test('`qrcard init` with an invalid flag exits 2 and writes nothing', async () => {
  await withTempDir('cli', async (dir) => {
    const run = await runCli(['init', '--app', 'Bad App'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /\$\.app: app name must start with a lowercase letter/);
    await assert.rejects(readFile(path.join(dir, 'qrcard.config.json')), { code: 'ENOENT' });
  });
});

test('a bad option of a subcommand is a usage error too', async () => {
  const run = await runCli(['config', '--bogus']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /unknown option '--bogus'/);
});
