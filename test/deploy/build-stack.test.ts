// The function zips are qrcard's own code, so one build serves every project on the machine: buildStack keeps it in
// the per-user cache, a new project copies it instead of bundling, and a damaged or half-written copy is never used.
// Real bundling (esbuild) in this process, one user cache for the file, each test building on what the one before left.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig } from '../../src/core/config.js';
import { buildFingerprint, cachedArtifacts, sharedBuildDir } from '../../src/deploy/build-cache.js';
import { buildArchitecture, buildStack, type StackSource } from '../../src/deploy/build-stack.js';
import { packageRoot } from '../../src/deploy/function-entries.js';
import type { Artifact } from '../../src/deploy/publish-artifacts.js';
import { recordingOutput } from './fake-io.js';

const SOURCE: StackSource = {
  config: defaultConfig(),
  stage: 'dev',
  target: { kind: 'local', endpoint: 'http://127.0.0.1:1', region: 'us-east-1' },
};

describe('the function build shared by every project through the user cache', { timeout: 300_000 }, () => {
  let root: string;
  let userCache: string;
  let sharedDir: string;
  let fingerprint: string;
  let firstBuild: readonly Artifact[];

  /** buildStack for a new project under `root`: its artifacts and the reporter's lines. */
  async function buildNewProject(name: string): Promise<{ artifacts: readonly Artifact[]; lines: string[] }> {
    const output = recordingOutput();
    const project = path.join(root, name);
    await mkdir(project);
    const { artifacts } = await buildStack(SOURCE, output, project, userCache);
    return { artifacts, lines: output.lines };
  }

  const bundled = (lines: readonly string[]) => lines.includes('start building functions');

  async function zipBytes(artifacts: readonly Artifact[]): Promise<Record<string, string>> {
    const entries = await Promise.all(
      artifacts.map(async (artifact) => [artifact.functionId, (await readFile(artifact.file)).toString('base64')]),
    );
    return Object.fromEntries(entries) as Record<string, string>;
  }

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'qrcard-shared-build-'));
    userCache = path.join(root, 'user-cache');
    fingerprint = await buildFingerprint(packageRoot(), { architecture: buildArchitecture(SOURCE.config, SOURCE.target) });
    sharedDir = sharedBuildDir(userCache, fingerprint);
  });

  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("a project's first build bundles and leaves a whole copy in the user cache", async () => {
    const { artifacts, lines } = await buildNewProject('first');
    firstBuild = artifacts;

    assert.ok(bundled(lines), lines.join('\n'));
    assert.deepEqual(
      (await cachedArtifacts(sharedDir, fingerprint))?.map((artifact) => artifact.sha256),
      artifacts.map((artifact) => artifact.sha256),
    );
    assert.deepEqual(
      (await readdir(path.dirname(sharedDir))).filter((name) => name.includes('.partial')),
      [],
    );
  });

  it('another project copies that build instead of bundling, the same bytes in its own folder', async () => {
    const { artifacts, lines } = await buildNewProject('second');

    assert.equal(bundled(lines), false, lines.join('\n'));
    assert.ok(lines.includes(`debug functions built before from the same code: copied from ${sharedDir}`), lines.join('\n'));
    assert.ok(artifacts.every((artifact) => artifact.file.startsWith(path.join(root, 'second', '.qrcard', 'build', 'dev'))));
    assert.deepEqual(await zipBytes(artifacts), await zipBytes(firstBuild));
  });

  it('a damaged copy (a zip cut short) is not used: the next project bundles and the copy is whole again', async () => {
    const zip = path.join(sharedDir, path.basename(firstBuild[0]!.file));
    await writeFile(zip, (await readFile(zip)).subarray(0, 100));

    const { lines } = await buildNewProject('after-damage');
    const repaired = await buildNewProject('after-repair');

    assert.ok(bundled(lines), lines.join('\n'));
    assert.equal(bundled(repaired.lines), false, repaired.lines.join('\n'));
    assert.deepEqual(await zipBytes(repaired.artifacts), await zipBytes(firstBuild));
  });

  it('a copy missing a zip is not used either', async () => {
    await rm(path.join(sharedDir, path.basename(firstBuild[1]!.file)));

    const { lines } = await buildNewProject('after-loss');

    assert.ok(bundled(lines), lines.join('\n'));
    assert.ok(await cachedArtifacts(sharedDir, fingerprint), 'a whole copy is in place again');
  });

  it("a copy a killed process left half-written is never used, and is cleared by the next build's copy", async () => {
    const abandoned = `${sharedDir}.partial-${await deadPid()}-1`;
    await cp(sharedDir, abandoned, { recursive: true });
    await rm(sharedDir, { recursive: true });

    const { lines } = await buildNewProject('after-kill');

    assert.ok(bundled(lines), lines.join('\n'));
    assert.deepEqual(
      (await readdir(path.dirname(sharedDir))).filter((name) => name.includes('.partial')),
      [],
    );
    assert.ok(await cachedArtifacts(sharedDir, fingerprint), 'a whole copy is in place again');
  });
});

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(child.pid !== undefined);
  return child.pid;
}
