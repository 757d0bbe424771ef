import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLambdaRunner } from '../../src/local/functions/lambda-runner.js';

const behaviours = fileURLToPath(new URL('../fixtures/functions/behaviours', import.meta.url));

describe('profiling local functions', { timeout: 60_000 }, () => {
  let profiles: string;

  before(async () => {
    profiles = await mkdtemp(path.join(tmpdir(), 'qrcard-function-profiles-'));
  });

  after(async () => {
    delete process.env['QRCARD_LOCAL_FUNCTION_NODE_OPTIONS'];
    await rm(profiles, { recursive: true, force: true });
  });

  it("passes QRCARD_LOCAL_FUNCTION_NODE_OPTIONS to the functions' host process and lets it write its profiles when the runner stops", async () => {
    process.env['QRCARD_LOCAL_FUNCTION_NODE_OPTIONS'] = `--cpu-prof --cpu-prof-dir=${profiles}`;
    const runner = createLambdaRunner({ endpoint: 'http://127.0.0.1:4566', logs: { append: () => {} }, maxConcurrencyPerFunction: 1 });
    runner.deploy({ functionName: 'behaviours', codeDirectory: behaviours, environment: {}, timeoutSeconds: 5 });

    const result = await runner.invoke('behaviours', { action: 'echo' });
    await runner.stop();

    assert.ok(result.ok);
    const written = await readdir(profiles);
    // One profile per thread: run from sources, tsx's loader thread writes one beside the main thread's.
    assert.ok(
      written.some((name) => name.endsWith('.cpuprofile')),
      `files: ${written.join(', ')}`,
    );
  });
});
