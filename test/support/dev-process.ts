// `qrcard dev` as a child process, as a person runs it: started in a project, waited for until it has printed
// its URLs (and deployed), watched through what it prints, and stopped with SIGTERM.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { localCliEnv, QRCARD_BIN } from './cli.js';

export interface DevOptions {
  /** Flags after `dev`. Default: none. */
  readonly args?: readonly string[];
  /** Print the ready document as JSON (`qrcard --json dev`) rather than the URL lines. Default: false. */
  readonly json?: boolean;
  /** Default: localCliEnv(). */
  readonly env?: NodeJS.ProcessEnv;
  /** Default: this checkout's bin/qrcard. */
  readonly bin?: string;
  /** Node's own flags, before the bin (`--cpu-prof`). Default: none. */
  readonly nodeArgs?: readonly string[];
}

export interface DevStartOptions extends DevOptions {
  /**
   * What startDev waits for: `deployed` (the default), the URLs and a deploy that succeeded; `urls`, the URLs
   * alone, for `--no-deploy` or a test that looks at the deploy itself.
   */
  readonly until?: 'deployed' | 'urls';
  /** Default: 240 s. */
  readonly timeoutMs?: number;
}

export interface DevExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface DevProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr matches `pattern`; rejects after `timeoutMs` (default 60 s) or when the process ends first. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves once the process has ended and its output is read. */
  readonly exited: Promise<DevExit>;
  /**
   * Sends SIGTERM (unless it has ended) and resolves with the exit. One still running after `timeoutMs` (default
   * 30 s) is killed with its child processes, and the call fails.
   */
  stop(timeoutMs?: number): Promise<DevExit>;
}

export interface RunningDev extends DevProcess {
  readonly siteUrl: string;
  readonly endpoint: string;
}

const DEPLOYED = /qrcard-dev (created|updated|is up to date)/;
const DEPLOY_FAILED = /deploy failed|deploying into the local engine failed/;

/** Spawns `qrcard dev` in `project` and returns at once; see startDev to wait for it. */
export function spawnDev(project: string, options: DevOptions = {}): DevProcess {
  return launch(project, options).dev;
}

/** Starts `qrcard dev` in `project` and resolves once it has printed its URLs (and, by default, deployed the stack). */
export async function startDev(project: string, options: DevStartOptions = {}): Promise<RunningDev> {
  const { dev, watch } = launch(project, options);
  const untilDeployed = options.until !== 'urls';
  try {
    const urls = await watch(
      () => {
        if (untilDeployed && DEPLOY_FAILED.test(dev.stderr())) throw new Error(`qrcard dev could not deploy:\n${dev.stderr()}`);
        const urls = options.json ? urlsOfDocument(dev.stdout()) : urlsOfLines(dev.stdout());
        const deployed = !untilDeployed || DEPLOYED.test(dev.stderr());
        return deployed ? urls : undefined;
      },
      untilDeployed ? 'URLs and deployed stack' : 'URLs',
      options.timeoutMs ?? 240_000,
    );
    return { ...dev, ...urls };
  } catch (error) {
    await dev.stop().catch(() => undefined);
    throw error;
  }
}

function urlsOfLines(stdout: string): { siteUrl: string; endpoint: string } | undefined {
  const siteUrl = /^Site\s+(\S+)/m.exec(stdout)?.[1];
  const endpoint = /^Endpoint\s+(\S+)/m.exec(stdout)?.[1];
  return siteUrl && endpoint ? { siteUrl, endpoint } : undefined;
}

const readyDocumentUrls = z.looseObject({ siteUrl: z.string(), endpoint: z.string() });

/** The URLs of the ready document `--json` prints, once all of it is there. */
function urlsOfDocument(stdout: string): { siteUrl: string; endpoint: string } | undefined {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  const urls = readyDocumentUrls.safeParse(document);
  return urls.success ? { siteUrl: urls.data.siteUrl, endpoint: urls.data.endpoint } : undefined;
}

/** Resolves with what `check` finds once it finds something; rejects after `timeoutMs`, when `check` throws, or once the process has ended. */
type Watch = <T>(check: () => T | undefined, what: string, timeoutMs: number) => Promise<T>;

function launch(project: string, options: DevOptions): { dev: DevProcess; watch: Watch } {
  const args = [
    ...(options.nodeArgs ?? []),
    options.bin ?? QRCARD_BIN,
    ...(options.json ? ['--json'] : []),
    'dev',
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: project, env: options.env ?? localCliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  let ended = false;
  const checks = new Set<() => void>();
  const recheck = () => {
    for (const check of checks) check();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    recheck();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    recheck();
  });
  const exited = new Promise<DevExit>((resolve) =>
    child.on('close', (code, signal) => {
      ended = true;
      resolve({ code, signal });
      recheck();
    }),
  );
  const watch: Watch = (check, what, timeoutMs) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => settle(() => reject(new Error(`qrcard dev: no ${what} within ${timeoutMs} ms:\n${stdout}\n${stderr}`))),
        timeoutMs,
      );
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        checks.delete(look);
        outcome();
      };
      const look = () => {
        try {
          const found = check();
          if (found !== undefined) settle(() => resolve(found));
          else if (ended)
            settle(() =>
              reject(new Error(`qrcard dev ended (${String(child.exitCode ?? child.signalCode)}) before ${what}:\n${stdout}\n${stderr}`)),
            );
        } catch (error) {
          settle(() => reject(error instanceof Error ? error : new Error(String(error))));
        }
      };
      checks.add(look);
      look();
    });
  const dev: DevProcess = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStderr: (pattern, timeoutMs = 60_000) =>
      watch(() => (pattern.test(stderr) ? true : undefined), String(pattern), timeoutMs).then(() => {}),
    exited,
    stop: (timeoutMs = 30_000) => stop(dev, timeoutMs),
  };
  return { dev, watch };
}

async function stop(dev: DevProcess, timeoutMs: number): Promise<DevExit> {
  const { child } = dev;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  const exit = await Promise.race([dev.exited, late]).finally(() => clearTimeout(timer));
  if (exit !== 'late') return exit;
  for (const pid of [...childPids(child.pid!), child.pid!]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  await dev.exited;
  throw new Error(`qrcard dev was still running ${timeoutMs} ms after SIGTERM, so it was killed:\n${dev.stderr()}`);
}

/** Pids of the processes whose parent is `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // Field 4 (ppid) follows the parenthesised command name, which may itself hold spaces.
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Whether `pid` still runs: it exists and has not ended (a zombie, ended but not yet reaped, does not count). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
