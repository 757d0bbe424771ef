// The AWS SDK's NodeVersionSupportWarning (it drops Node 20 in January 2027) is not printed by CLI commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/cli.js';
import { withTempDir } from '../support/temp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hostMajor = Number(process.versions.node.split('.')[0]);
/** Nothing that silences warnings comes from the test runner's own environment. */
const WARNINGS_ON = { NODE_NO_WARNINGS: undefined, NODE_OPTIONS: undefined, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined };
const NO_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_PROFILE: undefined,
  AWS_CONFIG_FILE: '/nonexistent',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
};

test(
  'the SDK warns about this Node when a client is built without the CLI',
  { skip: hostMajor >= 22 && 'the SDK warns on Node < 22 only' },
  () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(WARNINGS_ON)) delete env[name];
    const script = "const { S3Client } = await import('@aws-sdk/client-s3'); new S3Client({ region: 'us-east-1' });";
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /NodeVersionSupportWarning/);
  },
);

test('a command that builds SDK clients prints no NodeVersionSupportWarning', async () => {
  await withTempDir('sdk-warning', async (dir) => {
    const run = await runCli(['--endpoint-url', 'http://127.0.0.1:9', 'status'], { cwd: dir, env: { ...WARNINGS_ON, ...NO_CREDENTIALS } });
    // Reaching the credentials check means the clients were built, which is when the SDK would warn.
    assert.match(run.stderr, /no AWS credentials found/);
    assert.doesNotMatch(run.stderr, /NodeVersionSupportWarning|will require node/);
  });
});
