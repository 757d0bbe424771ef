// The warm execution environments of one function: started on demand, at most a fixed number at a time, reused
// while they run the current code, with callers queued (first come, first served) when all are busy, and ended
// after a while unused, so a dev machine holds only the environments its recent traffic needed.

/** What the pool needs of an environment: whether it can take another invocation, and how to end it. */
export interface PooledEnvironment {
  /** False once the process has exited or was killed. */
  readonly alive: boolean;
  /** The code generation it was started with; see `EnvironmentPool.renew`. */
  readonly generation: number;
  kill(): void;
  /** Resolves once the environment is gone. */
  close(): Promise<void>;
}

interface Slot<E> {
  readonly environment: E;
  busy: boolean;
  /** Ends the environment once it has been idle for the pool's idle time; set while idle. */
  retirement?: ReturnType<typeof setTimeout> | undefined;
  /** When it was last released (performance.now()); set while idle. */
  idleSince?: number | undefined;
}

export interface EnvironmentPoolOptions {
  /** How long an environment may stay idle before it is ended; default 60 s. Lambda keeps them longer, at no cost to the user. */
  readonly idleMs?: number;
  /** Called before a new environment starts, to make room for it elsewhere (see FunctionRegistry). */
  readonly beforeStart?: () => void;
}

interface Waiter<E> {
  resolve(environment: E): void;
  reject(error: Error): void;
}

export class EnvironmentPool<E extends PooledEnvironment> {
  private generation = 0;
  private closed = false;
  private readonly slots: Array<Slot<E>> = [];
  private readonly waiting: Array<Waiter<E>> = [];

  private readonly idleMs: number;
  private readonly beforeStart: () => void;

  /**
   * @param maxEnvironments how many environments may exist at once (at least 1)
   * @param spawn starts an environment for the given code generation
   */
  constructor(
    private readonly maxEnvironments: number,
    private readonly spawn: (generation: number) => E,
    options: EnvironmentPoolOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 60_000;
    this.beforeStart = options.beforeStart ?? (() => {});
  }

  /** How many environments it has, busy or idle. */
  get size(): number {
    return this.slots.length;
  }

  /** When its longest idle environment was last released; undefined when none is idle. */
  oldestIdleSince(): number | undefined {
    return this.slots.find((slot) => !slot.busy)?.idleSince;
  }

  /** Ends its longest idle environment, if it has one. */
  retireOldestIdle(): void {
    const oldest = this.slots.find((slot) => !slot.busy);
    if (oldest) this.discard(oldest.environment);
  }

  /** An idle environment (the most recently used), else a new one while under the limit, else the next one released. */
  acquire(): Promise<E> {
    // Taking the most recently used one first lets the others stay idle long enough to be retired once demand drops.
    const idle = this.slots.findLast((slot) => !slot.busy && slot.environment.alive);
    if (idle) {
      this.markBusy(idle);
      return Promise.resolve(idle.environment);
    }
    // An environment whose process ended while idle no longer counts toward the limit.
    if (this.slots.length >= this.maxEnvironments) this.discardDeadIdle();
    if (this.slots.length < this.maxEnvironments) return Promise.resolve(this.started());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /**
   * Gives an environment back after an invocation. It goes to the longest waiting caller, or is kept idle;
   * one that died, runs older code or belongs to a closed pool is ended, and a waiter gets a new one.
   */
  release(environment: E): void {
    const reusable = environment.alive && environment.generation === this.generation && !this.closed;
    if (!reusable) this.discard(environment);
    const next = this.waiting.shift();
    if (next === undefined) {
      const slot = reusable ? this.slots.find((candidate) => candidate.environment === environment) : undefined;
      if (slot) this.markIdle(slot);
      return;
    }
    next.resolve(reusable ? environment : this.started());
  }

  /** New code: idle environments are ended now, busy ones when they are released. */
  renew(): void {
    this.generation += 1;
    for (const slot of this.slots.filter((candidate) => !candidate.busy)) this.discard(slot.environment);
  }

  /** Rejects the waiting callers with `reason` and ends every environment, busy or not. */
  async close(reason: Error): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(reason);
    for (const slot of this.slots) clearTimeout(slot.retirement);
    await Promise.all(this.slots.map((slot) => slot.environment.close()));
  }

  private markBusy(slot: Slot<E>): void {
    clearTimeout(slot.retirement);
    slot.retirement = undefined;
    slot.idleSince = undefined;
    slot.busy = true;
  }

  private markIdle(slot: Slot<E>): void {
    slot.busy = false;
    slot.idleSince = performance.now();
    // Most recently used last, so acquire prefers it and the longest idle ones reach their retirement.
    this.slots.splice(this.slots.indexOf(slot), 1);
    this.slots.push(slot);
    slot.retirement = setTimeout(() => this.discard(slot.environment), this.idleMs);
    // An idle environment's timer must not keep a finished engine (or test) process alive.
    slot.retirement.unref();
  }

  private started(): E {
    this.beforeStart();
    const environment = this.spawn(this.generation);
    this.slots.push({ environment, busy: true });
    return environment;
  }

  private discardDeadIdle(): void {
    for (const slot of this.slots.filter((candidate) => !candidate.busy && !candidate.environment.alive)) this.discard(slot.environment);
  }

  private discard(environment: E): void {
    const index = this.slots.findIndex((slot) => slot.environment === environment);
    if (index >= 0) clearTimeout(this.slots.splice(index, 1)[0]?.retirement);
    environment.kill();
  }
}
