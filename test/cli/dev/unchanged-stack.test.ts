// `qrcard dev` skips the re-check deploy only while nothing that goes into the stack has changed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  devInputsDigest,
  forgetLastDevDeploy,
  readLastDevDeploy,
  savedStacksDigest,
  unchangedSince,
  writeLastDevDeploy,
  type DevStackInputs,
} from '../../../src/cli/dev/unchanged-stack.js';
import { configSchema } from '../../../src/core/config.js';
import { withTempDir } from '../../support/temp-dir.js';

/** A package with one source file, a built page, and a project with a config and a logo. */
async function layout(dir: string): Promise<DevStackInputs> {
  const root = path.join(dir, 'pkg');
  const project = path.join(dir, 'project');
  await mkdir(path.join(root, 'src', 'lambda'), { recursive: true });
  await mkdir(path.join(root, 'dist', 'site'), { recursive: true });
  await mkdir(project, { recursive: true });
  await writeFile(path.join(root, 'src', 'lambda', 'get-user.ts'), 'export const a = 1;\n');
  await writeFile(path.join(root, 'dist', 'site', 'index.html'), '<html></html>\n');
  await writeFile(path.join(root, 'package.json'), '{}\n');
  await writeFile(path.join(project, 'logo.png'), 'png');
  await writeFile(path.join(project, 'qrcard.config.json'), '{}\n');
  return {
    config: configSchema.parse({ branding: { logo: 'logo.png' } }),
    configFile: path.join(project, 'qrcard.config.json'),
    configDir: project,
    stage: 'dev',
    region: 'us-east-1',
    packageRoot: root,
    siteDir: path.join(root, 'dist', 'site'),
  };
}

/** Gives `file` new contents and a modification time a minute later, as an editor's save does. */
async function edit(file: string, text: string): Promise<void> {
  await writeFile(file, text);
  const later = new Date(Date.now() + 60_000);
  await utimes(file, later, later);
}

describe('devInputsDigest', () => {
  it('is the same for the same files and settings', async () => {
    await withTempDir('unchanged-stack', async (dir) => {
      const inputs = await layout(dir);

      assert.equal(await devInputsDigest(inputs), await devInputsDigest(inputs));
    });
  });

  it("changes with a handler's source, the page, the logo, the config file, the config and the region", async () => {
    await withTempDir('unchanged-stack', async (dir) => {
      const inputs = await layout(dir);
      const seen = new Set([await devInputsDigest(inputs)]);
      const changes: Array<[string, () => Promise<DevStackInputs>]> = [
        [
          'handler source',
          async () => (await edit(path.join(inputs.packageRoot, 'src', 'lambda', 'get-user.ts'), 'export const a = 2;\n'), inputs),
        ],
        ['page', async () => (await edit(path.join(inputs.siteDir!, 'index.html'), '<html>!</html>\n'), inputs)],
        ['logo', async () => (await edit(path.join(inputs.configDir, 'logo.png'), 'png2'), inputs)],
        ['config file', async () => (await edit(inputs.configFile!, '{ }\n'), inputs)],
        ['config', () => Promise.resolve({ ...inputs, config: configSchema.parse({ app: 'badges' }) })],
        ['region', () => Promise.resolve({ ...inputs, region: 'eu-west-1' })],
      ];

      for (const [what, change] of changes) {
        const digest = await devInputsDigest(await change());
        assert.ok(!seen.has(digest), `a change of the ${what} changes the digest`);
        seen.add(digest);
      }
    });
  });
});

describe('the last dev deploy', () => {
  it('counts as unchanged only with the same inputs and the same saved stacks, and is gone once forgotten', async () => {
    await withTempDir('unchanged-stack', async (stateDir) => {
      await mkdir(path.join(stateDir, 'cloudformation'));
      await writeFile(path.join(stateDir, 'cloudformation', 'stack.json'), '{"status":"CREATE_COMPLETE"}');
      const stacks = await savedStacksDigest(stateDir);
      await writeLastDevDeploy(stateDir, { inputs: 'inputs-1', stacks, stackName: 'qrcard-dev', outputs: { UsersTableName: 't' } });
      const last = await readLastDevDeploy(stateDir);
      await edit(path.join(stateDir, 'cloudformation', 'stack.json'), '{"status":"UPDATE_COMPLETE"}');
      const stacksAfterAnotherDeploy = await savedStacksDigest(stateDir);

      assert.deepEqual(unchangedSince(last, 'inputs-1', stacks), last);
      assert.equal(unchangedSince(last, 'inputs-2', stacks), undefined);
      assert.equal(unchangedSince(last, 'inputs-1', stacksAfterAnotherDeploy), undefined);
      assert.equal(unchangedSince(undefined, 'inputs-1', stacks), undefined);
      await forgetLastDevDeploy(stateDir);
      assert.equal(await readLastDevDeploy(stateDir), undefined);
    });
  });
});
