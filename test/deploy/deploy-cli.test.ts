// The deploy commands through bin/qrcard where no engine is needed: credential failures and help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonError, runCli } from '../support/cli.js';

/** An environment with no AWS credentials anywhere and the instance metadata service off. */
function noCredentials(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_') && name !== 'HOME') env[name] = value;
  return {
    ...env,
    HOME: home,
    NODE_NO_WARNINGS: '1',
    AWS_CONFIG_FILE: path.join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

test('status without credentials: exit 1, one error line and the fix, before any build', async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'qrcard-nocreds-'));
  try {
    const run = await runCli(['status'], { cwd: home, env: noCredentials(home) });

    assert.equal(run.code, 1);
    assert.deepEqual(run.stderr.trim().split('\n'), [
      'error: no AWS credentials found',
      'hint: run `aws configure` or `aws sso login`, set AWS_PROFILE (or --profile), or use --local for the local engine',
    ]);
    assert.equal(run.stdout, '');

    const deploy = await runCli(['deploy', '--json'], { cwd: home, env: noCredentials(home) });
    assert.equal(deploy.code, 1);
    assert.doesNotMatch(deploy.stderr, /building functions/);
    assert.equal(jsonError(deploy.stdout).code, 'aws-no-credentials');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('the deploy commands are listed in the help', async () => {
  const run = await runCli(['--help']);

  assert.equal(run.code, 0);
  for (const command of ['deploy', 'diff', 'status', 'outputs', 'destroy']) assert.match(run.stdout, new RegExp(`^  ${command}\\b`, 'm'));
});
