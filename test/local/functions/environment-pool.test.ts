// The per-function pool of execution environments: the concurrency limit, the queue of callers waiting
// for one, reuse, retirement on new code, and closing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EnvironmentPool } from '../../../src/local/functions/environment-pool.js';
import { FakeEnvironment } from './fake-environment.js';
import { hasSettled } from './promise-state.js';

function poolOf(maxEnvironments: number, idleMs?: number) {
  const spawned: FakeEnvironment[] = [];
  const spawn = (generation: number) => {
    const environment = new FakeEnvironment(spawned.length + 1, generation);
    spawned.push(environment);
    return environment;
  };
  const pool = new EnvironmentPool(maxEnvironments, spawn, idleMs === undefined ? {} : { idleMs });
  return { pool, spawned };
}

describe('EnvironmentPool', () => {
  it('starts environments up to the limit, then makes callers wait for one to be released', async () => {
    const { pool, spawned } = poolOf(2);
    const first = await pool.acquire();
    const second = await pool.acquire();

    const third = pool.acquire();
    const waitedBeforeRelease = !(await hasSettled(third));
    pool.release(first);

    assert.equal(waitedBeforeRelease, true);
    assert.equal(await third, first);
    assert.notEqual(first, second);
    assert.equal(spawned.length, 2);
  });

  it('reuses an idle environment instead of starting another', async () => {
    const { pool, spawned } = poolOf(4);
    const first = await pool.acquire();
    pool.release(first);

    const again = await pool.acquire();

    assert.equal(again, first);
    assert.equal(spawned.length, 1);
  });

  it('serves waiting callers in the order they came', async () => {
    const { pool } = poolOf(1);
    const only = await pool.acquire();
    const order: string[] = [];
    const early = pool.acquire().then((environment) => {
      order.push('early');
      return environment;
    });
    const late = pool.acquire().then((environment) => {
      order.push('late');
      return environment;
    });

    pool.release(only);
    pool.release(await early);
    await late;

    assert.deepEqual(order, ['early', 'late']);
  });

  it('ends an environment that died and starts a new one for the next caller', async () => {
    const { pool, spawned } = poolOf(1);
    const crashed = await pool.acquire();
    const waiting = pool.acquire();
    crashed.alive = false;

    pool.release(crashed);
    const replacement = await waiting;

    assert.notEqual(replacement, crashed);
    assert.equal(crashed.killed, true);
    assert.equal(spawned.length, 2);
  });

  it('replaces an idle environment that died while it waited, instead of queueing behind it', async () => {
    const { pool, spawned } = poolOf(1);
    const first = await pool.acquire();
    pool.release(first);
    first.alive = false;

    const next = pool.acquire();
    const servedAtOnce = await hasSettled(next);

    assert.equal(servedAtOnce, true);
    assert.equal(await next, spawned[1]);
    assert.equal(first.killed, true);
  });

  it('retires idle environments at once on new code and busy ones when they are released', async () => {
    const { pool } = poolOf(2);
    const idle = await pool.acquire();
    const busy = await pool.acquire();
    pool.release(idle);

    pool.renew();
    const killedAtRenew = { idle: idle.killed, busy: busy.killed };
    pool.release(busy);
    const next = await pool.acquire();

    assert.deepEqual(killedAtRenew, { idle: true, busy: false });
    assert.equal(busy.killed, true);
    assert.equal(next.generation, 1);
    assert.ok(next !== idle && next !== busy);
  });

  it('gives a waiting caller a new environment when the released one runs old code', async () => {
    const { pool } = poolOf(1);
    const old = await pool.acquire();
    const waiting = pool.acquire();

    pool.renew();
    pool.release(old);
    const fresh = await waiting;

    assert.equal(old.killed, true);
    assert.equal(fresh.generation, 1);
  });

  it('on close rejects waiting callers with the reason and ends every environment, busy or idle', async () => {
    const { pool, spawned } = poolOf(2);
    const idle = await pool.acquire();
    await pool.acquire();
    pool.release(idle);
    await pool.acquire();
    const waiting = pool.acquire();
    const reason = new Error('the Lambda runner stopped');

    await pool.close(reason);

    await assert.rejects(waiting, (error: unknown) => error === reason);
    assert.deepEqual(
      spawned.map((environment) => environment.closed),
      [true, true],
    );
  });

  it('does not keep an environment released after close', async () => {
    const { pool } = poolOf(1);
    const busy = await pool.acquire();
    await pool.close(new Error('removed'));
    busy.alive = true;

    pool.release(busy);

    assert.equal(busy.killed, true);
  });

  it('ends an environment left idle for the idle time, and only that one', async (context) => {
    context.mock.timers.enable({ apis: ['setTimeout'] });
    const { pool, spawned } = poolOf(3, 1_000);
    const [first, second] = [await pool.acquire(), await pool.acquire()];
    pool.release(first);
    context.mock.timers.tick(600);
    pool.release(second);

    context.mock.timers.tick(500);
    const afterFirstIdleTime = spawned.map((environment) => environment.killed);
    context.mock.timers.tick(500);

    assert.deepEqual(afterFirstIdleTime, [true, false]);
    assert.deepEqual(
      spawned.map((environment) => environment.killed),
      [true, true],
    );
    assert.equal(await pool.acquire(), spawned[2]);
  });

  it('keeps an environment that is used again before its idle time ends, and reuses the most recent one', async (context) => {
    context.mock.timers.enable({ apis: ['setTimeout'] });
    const { pool, spawned } = poolOf(3, 1_000);
    const [first, second] = [await pool.acquire(), await pool.acquire()];
    pool.release(first);
    pool.release(second);

    context.mock.timers.tick(900);
    const reused = await pool.acquire();
    context.mock.timers.tick(900);
    const killedWhileReusedBusy = spawned.map((environment) => environment.killed);

    assert.equal(reused, second);
    assert.deepEqual(killedWhileReusedBusy, [true, false]);
  });
});
