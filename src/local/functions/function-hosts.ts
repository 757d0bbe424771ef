// The runner's side of the function hosts: one host process per Node executable, started with its first
// environment and ended a little after its last, and a channel to each environment in it.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineSplitter } from './line-splitter.js';
import type { EnvironmentMessage, EnvironmentSettings, HostCommand, HostReport, InvokeMessage } from './invoke-protocol.js';

/** How long a host asked to exit may take (to write a profile, say) before it is killed. */
const HOST_EXIT_GRACE_MS = 2_000;

/** What a host tells about one environment. */
export interface EnvironmentListener {
  /** Its messages, in the order it sent them. */
  messages(batch: readonly EnvironmentMessage[]): void;
  /** It ended: its thread exited with `code`, or the whole host ended (`signal` if by one). */
  exited(code: number | null, signal: NodeJS.Signals | null): void;
}

/** The runner's handle on one environment. */
export interface EnvironmentChannel {
  invoke(message: InvokeMessage): void;
  /** Ends it at once, busy or not; `exited` follows. */
  end(): void;
}

// Compiled, the host's entry sits next to this file as .js; run from sources, it is .ts and needs tsx.
function hostEntry(): { path: string; execArgv: string[] } {
  const compiled = fileURLToPath(new URL('./function-host.js', import.meta.url));
  if (existsSync(compiled)) return { path: compiled, execArgv: [] };
  return { path: fileURLToPath(new URL('./function-host.ts', import.meta.url)), execArgv: ['--import', import.meta.resolve('tsx')] };
}

/**
 * Extra node options for the host processes, for profiling: `QRCARD_LOCAL_FUNCTION_NODE_OPTIONS` in the
 * environment of `qrcard dev`, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles` (each environment's thread
 * writes its own profile). Unset, nothing is added.
 */
function profilingOptions(): string[] {
  return (process.env['QRCARD_LOCAL_FUNCTION_NODE_OPTIONS'] ?? '').split(' ').filter((option) => option !== '');
}

class FunctionHost {
  private readonly child: ChildProcess;
  private readonly listeners = new Map<number, EnvironmentListener>();
  private nextId = 1;
  private linger: ReturnType<typeof setTimeout> | undefined;
  private readonly gone: Promise<void>;
  /** False once it was asked to exit or has exited: new environments go to a new host. */
  accepting = true;

  constructor(
    nodeExecutable: string,
    private readonly options: FunctionHostsOptions,
  ) {
    const entry = hostEntry();
    this.child = fork(entry.path, [], {
      execPath: nodeExecutable,
      // Each environment gets its own variables; the process's are the ones Lambda sets for the whole runtime, and a
      // cap on glibc's malloc arenas (by default 8 per CPU, each keeping what its threads freed): at 4, the host held
      // 8-13 MB less under load with the card burst no slower; at 2, the burst slowed some 8 %.
      env: { ...options.processEnvironment, MALLOC_ARENA_MAX: '4' },
      execArgv: [...entry.execArgv, ...profilingOptions()],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      const lines = new LineSplitter(options.output);
      stream?.setEncoding('utf8').on('data', (text: string) => lines.push(text));
      stream?.on('end', () => lines.flush());
    }
    this.child.on('message', (report: HostReport) => this.received(report));
    this.child.on('error', () => {
      // A failed spawn also emits 'exit', which ends every environment.
    });
    this.gone = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.accepting = false;
        clearTimeout(this.linger);
        for (const listener of this.listeners.values()) listener.exited(code, signal);
        this.listeners.clear();
        resolve();
      }),
    );
  }

  open(settings: EnvironmentSettings, listener: EnvironmentListener): EnvironmentChannel {
    clearTimeout(this.linger);
    const id = this.nextId++;
    this.listeners.set(id, listener);
    this.send({ type: 'start', id, ...settings });
    return {
      invoke: (message) => this.send({ id, ...message }),
      end: () => this.send({ type: 'end', id }),
    };
  }

  /** Asks the host to exit, and kills it if it has not within the grace time. */
  close(): Promise<void> {
    this.accepting = false;
    clearTimeout(this.linger);
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), HOST_EXIT_GRACE_MS);
    timer.unref();
    return this.gone.finally(() => clearTimeout(timer));
  }

  private received(report: HostReport): void {
    const listener = this.listeners.get(report.id);
    if (report.type === 'messages') {
      listener?.messages(report.batch);
      return;
    }
    this.listeners.delete(report.id);
    listener?.exited(report.code, null);
    if (this.listeners.size === 0 && this.accepting) {
      this.linger = setTimeout(() => void this.close(), this.options.idleMs ?? 5_000);
      this.linger.unref();
    }
  }

  private send(command: HostCommand): void {
    if (this.child.connected) this.child.send(command);
  }
}

export interface FunctionHostsOptions {
  /** The variables of the host processes (each environment gets its own). */
  readonly processEnvironment: Readonly<Record<string, string>>;
  /** A line a host wrote outside any environment's streams: its own warnings, the output of native code. */
  readonly output: (line: string) => void;
  /** How long a host with no environments left stays up, so that a code swap or the next request reuses it. Default 5 s. */
  readonly idleMs?: number;
}

export class FunctionHosts {
  private readonly hosts = new Map<string, FunctionHost>();

  constructor(private readonly options: FunctionHostsOptions) {}

  /** Starts an environment in the host of `nodeExecutable`, starting the host first if there is none. */
  open(nodeExecutable: string, settings: EnvironmentSettings, listener: EnvironmentListener): EnvironmentChannel {
    let host = this.hosts.get(nodeExecutable);
    if (host === undefined || !host.accepting) {
      host = new FunctionHost(nodeExecutable, this.options);
      this.hosts.set(nodeExecutable, host);
    }
    return host.open(settings, listener);
  }

  /** Ends every host; their environments report `exited`. */
  async stop(): Promise<void> {
    const all = [...this.hosts.values()];
    this.hosts.clear();
    await Promise.all(all.map((host) => host.close()));
  }
}
