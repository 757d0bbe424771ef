// Deployed functions by name: a redeploy swaps the code for later invocations only, and removing a
// function fails its waiting callers and ends its environments.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedDefinition } from '../../../src/local/functions/function-definition.js';
import { FunctionRegistry } from '../../../src/local/functions/function-registry.js';
import { FakeEnvironment } from './fake-environment.js';

function registryOf(maxConcurrency: number) {
  const spawned: Array<{ environment: FakeEnvironment; definition: ResolvedDefinition }> = [];
  const registry = new FunctionRegistry({
    maxConcurrency,
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
});
