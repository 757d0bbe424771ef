// The build contexts `qrcard dev --watch` keeps: a rebuild gives the deploy's bytes and the files the function
// reads, and a compile error comes back as `file:line:column: message`, not as a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleFunction } from '../../src/deploy/esbuild-bundle.js';
import { functionEntry, packageRoot } from '../../src/deploy/function-entries.js';
import { createFunctionRebuilder, formatBuildMessage } from '../../src/deploy/function-rebuild.js';
import { withTempDir } from '../support/temp-dir.js';

test('a rebuild of get-user gives the bytes a deploy bundles, and lists the files it reads', { timeout: 120_000 }, async () => {
  const root = packageRoot();
  const rebuilder = await createFunctionRebuilder(root, ['get-user']);
  try {
    const rebuilt = await rebuilder.rebuild('get-user');
    const deployed = await bundleFunction({ functionId: 'get-user', entry: functionEntry('get-user', root), root });

    assert.equal(rebuilt.kind, 'built');
    if (rebuilt.kind !== 'built') return;
    assert.ok(Buffer.from(rebuilt.bundle.code.data).equals(Buffer.from(deployed.code.data)), 'same index.mjs as a deploy');
    assert.ok(rebuilt.inputs.includes('src/lambda/get-user.ts'), rebuilt.inputs.slice(0, 5).join(', '));
    assert.ok(rebuilt.inputs.includes('src/core/record.ts'));
    assert.ok(!rebuilt.inputs.includes('src/lambda/register-user.ts'), 'only what get-user imports');
    await assert.rejects(rebuilder.rebuild('render-card'), /no build context for render-card/);
  } finally {
    await rebuilder.dispose();
  }
});

test('a compile error is returned as file:line:column: message', { timeout: 120_000 }, async () => {
  await withTempDir('rebuild', async (root) => {
    await mkdir(path.join(root, 'src', 'lambda'), { recursive: true });
    await writeFile(path.join(root, 'src', 'lambda', 'get-user.ts'), 'export const handler = (;\n');
    const rebuilder = await createFunctionRebuilder(root, ['get-user']);
    try {
      const rebuilt = await rebuilder.rebuild('get-user');

      assert.equal(rebuilt.kind, 'failed');
      if (rebuilt.kind !== 'failed') return;
      assert.match(rebuilt.errors[0] ?? '', /^src\/lambda\/get-user\.ts:1:\d+: /);
    } finally {
      await rebuilder.dispose();
    }
  });
  assert.equal(formatBuildMessage({ text: 'no location', location: null }), 'no location');
});
