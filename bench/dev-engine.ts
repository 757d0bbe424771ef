// A `qrcard dev` started for a benchmark: the child process and its endpoint, once the stack is up.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface BenchEngine {
  readonly child: ChildProcessWithoutNullStreams;
  readonly endpoint: string;
}

/** Spawns `node ...args` (bin/qrcard dev and its flags) in `cwd` and waits until the stack is deployed. */
export async function startDev(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<BenchEngine> {
  const child = spawn(process.execPath, [...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  while (!/qrcard-dev (created|updated|is up to date)/.test(stderr)) {
    if (child.exitCode !== null || /deploy failed/.test(stderr)) throw new Error(stderr);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, endpoint: /^Endpoint\s+(\S+)/m.exec(stdout)?.[1] ?? '' };
}
