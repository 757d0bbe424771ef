// One `qrcard dev` in a temporary project with the built page deployed, and one headless Chromium, shared by
// a browser test file.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ensureFreshDist, localCliEnv, QRCARD_BIN, runCli, type CliRun } from '../support/cli.js';
import { toolSkipReason } from '../support/external-tool.js';
import { seedSharpCache } from '../support/sharp-cache.js';
import { deployedValue } from '../support/deployed-value.js';

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
  const child = spawn(process.execPath, [QRCARD_BIN, 'dev'], { cwd: dir, env: localCliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  const siteUrl = await deployedValue(child, 'Site');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  return {
    siteUrl,
    browser,
    qrcard: (args) => runCli(['--local', ...args], { cwd: dir, env: localCliEnv(), timeoutMs: 120_000 }),
    async stop() {
      await browser.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
