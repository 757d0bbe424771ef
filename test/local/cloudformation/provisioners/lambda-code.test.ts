// Function code on disk: each stage unpacks a zip once, or copies what another stage left in the per-user cache.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { zipOf } from '../../../support/zip-of.js';
import { codeDirectoryFor } from '../../../../src/local/cloudformation/provisioners/lambda-code.js';
import { withTempDir } from '../../../support/temp-dir.js';

const read = (dir: string, file: string) => readFile(path.join(dir, file), 'utf8');

describe('function code shared between stages', () => {
  it('unpacks a zip once per stage and leaves a copy that the next stage takes instead of unpacking', async () => {
    await withTempDir('lambda-code', async (dir) => {
      const shared = path.join(dir, 'user-cache', 'function-code');
      const zip = await zipOf({ 'index.mjs': 'export const handler = () => 1;\n', 'lib/util.mjs': 'export {};\n' });

      const first = await codeDirectoryFor(path.join(dir, 'dev', 'reader'), zip, shared);
      const [hash] = await readdir(shared);
      assert.equal(path.basename(first), hash);
      // What the next stage gets is the shared copy: marked here, it shows up there.
      await writeFile(path.join(shared, hash!, 'from-the-cache.txt'), 'copied');
      const second = await codeDirectoryFor(path.join(dir, 'prod', 'reader'), zip, shared);

      assert.notEqual(second, first);
      assert.equal(await read(second, 'from-the-cache.txt'), 'copied');
      assert.equal(await read(second, 'lib/util.mjs'), 'export {};\n');
      assert.equal(await codeDirectoryFor(path.join(dir, 'prod', 'reader'), zip, shared), second);
    });
  });

  it('keeps a stage from changing the code of another, or the shared copy', async () => {
    await withTempDir('lambda-code', async (dir) => {
      const shared = path.join(dir, 'function-code');
      const zip = await zipOf({ 'index.mjs': 'original\n' });
      const first = await codeDirectoryFor(path.join(dir, 'dev', 'reader'), zip, shared);
      await writeFile(path.join(first, 'index.mjs'), 'changed by a handler\n');

      const second = await codeDirectoryFor(path.join(dir, 'prod', 'reader'), zip, shared);

      assert.equal(await read(second, 'index.mjs'), 'original\n');
      assert.equal(await read(path.join(shared, path.basename(first)), 'index.mjs'), 'original\n');
    });
  });

  it('without a shared folder, unpacks in the stage alone', async () => {
    await withTempDir('lambda-code', async (dir) => {
      const code = await codeDirectoryFor(path.join(dir, 'dev', 'reader'), await zipOf({ 'index.mjs': 'one\n' }));

      assert.equal(await read(code, 'index.mjs'), 'one\n');
      assert.deepEqual(await readdir(dir), ['dev']);
    });
  });

  it('keeps the twelve codes used last, and removes the half-written copy of a process that died', async () => {
    await withTempDir('lambda-code', async (dir) => {
      const shared = path.join(dir, 'function-code');
      const codes: string[] = [];
      for (let version = 0; version < 12; version++) {
        codes.push(
          path.basename(await codeDirectoryFor(path.join(dir, 'dev', 'reader'), await zipOf({ 'index.mjs': `${version}\n` }), shared)),
        );
        // Each a second older than the next, whatever the file system's clock resolution.
        const usedAt = new Date(Date.now() - (12 - version) * 1000);
        await utimes(path.join(shared, codes.at(-1)!), usedAt, usedAt);
      }
      const thirteenth = await zipOf({ 'index.mjs': 'thirteenth\n' });
      const dead = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['-e', '']);
        child.on('exit', () => resolve(child.pid!));
      });
      const abandoned = path.join(shared, `${createHash('sha256').update(thirteenth).digest('hex').slice(0, 16)}.partial-${dead}-1`);
      await mkdir(abandoned);

      // Another stage takes the oldest, which makes it the one used last; the thirteenth then pushes one out.
      await codeDirectoryFor(path.join(dir, 'prod', 'reader'), await zipOf({ 'index.mjs': '0\n' }), shared);
      await codeDirectoryFor(path.join(dir, 'prod', 'reader'), thirteenth, shared);

      const kept = await readdir(shared);
      assert.equal(kept.length, 12);
      assert.ok(kept.includes(codes[0]!), 'the oldest, used again, is kept');
      assert.ok(!kept.includes(codes[1]!), 'the one used longest ago is gone');
      await assert.rejects(stat(abandoned), { code: 'ENOENT' });
    });
  });
});
