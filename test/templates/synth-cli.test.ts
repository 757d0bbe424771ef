// `qrcard synth` through the real launcher, as a user runs it: no AWS credentials, no config or a config file.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ensureFreshDist } from '../support/cli.js';
import { parseTemplateText, prop, resource } from './template-inspection.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = path.join(root, 'bin', 'qrcard');

/** An environment with no AWS credentials, profile, region or config files anywhere. */
function credentialFreeEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_')) env[key] = value;
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
  };
}

function runSynth(args: readonly string[], cwd: string) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd, env: credentialFreeEnv(cwd), encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('qrcard synth (bin/qrcard)', { timeout: 120_000 }, () => {
  let workDir: string;

  // tsc emits even when files elsewhere in the tree have type errors; the assertions below judge the result.
  before(() => ensureFreshDist(['src/cli', 'src/templates', 'src/core']));

  const inTempDir = (body: () => void) => () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'qrcard-synth-'));
    try {
      body();
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  };

  it(
    'prints the JSON template of the default config, without credentials',
    inTempDir(() => {
      // Act
      const run = runSynth(['synth'], workDir);
      // Assess
      assert.equal(run.status, 0, run.stderr);
      const template = parseTemplateText(run.stdout, 'json');
      assert.equal(template.AWSTemplateFormatVersion, '2010-09-09');
      assert.equal(prop(resource(template, 'RegisterUserFunction'), 'FunctionName'), 'qrcard-dev-register-user');
      assert.equal(resource(template, 'UsersTable').DeletionPolicy, 'Delete');
    }),
  );

  it(
    'prints YAML for --format yaml, taking the stage from --stage',
    inTempDir(() => {
      const run = runSynth(['--stage', 'prod', 'synth', '--format', 'yaml'], workDir);
      assert.equal(run.status, 0, run.stderr);
      const template = parseTemplateText(run.stdout, 'yaml');
      assert.equal(resource(template, 'UsersTable').DeletionPolicy, 'Retain');
      assert.equal(prop(resource(template, 'GetUserFunction'), 'FunctionName'), 'qrcard-prod-get-user');
      assert.deepEqual(prop(resource(template, 'GetUserFunction'), 'Role'), { 'Fn::GetAtt': ['GetUserRole', 'Arn'] });
    }),
  );

  it(
    'writes the file given with -o (format from its extension) and reads app, stage and settings from the config',
    inTempDir(() => {
      // Prepare
      writeFileSync(
        path.join(workDir, 'qrcard.config.json'),
        JSON.stringify({ app: 'badges', stage: 'qa', architecture: 'x86_64', logRetentionDays: 90 }),
      );
      // Act
      const yamlRun = runSynth(['synth', '-o', 'out/../template.yaml'], workDir);
      const jsonRun = runSynth(['synth', '--output', 'template.json', '--format', 'json'], workDir);
      // Assess
      assert.equal(yamlRun.status, 0, yamlRun.stderr);
      assert.equal(jsonRun.status, 0, jsonRun.stderr);
      assert.match(yamlRun.stdout, /wrote .*template\.yaml \(yaml, \d+ resources\)/);
      const yamlText = readFileSync(path.join(workDir, 'template.yaml'), 'utf8');
      const jsonText = readFileSync(path.join(workDir, 'template.json'), 'utf8');
      assert.deepEqual(parse(yamlText), JSON.parse(jsonText));
      const fromJson = parseTemplateText(jsonText, 'json');
      const fn = resource(fromJson, 'RenderCardFunction');
      assert.equal(prop(fn, 'FunctionName'), 'badges-qa-render-card');
      assert.deepEqual(prop(fn, 'Architectures'), ['x86_64']);
      assert.equal(prop(resource(fromJson, 'RenderCardLogGroup'), 'RetentionInDays'), 90);
    }),
  );

  it(
    'fails with a usage error for an invalid stage',
    inTempDir(() => {
      const run = runSynth(['--stage', 'Not_Valid', 'synth'], workDir);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /invalid stage "Not_Valid"/);
    }),
  );
});
