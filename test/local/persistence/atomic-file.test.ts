// writeFileAtomically and its synchronous twin: the new content replaces the old whole, and a failed write leaves
// no temporary file behind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically, writeFileAtomicallySync } from '../../../src/local/persistence/atomic-file.js';
import { withTempDir } from '../../support/temp-dir.js';

const writers = {
  writeFileAtomically,
  // Its errors thrown, as rejections, so that both run under the same assertions.
  writeFileAtomicallySync: (path: string, data: string | Uint8Array) => Promise.resolve().then(() => writeFileAtomicallySync(path, data)),
};

for (const [name, writeFileAtomically] of Object.entries(writers))
  describe(name, () => {
    it('replaces an existing file and leaves only that file in the directory', async () => {
      await withTempDir('atomic-file', async (dir) => {
        const file = join(dir, 'state.json');
        await writeFile(file, 'old');

        await writeFileAtomically(file, '{"new":true}');
        await writeFileAtomically(join(dir, 'data.bin'), Buffer.from([0, 1, 2]));

        assert.equal(await readFile(file, 'utf8'), '{"new":true}');
        assert.deepEqual([...(await readFile(join(dir, 'data.bin')))], [0, 1, 2]);
        assert.deepEqual((await readdir(dir)).sort(), ['data.bin', 'state.json']);
      });
    });

    it('removes its temporary file and rethrows when the rename fails', async () => {
      await withTempDir('atomic-file', async (dir) => {
        // A non-empty directory under the target name: the temporary file is written, the rename is refused.
        const target = join(dir, 'taken');
        await mkdir(target);
        await writeFile(join(target, 'inside'), 'x');

        await assert.rejects(writeFileAtomically(target, 'data'), (error: NodeJS.ErrnoException) => error.code !== undefined);

        assert.deepEqual(await readdir(dir), ['taken']);
        assert.deepEqual(await readdir(target), ['inside']);
      });
    });

    it('rejects without creating anything when the directory does not exist', async () => {
      await withTempDir('atomic-file', async (dir) => {
        await assert.rejects(writeFileAtomically(join(dir, 'missing', 'state.json'), 'data'), { code: 'ENOENT' });

        assert.deepEqual(await readdir(dir), []);
      });
    });
  });
