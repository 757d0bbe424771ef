// Which `node` runs a function: the major its runtime names (`nodejs22.x` runs on Node 22, as on Lambda), taken
// from the npm registry into a per-user cache on first use, else the host's own Node with one notice saying so.
import { existsSync } from 'node:fs';
import { defaultUserCacheDir } from '../../aws/user-cache.js';
import { installNpmNode, npmNodeExecutable, type NpmNode, type NpmNodeCpu } from './npm-node.js';

/** The Node release each Lambda runtime major runs on locally, pinned so every machine runs the same one. */
export const LAMBDA_NODE_VERSIONS = { 22: '22.23.5' } as const satisfies Readonly<Record<number, string>>;

/** `nodejs22.x` to 22; undefined for a runtime that is not Node's. */
export function runtimeNodeMajor(runtime: string): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? Number(match[1]) : undefined;
}

export interface FunctionNodesOptions {
  /** Default `defaultUserCacheDir()`. */
  readonly cacheDir?: string;
  /** Told once when a function has to run on the host's Node instead of its runtime's, and when that ends. */
  readonly notice: (line: string) => void;
  /** Default: this process's platform, architecture and version. */
  readonly host?: { readonly platform: NodeJS.Platform; readonly arch: string; readonly version: string; readonly execPath: string };
}

/** The chosen `node` of a function, and whether it is the major its runtime names. */
export interface FunctionNode {
  readonly executable: string;
  /** False while a function runs on the host's Node in place of another major. */
  readonly matchesRuntime: boolean;
}

/** Chooses the `node` each function's host process runs on; one per engine, so its notices come once per `qrcard dev`. */
export class FunctionNodes {
  private readonly cacheDir: string;
  private readonly host: NonNullable<FunctionNodesOptions['host']>;
  private readonly hostMajor: number;
  private readonly installed = new Map<number, string>();
  private readonly installing = new Set<number>();
  private readonly stopping = new AbortController();
  private noticed = false;

  constructor(private readonly options: FunctionNodesOptions) {
    this.cacheDir = options.cacheDir ?? defaultUserCacheDir();
    this.host = options.host ?? { platform: process.platform, arch: process.arch, version: process.version, execPath: process.execPath };
    this.hostMajor = Number(/^v?(\d+)/.exec(this.host.version)?.[1]);
  }

  /**
   * The `node` for `runtime`, at once: the host's when it is the runtime's major (or the runtime is not Node's),
   * the cached one when installed, else the host's while the right one installs in the background.
   */
  forRuntime(runtime: string): FunctionNode {
    const major = runtimeNodeMajor(runtime);
    const hostNode = { executable: this.host.execPath, matchesRuntime: major === undefined || major === this.hostMajor };
    if (hostNode.matchesRuntime || major === undefined) return hostNode;
    const ready = this.installed.get(major);
    if (ready !== undefined) return { executable: ready, matchesRuntime: true };
    const wanted = this.npmNode(major);
    if (typeof wanted === 'string') {
      this.fallBack(runtime, wanted);
      return hostNode;
    }
    const executable = npmNodeExecutable(this.cacheDir, wanted);
    if (existsSync(executable)) {
      this.installed.set(major, executable);
      return { executable, matchesRuntime: true };
    }
    this.install(runtime, major, wanted);
    return hostNode;
  }

  /**
   * Ends an install under way (the next engine starts it again) without waiting for it: npm is killed, but a file
   * system call that hangs (seen with a cache folder under /proc) must not hold up the engine's stop.
   */
  stop(): void {
    this.stopping.abort();
  }

  /** The npm package to run `major` with here, or why there is none. */
  private npmNode(major: number): NpmNode | string {
    const version = (LAMBDA_NODE_VERSIONS as Readonly<Record<number, string>>)[major];
    if (version === undefined) return `qrcard has no Node ${major} to run them with`;
    if (this.host.platform !== 'linux') return `Node ${major} is fetched for Linux only, and this is ${this.host.platform}`;
    if (this.host.arch !== 'x64' && this.host.arch !== 'arm64')
      return `Node ${major} is fetched for x64 and arm64, and this is ${this.host.arch}`;
    return { version, cpu: this.host.arch satisfies NpmNodeCpu };
  }

  private install(runtime: string, major: number, node: NpmNode): void {
    if (this.installing.has(major)) return;
    this.installing.add(major);
    this.options.notice(
      `functions of ${runtime} run on this machine's Node ${this.host.version} while Node ${node.version} installs from the npm registry into ${this.cacheDir}`,
    );
    void installNpmNode(this.cacheDir, node, this.stopping.signal).then(
      (executable) => {
        this.installed.set(major, executable);
        if (!this.stopping.signal.aborted)
          this.options.notice(`Node ${node.version} installed: new environments of ${runtime} functions run on it`);
      },
      (error: unknown) => {
        if (!this.stopping.signal.aborted)
          this.fallBack(runtime, `installing Node ${node.version} into ${this.cacheDir} failed: ${firstLine(error)}`);
      },
    );
  }

  private fallBack(runtime: string, reason: string): void {
    if (this.noticed) return;
    this.noticed = true;
    this.options.notice(`functions of ${runtime} run on this machine's Node ${this.host.version}: ${reason}`);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((line) => line.trim() !== '') ?? message;
}
