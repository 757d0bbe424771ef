// KeyedSerialQueue: order per key, independence across keys, failures that do not block, and no leftover keys.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedSerialQueue } from '../../../src/local/persistence/keyed-serial-queue.js';

/** A promise with its resolve and reject exposed, so a test decides when a task finishes. */
function gate<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const turns = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedSerialQueue', () => {
  it('runs tasks of one key in order, each after the previous one has finished', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    const first = gate();

    const a = queue.run('file', async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
      return 'a';
    });
    const b = queue.run('file', () => {
      log.push('b');
      return Promise.resolve('b');
    });
    await turns();
    const beforeRelease = [...log];
    first.resolve();

    assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
    assert.deepEqual(beforeRelease, ['a start']);
    assert.deepEqual(log, ['a start', 'a end', 'b']);
  });

  it('lets tasks of different keys run while another key is busy', async () => {
    const queue = new KeyedSerialQueue();
    const blocked = gate();
    const slow = queue.run('one', () => blocked.promise);

    const other = await queue.run('two', () => Promise.resolve('done'));

    assert.equal(other, 'done');
    blocked.resolve();
    await slow;
  });

  it('hands a failure to its own caller only and still runs the next task for the key', async () => {
    const queue = new KeyedSerialQueue();
    const failing = gate();
    const first = queue.run('file', () => failing.promise);
    const second = queue.run('file', () => Promise.resolve('after the failure'));

    failing.reject(new Error('disk full'));

    await assert.rejects(first, /disk full/);
    assert.equal(await second, 'after the failure');
  });

  it('forgets a key once its chain is idle, and idle() waits for the tasks queued so far', async () => {
    const queue = new KeyedSerialQueue();
    const blocked = gate();
    let finished = false;
    void queue.run('a', async () => {
      await blocked.promise;
      finished = true;
    });
    void queue.run('b', () => Promise.reject(new Error('ignored here'))).catch(() => undefined);
    assert.equal(queue.activeKeys, 2);

    const allIdle = queue.idle();
    await queue.idle('b');
    await turns();
    assert.equal(queue.activeKeys, 1);
    blocked.resolve();
    await allIdle;
    await turns();

    assert.equal(finished, true);
    assert.equal(queue.activeKeys, 0);
    await queue.idle('never-used');
  });

  it('does not start a task before the current turn ends, like an awaited promise chain', async () => {
    const queue = new KeyedSerialQueue();
    let started = false;

    const running = queue.run('file', () => {
      started = true;
      return Promise.resolve();
    });
    const startedSynchronously = started;
    await running;

    assert.equal(startedSynchronously, false);
    assert.equal(started, true);
  });
});
