// bin/qrcard asks Node for its on-disk compile cache (Node 22+) before it loads the bundle. This machine's Node
// may not have `module.enableCompileCache`, so a preload puts a stand-in there that reports each call.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureFreshDist, QRCARD_BIN } from '../support/cli.js';

const STAND_IN = `data:text/javascript,${encodeURIComponent(
  "import module from 'node:module'; module.enableCompileCache = () => { process.stderr.write('compile cache asked for\\n'); return { status: 0 }; };",
)}`;
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function qrcardVersion(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', STAND_IN, QRCARD_BIN, '--version'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('the bundled CLI asks for the compile cache where Node has one, and still runs', () => {
  ensureFreshDist(['src/cli']);

  const run = qrcardVersion({ QRCARD_CLI_UNBUNDLED: undefined });

  assert.equal(run.stderr, 'compile cache asked for\n');
  assert.equal(run.stdout.trim(), VERSION);
  assert.equal(run.status, 0);
});

test("the coverage run's file-for-file build does not ask for it", () => {
  ensureFreshDist(['src/cli']);

  const run = qrcardVersion({ QRCARD_CLI_UNBUNDLED: '1' });

  assert.equal(run.stderr, '');
  assert.equal(run.stdout.trim(), VERSION);
  assert.equal(run.status, 0);
});
