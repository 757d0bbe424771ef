// One `qrcard dev` in a temporary project with the built page deployed, and one headless Chromium, shared by
// a browser test file.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ensureFreshDist, QRCARD_BIN, runCli, type CliRun } from '../support/cli.js';
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

function devEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_NO_WARNINGS: '1' };
  for (const name of ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_DEFAULT_REGION']) delete env[name];
  return env;
}

const DEPLOYED = /qrcard-dev (created|updated|is up to date)/;

export async function startPageEngine(): Promise<PageEngine> {
  ensureFreshDist(['src/cli', 'src/local', 'src/deploy', 'src/aws', 'src/core', 'src/lambda', 'src/card']);
  const dir = await mkdtemp(path.join(tmpdir(), 'qrcard-page-'));
  await seedSharpCache(dir);
  const child = spawn(process.execPath, [QRCARD_BIN, 'dev'], { cwd: dir, env: devEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  const siteUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`qrcard dev did not deploy within 180 s:\n${stderr}`)), 180_000);
    const check = () => {
      const site = /^Site\s+(\S+)/m.exec(stdout)?.[1];
      if (site && DEPLOYED.test(stderr)) {
        clearTimeout(timer);
        resolve(site);
      } else if (/deploy failed/.test(stderr)) {
        clearTimeout(timer);
        reject(new Error(`qrcard dev could not deploy:\n${stderr}`));
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      check();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      check();
    });
    child.once('exit', () => reject(new Error(`qrcard dev ended before deploying:\n${stderr}`)));
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  return {
    siteUrl,
    browser,
    qrcard: (args) => runCli(['--local', ...args], { cwd: dir, env: devEnv(), timeoutMs: 120_000 }),
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
