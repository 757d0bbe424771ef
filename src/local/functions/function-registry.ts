// The functions deployed to the runner by name, each with its pool of environments; a redeploy swaps
// the code for later invocations while running ones finish on the old code.
import { resolveDefinition, type FunctionDefinition, type ResolvedDefinition } from './function-definition.js';
import { EnvironmentPool, type PooledEnvironment } from './environment-pool.js';

export interface FunctionRegistryOptions<E extends PooledEnvironment> {
  /** Environments per function at most (at least 1). */
  readonly maxConcurrency: number;
  /**
   * Environments of all functions together beyond which starting one first ends the longest idle one of any
   * function. Busy environments are never ended for this, so it is a bound on idle ones, not on concurrency.
   */
  readonly maxEnvironments?: number;
  /** How long an environment may stay idle before it is ended; default the pool's. */
  readonly idleMs?: number;
  /** Starts an environment running `definition`'s code, tagged with the pool's code generation. */
  readonly spawn: (definition: ResolvedDefinition, generation: number) => E;
}

/** One deployed function: its current definition and its environments. */
export class DeployedFunction<E extends PooledEnvironment> {
  readonly pool: EnvironmentPool<E>;

  constructor(
    private current: ResolvedDefinition,
    options: FunctionRegistryOptions<E>,
    makeRoom: () => void,
  ) {
    this.pool = new EnvironmentPool(options.maxConcurrency, (generation) => options.spawn(this.current, generation), {
      ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
      beforeStart: makeRoom,
    });
  }

  get definition(): ResolvedDefinition {
    return this.current;
  }

  redeploy(definition: ResolvedDefinition): void {
    this.current = definition;
    this.pool.renew();
  }
}

export class FunctionRegistry<E extends PooledEnvironment> {
  private readonly functions = new Map<string, DeployedFunction<E>>();

  constructor(private readonly options: FunctionRegistryOptions<E>) {}

  /** Adds a function, or swaps the code and configuration of the one with the same name. */
  deploy(definition: FunctionDefinition): void {
    const resolved = resolveDefinition(definition);
    const existing = this.functions.get(resolved.functionName);
    if (existing === undefined) {
      this.functions.set(resolved.functionName, new DeployedFunction(resolved, this.options, () => this.makeRoom()));
    } else existing.redeploy(resolved);
  }

  get(functionName: string): DeployedFunction<E> | undefined {
    return this.functions.get(functionName);
  }

  has(functionName: string): boolean {
    return this.functions.has(functionName);
  }

  /** Forgets the function: its waiting invocations fail with `reason`, its environments end. */
  async remove(functionName: string, reason: Error): Promise<void> {
    const deployed = this.functions.get(functionName);
    if (deployed === undefined) return;
    this.functions.delete(functionName);
    await deployed.pool.close(reason);
  }

  /** Before an environment starts: while all functions' environments reach the limit, ends the longest idle one. */
  private makeRoom(): void {
    const limit = this.options.maxEnvironments ?? Infinity;
    const pools = [...this.functions.values()].map((deployed) => deployed.pool);
    let count = pools.reduce((total, pool) => total + pool.size, 0);
    while (count >= limit) {
      let longest: { pool: EnvironmentPool<E>; since: number } | undefined;
      for (const pool of pools) {
        const since = pool.oldestIdleSince();
        if (since !== undefined && (longest === undefined || since < longest.since)) longest = { pool, since };
      }
      if (longest === undefined) return;
      longest.pool.retireOldestIdle();
      count -= 1;
    }
  }

  /** Forgets every function, as `remove` does. */
  async clear(reason: Error): Promise<void> {
    const all = [...this.functions.values()];
    this.functions.clear();
    await Promise.all(all.map((deployed) => deployed.pool.close(reason)));
  }
}
