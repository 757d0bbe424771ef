import { spawn } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureFreshDist, QRCARD_BIN } from '../support/cli.js';

test('output piped into a reader that has gone (qrcard ... | head) ends quietly with exit code 0', async () => {
  ensureFreshDist(['src/cli']);
  const child = spawn(process.execPath, [QRCARD_BIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  // Close the reading end before qrcard writes anything, as `head` does once it has its lines.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

  assert.equal(stderr, '');
  assert.equal(code, 0);
});
