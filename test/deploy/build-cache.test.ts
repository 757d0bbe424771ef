import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildFingerprint,
  cachedArtifacts,
  copyCachedBuild,
  recordArtifacts,
  shareBuild,
  SHARED_BUILDS_KEPT,
  sharedBuildDir,
} from '../../src/deploy/build-cache.js';
import type { Artifact } from '../../src/deploy/publish-artifacts.js';
import { sha256Hex } from '../../src/deploy/s3-publish.js';

let root: string;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'qrcard-build-cache-'));
  await mkdir(path.join(root, 'src', 'lambda'), { recursive: true });
  await writeFile(path.join(root, 'src', 'lambda', 'get-user.ts'), 'export const handler = () => 1;\n');
  await writeFile(path.join(root, 'package.json'), '{"name":"fixture"}\n');
  await writeFile(path.join(root, 'package-lock.json'), '{}\n');
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('the fingerprint changes with a source file or the settings, and only then', async () => {
  const first = await buildFingerprint(root, { architecture: 'arm64' });

  assert.equal(await buildFingerprint(root, { architecture: 'arm64' }), first);
  assert.notEqual(await buildFingerprint(root, { architecture: 'x86_64' }), first);
  await writeFile(path.join(root, 'src', 'lambda', 'get-user.ts'), 'export const handler = () => 2;\n');
  assert.notEqual(await buildFingerprint(root, { architecture: 'arm64' }), first);
});

test('recorded artifacts are reused for the same fingerprint, not for another, nor when a zip changed', async () => {
  const outDir = path.join(root, 'build');
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'get-user.zip');
  await writeFile(file, 'zip-bytes');
  const artifacts: Artifact[] = [
    { functionId: 'get-user', file, key: `get-user/${sha256Hex('zip-bytes')}.zip`, sha256: sha256Hex('zip-bytes'), bytes: 9 },
  ];

  await recordArtifacts(outDir, 'f1', artifacts);

  assert.deepEqual(await cachedArtifacts(outDir, 'f1'), artifacts);
  assert.equal(await cachedArtifacts(outDir, 'f2'), undefined);
  await writeFile(file, 'other-bytes');
  assert.equal(await cachedArtifacts(outDir, 'f1'), undefined);
  assert.equal(await cachedArtifacts(path.join(root, 'nowhere'), 'f1'), undefined);
});

test('the fingerprint changes with a packed asset such as the default logo', async () => {
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  const first = await buildFingerprint(root, { architecture: 'arm64' });

  await writeFile(path.join(root, 'assets', 'logo.svg'), '<svg width="1"/>');

  assert.notEqual(await buildFingerprint(root, { architecture: 'arm64' }), first);
});

test("a stage with no build of its own takes a copy of another stage's build of the same inputs, and only of those", async () => {
  const stageA = path.join(root, 'build-a');
  await mkdir(stageA, { recursive: true });
  const file = path.join(stageA, 'get-user.zip');
  const sourceMapFile = path.join(stageA, 'get-user.index.mjs.map');
  await writeFile(file, 'zip-a');
  await writeFile(sourceMapFile, 'map-a');
  const built = {
    functionId: 'get-user' as const,
    file,
    sourceMapFile,
    key: `get-user/${sha256Hex('zip-a')}.zip`,
    sha256: sha256Hex('zip-a'),
    bytes: 5,
  };
  await recordArtifacts(stageA, 'f1', [built]);
  const shared = sharedBuildDir(path.join(root, 'cache'), 'f1'.repeat(20));
  await shareBuild(stageA, shared, 'f1');
  const stageB = path.join(root, 'build-b');

  const copied = await copyCachedBuild(shared, stageB, 'f1');
  const other = await copyCachedBuild(shared, path.join(root, 'build-c'), 'f2');

  assert.deepEqual(copied, [
    { ...built, file: path.join(stageB, 'get-user.zip'), sourceMapFile: path.join(stageB, 'get-user.index.mjs.map') },
  ]);
  assert.equal(await readFile(path.join(stageB, 'get-user.index.mjs.map'), 'utf8'), 'map-a');
  assert.deepEqual(await cachedArtifacts(stageB, 'f1'), copied);
  assert.equal(other, undefined);
});

test('the user cache keeps the builds made or used last and removes older ones when a new build is shared', async () => {
  const cacheRoot = path.join(root, 'user-cache');
  const stage = path.join(root, 'build-prune');
  await mkdir(stage, { recursive: true });
  const recordBuild = async (dir: string, fingerprint: string) => {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'get-user.zip'), fingerprint);
    const artifact = {
      functionId: 'get-user' as const,
      file: path.join(dir, 'get-user.zip'),
      key: 'k',
      sha256: sha256Hex(fingerprint),
      bytes: 2,
    };
    await recordArtifacts(dir, fingerprint, [artifact]);
  };
  const old = ['o1', 'o2', 'o3', 'o4', 'o5'];
  for (const [index, fingerprint] of old.entries()) {
    const dir = sharedBuildDir(cacheRoot, fingerprint.repeat(16));
    await recordBuild(dir, fingerprint);
    const madeAt = new Date(Date.UTC(2026, 0, 1 + index));
    await utimes(dir, madeAt, madeAt);
  }
  await copyCachedBuild(sharedBuildDir(cacheRoot, 'o1'.repeat(16)), path.join(root, 'build-used'), 'o1');
  await recordBuild(stage, 'n1');

  await shareBuild(stage, sharedBuildDir(cacheRoot, 'n1'.repeat(16)), 'n1');

  const kept = (await readdir(path.join(cacheRoot, 'function-cache'))).map((name) => name.slice(0, 2)).sort();
  assert.equal(SHARED_BUILDS_KEPT, 4);
  assert.deepEqual(kept, ['n1', 'o1', 'o4', 'o5']);
});
