// Starting the engine's parts in order: typed results for the next step, reverse stop, and a failed start
// that stops what already started and says which step failed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QrcardError } from '../../src/core/errors.js';
import { Lifecycle } from '../../src/local/lifecycle.js';

/** A part that records its stop in `events`; `failStop` makes its stop throw. */
function part(name: string, events: string[], failStop = false) {
  return {
    name,
    stop: () => {
      events.push(`stop ${name}`);
      return failStop ? Promise.reject(new Error(`${name} will not stop`)) : Promise.resolve();
    },
  };
}

describe('Lifecycle', () => {
  it('hands each step the typed result of the one before', async () => {
    const lifecycle = new Lifecycle();
    const events: string[] = [];

    const edge = await lifecycle.start('edge', () => ({ ...part('edge', events), url: 'http://127.0.0.1:4566' }));
    const runner = await lifecycle.start('runner', () => Promise.resolve({ ...part('runner', events), endpoint: edge.url }));

    assert.equal(runner.endpoint, 'http://127.0.0.1:4566');
  });

  it('stops the parts in reverse order of their start', async () => {
    const lifecycle = new Lifecycle();
    const events: string[] = [];
    for (const name of ['a', 'b', 'c']) await lifecycle.start(name, () => part(name, events));

    await lifecycle.stop();

    assert.deepEqual(events, ['stop c', 'stop b', 'stop a']);
  });

  it('stops what started, last first, when a later start fails, and wraps the error naming the step', async () => {
    const lifecycle = new Lifecycle();
    const events: string[] = [];
    const cause = new Error('port 4566 is in use');
    await lifecycle.start('a', () => part('a', events));
    await lifecycle.start('b', () => part('b', events, true));

    const failed = lifecycle.start('edge', () => Promise.reject(cause));

    await assert.rejects(failed, (error: unknown) => {
      assert.ok(error instanceof QrcardError);
      assert.equal(error.code, 'local-start-failed');
      assert.equal(error.source, 'internal');
      assert.equal(error.message, 'starting edge failed: port 4566 is in use');
      assert.equal(error.cause, cause);
      assert.deepEqual(error.details, ['stopping b: b will not stop']);
      return true;
    });
    assert.deepEqual(events, ['stop b', 'stop a']);
  });

  it('wraps a start that throws before it returns a promise', async () => {
    const lifecycle = new Lifecycle();

    const failed = lifecycle.start('lambda runner', () => {
      throw new TypeError('no endpoint');
    });

    await assert.rejects(failed, { code: 'local-start-failed', message: 'starting lambda runner failed: no endpoint' });
  });

  it('rethrows a QrcardError as it is', async () => {
    const lifecycle = new Lifecycle();
    const events: string[] = [];
    await lifecycle.start('a', () => part('a', events));
    const locked = new QrcardError('local-store-locked', 'the store is in use');

    const failed = lifecycle.start('dynamodb', () => Promise.reject(locked));

    await assert.rejects(failed, (error: unknown) => error === locked);
    assert.deepEqual(events, ['stop a']);
  });

  it('stops every part even when one fails to stop, then reports that one', async () => {
    const lifecycle = new Lifecycle();
    const events: string[] = [];
    await lifecycle.start('a', () => part('a', events));
    await lifecycle.start('b', () => part('b', events, true));
    await lifecycle.start('c', () => part('c', events));

    const stopped = lifecycle.stop();

    await assert.rejects(stopped, (error: unknown) => {
      assert.ok(error instanceof AggregateError);
      assert.equal(error.message, 'stopping b: b will not stop');
      return true;
    });
    assert.deepEqual(events, ['stop c', 'stop b', 'stop a']);
  });

  it('stops each part once, however often it is stopped', async () => {
    const lifecycle = new Lifecycle();
    const events: string[] = [];
    await lifecycle.start('a', () => part('a', events));

    await lifecycle.stop();
    await lifecycle.stop();

    assert.deepEqual(events, ['stop a']);
  });
});

describe('Lifecycle over a list of steps', () => {
  it('stops in reverse order, and stops what started when a later start fails', async () => {
    const events: string[] = [];
    const step = (name: string, fail = false) => ({
      name,
      start: () => {
        if (fail) return Promise.reject(new Error(`${name} cannot start`));
        events.push(`start ${name}`);
        return Promise.resolve({
          stop: () => {
            events.push(`stop ${name}`);
            return Promise.resolve();
          },
        });
      },
    });
    const startAll = async (steps: readonly ReturnType<typeof step>[]) => {
      const lifecycle = new Lifecycle();
      for (const { name, start } of steps) await lifecycle.start(name, start);
      return lifecycle;
    };
    const running = await startAll([step('a'), step('b')]);
    await running.stop();
    assert.deepEqual(events, ['start a', 'start b', 'stop b', 'stop a']);

    events.length = 0;
    await assert.rejects(startAll([step('a'), step('b'), step('c', true)]), /starting c failed: c cannot start/);
    assert.deepEqual(events, ['start a', 'start b', 'stop b', 'stop a']);
  });
});
