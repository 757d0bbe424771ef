// Runs the real bin/qrcard as a subprocess (it uses dist/bundle, which `npm test` builds first).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { parseJsonAs } from './json.js';
import { processUserCache } from './user-cache.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const QRCARD_BIN = path.join(ROOT, 'bin', 'qrcard');

/** The outside settings a local run must not pick up: it talks to its own engine, in its own region. */
const OUTSIDE_AWS_SETTINGS = ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_DEFAULT_REGION'];

/**
 * The environment of bin/qrcard and `qrcard dev` in tests: plain output, no Node warnings, a user cache of the test
 * process's own, none of the outside AWS settings (nor the variables named in `unset`), plus `extra`.
 */
export function localCliEnv(extra: NodeJS.ProcessEnv = {}, unset: readonly string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_NO_WARNINGS: '1', QRCARD_NODE_CACHE: processUserCache(), ...extra };
  for (const name of [...OUTSIDE_AWS_SETTINGS, ...unset]) delete env[name];
  return env;
}

/**
 * Rebuilds dist when a source under `sourceDirs` (paths below `root`) is newer than its compiled file, for running one
 * test file alone. A build that fails throws with the compiler's output, so no test runs against an old dist/.
 */
export function ensureFreshDist(sourceDirs: readonly string[], root = ROOT): void {
  const stale = sourceDirs.some((dir) =>
    // Declaration files (types for an untyped package) compile to nothing, so they are never stale.
    spawnSync('find', [path.join(root, dir), '-name', '*.ts', '-not', '-name', '*.d.ts'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .some((file) => builtFrom(file, root).some((output) => modifiedAt(output) < modifiedAt(file))),
  );
  if (stale) buildDist(root);
}

/**
 * What the build makes of a source file: the page's sources (src/site, which tsc leaves out) become dist/site; every
 * other source its compiled file and, since bin/qrcard runs the bundle built after them, dist/bundle/main.js.
 */
function builtFrom(source: string, root: string): string[] {
  const relative = path.relative(path.join(root, 'src'), source);
  if (relative.startsWith(`site${path.sep}`)) return [path.join(root, 'dist', 'site', 'index.html')];
  return [path.join(root, 'dist', relative.replace(/\.ts$/, '.js')), path.join(root, 'dist', 'bundle', 'main.js')];
}

/** A file's modification time; a missing file is older than any. */
function modifiedAt(file: string): number {
  return existsSync(file) ? statSync(file).mtimeMs : -Infinity;
}

function buildDist(root: string): void {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
  if (build.error) throw new Error(`could not run npm run build in ${root}: ${build.error.message}`);
  if (build.status !== 0) {
    const how = build.signal === null ? `exit code ${String(build.status)}` : `signal ${build.signal}`;
    throw new Error(`npm run build failed (${how}), so dist/ is not fresh:\n${build.stdout}${build.stderr}`);
  }
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Default: this checkout's bin/qrcard. */
  readonly bin?: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** Runs `qrcard ...args` with stdin a pipe (never a TTY) and CI-like, colourless output; an `env` value of undefined removes that variable. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? QRCARD_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The one JSON document `--json` prints on stdout for an error; code, details and hint are left to the assertions. */
const errorDocumentSchema = z.looseObject({ error: z.looseObject({ message: z.string() }) });

/** The error of the document `--json` printed as `stdout`. */
export function jsonError(stdout: string): z.infer<typeof errorDocumentSchema>['error'] {
  return parseJsonAs(stdout, errorDocumentSchema).error;
}
