// Waits for a `qrcard dev` child to finish deploying and returns one of the values it printed.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

const DEPLOYED = /qrcard-dev (created|updated|is up to date)/;
const DEPLOY_FAILED = /deploy failed|deploying into the local engine failed/;

/** The value of the `label` line on stdout (`Endpoint`, `Site`) once the stack is deployed; the child is stopped on failure. */
export function deployedValue(child: ChildProcessWithoutNullStreams, label: string): Promise<string> {
  const line = new RegExp(`^${label}\\s+(\\S+)`, 'm');
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`qrcard dev did not deploy within 180 s:\n${stderr}`)), 180_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(error);
    };
    const check = () => {
      const value = line.exec(stdout)?.[1];
      if (DEPLOY_FAILED.test(stderr)) fail(new Error(`qrcard dev could not deploy:\n${stderr}`));
      else if (value && DEPLOYED.test(stderr)) {
        clearTimeout(timer);
        resolve(value);
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
    child.on('exit', (code) => fail(new Error(`qrcard dev exited with ${code}:\n${stderr}`)));
  });
}
