// One `qrcard dev` in a temporary project with the built page deployed, and one headless Chromium, shared by
// a browser test file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ensureFreshDist, localCliEnv, runCli, type CliRun } from '../support/cli.js';
import { startDev } from '../support/dev-process.js';
import { toolSkipReason } from '../support/external-tool.js';
import { seedSharpCache } from '../support/sharp-cache.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here (Chromium missing), or undefined. */
export const browserSkipReason = toolSkipReason(CHROMIUM, 'chromium');

export interface PageEngine {
  readonly siteUrl: string;
  readonly browser: Browser;
  qrcard(args: readonly string[]): Promise<CliRun>;
  stop(): Promise<void>;
}

export async function startPageEngine(): Promise<PageEngine> {
  ensureFreshDist(['src/cli', 'src/local', 'src/deploy', 'src/aws', 'src/core', 'src/lambda', 'src/card']);
  const dir = await mkdtemp(path.join(tmpdir(), 'qrcard-page-'));
  await seedSharpCache(dir);
  const dev = await startDev(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  return {
    siteUrl: dev.siteUrl,
    browser,
    qrcard: (args) => runCli(['--local', ...args], { cwd: dir, env: localCliEnv(), timeoutMs: 120_000 }),
    async stop() {
      try {
        await browser.close();
        await dev.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
