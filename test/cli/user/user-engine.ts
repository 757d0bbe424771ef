// A `qrcard dev` engine in a temporary project for the user command tests: started once per describe,
// with helpers to run bin/qrcard against it (`--local`) through pipes or on a pseudo-terminal.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { clientConfig, s3Config } from '../../../src/aws/clients.js';
import type { Target } from '../../../src/aws/target.js';
import { ensureFreshDist, localCliEnv, QRCARD_BIN, runCli, type CliRun } from '../../support/cli.js';
import { startDev } from '../../support/dev-process.js';
import { toolSkipReason } from '../../support/external-tool.js';
import { parseJsonAs } from '../../support/json.js';
import { seedSharpCache } from '../../support/sharp-cache.js';

/** The environment of every qrcard run here: no outside endpoint or region, and not CI, so a pty may prompt. */
export function cliEnv(): NodeJS.ProcessEnv {
  return localCliEnv({}, ['CI', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'GITHUB_ACTIONS']);
}

const outputsSchema = z.looseObject({ UsersTableName: z.string(), CardsBucketName: z.string(), CardRequestsTopicArn: z.string() });

export interface UserEngine {
  readonly dir: string;
  readonly endpoint: string;
  /** The site's URL, the API under `/api`. */
  readonly siteUrl: string;
  readonly tableName: string;
  readonly topicArn: string;
  readonly cardsBucket: string;
  /** SDK clients aimed at the engine, for preparing and checking state around a command. */
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  /** `qrcard --local ...args` in the project, stdin a pipe. */
  qrcard(args: readonly string[]): Promise<CliRun>;
  stop(): Promise<void>;
}

/** What a command did on a pseudo-terminal: its exit code and everything it showed, without escape codes. */
export interface PtyRun {
  readonly code: number | null;
  readonly screen: string;
}

/** One exchange with a prompt: once the screen matches `when`, type `send` (`\r` is Enter). */
export interface PtyStep {
  readonly when: RegExp;
  readonly send: string;
}

/** Starts `qrcard dev` in a fresh project and resolves once its stack is deployed. */
export async function startUserEngine(): Promise<UserEngine> {
  ensureFreshDist(['src/cli', 'src/local', 'src/deploy', 'src/aws', 'src/core', 'src/lambda', 'src/card']);
  const dir = await mkdtemp(path.join(tmpdir(), 'qrcard-user-'));
  await seedSharpCache(dir);
  const dev = await startDev(dir, { env: cliEnv() });
  const { endpoint, siteUrl } = dev;
  const target: Target = { kind: 'local', endpoint, region: 'us-east-1' };
  const qrcard = (args: readonly string[]) => runCli(['--local', ...args], { cwd: dir, env: cliEnv(), timeoutMs: 120_000 });
  const outputs = await qrcard(['outputs', '--json']);
  if (outputs.code !== 0) {
    await dev.stop();
    throw new Error(`qrcard outputs failed:\n${outputs.stderr}`);
  }
  const { UsersTableName, CardsBucketName, CardRequestsTopicArn } = parseJsonAs(outputs.stdout, outputsSchema);
  const dynamodb = new DynamoDBClient(clientConfig(target));
  const s3 = new S3Client(s3Config(target));
  return {
    dir,
    endpoint,
    siteUrl,
    tableName: UsersTableName,
    topicArn: CardRequestsTopicArn,
    cardsBucket: CardsBucketName,
    dynamodb,
    s3,
    qrcard,
    async stop() {
      dynamodb.destroy();
      s3.destroy();
      try {
        await dev.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** util-linux `script`, which runs a command on a pseudo-terminal. */
const SCRIPT = '/usr/bin/script';

/** Why the pseudo-terminal tests cannot run here, or undefined when they can. */
export const ptySkipReason = toolSkipReason(SCRIPT, 'util-linux');

const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** Runs `qrcard --local ...args` on a pseudo-terminal (util-linux `script`), answering prompts as `steps` say. */
export function runOnPty(engine: Pick<UserEngine, 'dir'>, args: readonly string[], steps: readonly PtyStep[]): Promise<PtyRun> {
  const command = [process.execPath, QRCARD_BIN, '--local', ...args].map(shellQuote).join(' ');
  const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { cwd: engine.dir, env: { ...cliEnv(), COLUMNS: '200' } });
  let raw = '';
  let next = 0;
  const screen = () => stripVTControlCharacters(raw);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no end on the pty within 60 s; waiting for ${String(steps[next]?.when)}:\n${screen()}`));
    }, 60_000);
    // Each step waits for its own prompt, which a later screen could repeat: only text after the last answer counts.
    let answeredAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
      const step = steps[next];
      if (step && step.when.test(stripVTControlCharacters(raw.slice(answeredAt)))) {
        answeredAt = raw.length;
        next += 1;
        child.stdin.write(step.send);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen: screen() });
    });
  });
}
