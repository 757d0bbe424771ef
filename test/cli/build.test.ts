// `qrcard build` end to end through bin/qrcard: the zips it reports are the files it wrote, and it says
// which page deploy will publish beside them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { ensureFreshDist, localCliEnv, runCli } from '../support/cli.js';
import { parseJsonAs } from '../support/json.js';
import { seedSharpCache } from '../support/sharp-cache.js';
import { withTempDir } from '../support/temp-dir.js';

const buildResult = z.object({
  architecture: z.string(),
  outDir: z.string(),
  artifacts: z.array(z.object({ functionId: z.string(), file: z.string(), sha256: z.string(), bytes: z.number() })),
  site: z.object({ siteDir: z.string(), bytes: z.number(), files: z.array(z.unknown()) }),
});

test(
  'qrcard build --json lists the three zips it wrote, by size and hash, and the page deploy publishes',
  { timeout: 300_000 },
  async () => {
    ensureFreshDist(['src/cli', 'src/deploy', 'src/lambda', 'src/card', 'src/aws', 'src/core']);
    await withTempDir('build', async (work) => {
      await seedSharpCache(work);

      const run = await runCli(['build', '--arch', 'x86_64', '-o', 'out', '--json'], { cwd: work, env: localCliEnv(), timeoutMs: 240_000 });

      assert.equal(run.code, 0, run.stderr);
      const result = parseJsonAs(run.stdout, buildResult);
      assert.equal(result.architecture, 'x86_64');
      assert.equal(result.outDir, path.join(work, 'out'));
      assert.deepEqual(result.artifacts.map((artifact) => artifact.functionId).sort(), ['get-user', 'register-user', 'render-card']);
      for (const artifact of result.artifacts) {
        const bytes = await readFile(artifact.file);
        assert.equal(path.dirname(artifact.file), result.outDir);
        assert.equal(bytes.length, artifact.bytes, artifact.functionId);
        assert.equal(createHash('sha256').update(bytes).digest('hex'), artifact.sha256, artifact.functionId);
      }
      assert.ok(result.site.files.length > 0 && result.site.bytes > 0, 'the built page is reported');
      assert.match(run.stderr, /built 3 functions for x86_64 in out/);
      assert.match(run.stderr, /page: \d+ files, [\d.]+ kB in .*dist\/site, published by deploy/);
    });
  },
);
