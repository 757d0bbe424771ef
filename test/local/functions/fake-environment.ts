// A stand-in for a function's execution environment, for the pool and registry tests: no process, just
// the state the pool reads and what was done to it.
import type { PooledEnvironment } from '../../../src/local/functions/environment-pool.js';

export class FakeEnvironment implements PooledEnvironment {
  alive = true;
  killed = false;
  closed = false;

  constructor(
    readonly id: number,
    readonly generation: number,
  ) {}

  kill(): void {
    this.killed = true;
    this.alive = false;
  }

  close(): Promise<void> {
    this.closed = true;
    this.alive = false;
    return Promise.resolve();
  }
}
