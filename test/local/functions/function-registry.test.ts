// Deployed functions by name: a redeploy swaps the code for later invocations only, and removing a
// function fails its waiting callers and ends its environments.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedDefinition } from '../../../src/local/functions/function-definition.js';
import { FunctionRegistry } from '../../../src/local/functions/function-registry.js';
import { FakeEnvironment } from './fake-environment.js';

function registryOf(maxConcurrency: number, maxEnvironments?: number) {
  const spawned: Array<{ environment: FakeEnvironment; definition: ResolvedDefinition }> = [];
  const registry = new FunctionRegistry({
    maxConcurrency,
    ...(maxEnvironments === undefined ? {} : { maxEnvironments }),
    spawn: (definition, generation) => {
      const environment = new FakeEnvironment(spawned.length + 1, generation);
      spawned.push({ environment, definition });
      return environment;
    },
  });
  return { registry, spawned };
}

describe('FunctionRegistry', () => {
  it("fills in Lambda's defaults for what the template leaves out", () => {
    const { registry } = registryOf(1);

    registry.deploy({ functionName: 'get-user', codeDirectory: '/code/v1' });

    assert.deepEqual(registry.get('get-user')?.definition, {
      functionName: 'get-user',
      codeDirectory: '/code/v1',
      handler: 'index.handler',
      runtime: 'nodejs20.x',
      timeoutSeconds: 3,
      memorySizeMb: 128,
      environment: {},
      logGroupName: '/aws/lambda/get-user',
    });
  });

  it('starts environments for new invocations from the redeployed code, ending idle old ones', async () => {
    const { registry, spawned } = registryOf(2);
    registry.deploy({ functionName: 'render-card', codeDirectory: '/code/v1' });
    const deployed = registry.get('render-card');
    assert.ok(deployed);
    const old = await deployed.pool.acquire();
    deployed.pool.release(old);

    registry.deploy({ functionName: 'render-card', codeDirectory: '/code/v2', timeoutSeconds: 30 });
    await deployed.pool.acquire();

    assert.equal(registry.get('render-card'), deployed);
    assert.equal(old.killed, true);
    assert.deepEqual(
      spawned.map((entry) => [entry.definition.codeDirectory, entry.environment.generation]),
      [
        ['/code/v1', 0],
        ['/code/v2', 1],
      ],
    );
    assert.equal(deployed.definition.timeoutSeconds, 30);
  });

  it('on remove forgets the function, fails its waiting callers with the reason and ends its environments', async () => {
    const { registry, spawned } = registryOf(1);
    registry.deploy({ functionName: 'get-user', codeDirectory: '/code/v1' });
    const pool = registry.get('get-user')?.pool;
    assert.ok(pool);
    await pool.acquire();
    const waiting = pool.acquire();

    await registry.remove('get-user', new Error('Function not found: get-user'));

    await assert.rejects(waiting, /Function not found: get-user/);
    assert.equal(registry.has('get-user'), false);
    assert.equal(spawned[0]?.environment.closed, true);
  });

  it('on clear forgets every function and ends every environment', async () => {
    const { registry, spawned } = registryOf(1);
    for (const functionName of ['a', 'b']) {
      registry.deploy({ functionName, codeDirectory: `/code/${functionName}` });
      await registry.get(functionName)?.pool.acquire();
    }

    await registry.clear(new Error('the Lambda runner stopped'));

    assert.deepEqual([registry.has('a'), registry.has('b')], [false, false]);
    assert.deepEqual(
      spawned.map((entry) => entry.environment.closed),
      [true, true],
    );
  });

  it('beyond the limit of all environments, ends the longest idle one of any function before starting another', async () => {
    const { registry, spawned } = registryOf(2, 3);
    for (const functionName of ['register', 'render', 'get']) registry.deploy({ functionName, codeDirectory: `/code/${functionName}` });
    const pool = (functionName: string) => registry.get(functionName)?.pool;
    for (const functionName of ['register', 'render', 'get']) {
      const environment = await pool(functionName)!.acquire();
      pool(functionName)!.release(environment);
    }
    const [register, render, firstGet] = spawned.map((entry) => entry.environment);
    const busyGet = await pool('get')!.acquire();

    const secondGet = await pool('get')!.acquire();

    assert.equal(busyGet, firstGet);
    assert.equal(register?.alive, false, 'the longest idle environment ended');
    assert.equal(render?.alive, true);
    assert.equal(secondGet.alive, true);
    assert.equal(spawned.length, 4);
  });

  it('never ends a busy environment to keep to the limit', async () => {
    const { registry, spawned } = registryOf(2, 1);
    registry.deploy({ functionName: 'render', codeDirectory: '/code/render' });
    registry.deploy({ functionName: 'get', codeDirectory: '/code/get' });
    const busy = await registry.get('render')!.pool.acquire();

    const started = await registry.get('get')!.pool.acquire();

    assert.equal(busy.alive, true);
    assert.equal(started.alive, true);
    assert.equal(spawned.length, 2);
  });
});
