// The card sheet's fetches: a bounded number ahead of the writer, results in the order asked for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { inOrder } from '../../../src/cli/card/in-order.js';

describe('inOrder', () => {
  it('keeps at most `concurrency` fetches ahead and yields in the order of the items, whatever order they finish in', async () => {
    const items = Array.from({ length: 20 }, (_, index) => index);
    let running = 0;
    let most = 0;
    const fetch = async (item: number) => {
      running += 1;
      most = Math.max(most, running);
      await sleep((20 - item) % 7);
      running -= 1;
      return item * 10;
    };

    const seen: [number, number][] = [];
    for await (const pair of inOrder(items, 3, fetch)) seen.push(pair);

    assert.deepEqual(
      seen,
      items.map((item) => [item, item * 10]),
    );
    assert.equal(most, 3);
  });

  it('rejects with a failed fetch at its turn, and a fetch failing after the reader stopped goes unnoticed', async () => {
    const fetch = async (item: number) => {
      await sleep(item === 1 ? 5 : 1);
      if (item === 1 || item === 2) throw new Error(`fetch ${item} failed`);
      return item;
    };

    const read: number[] = [];
    await assert.rejects(
      async () => {
        for await (const [item] of inOrder([0, 1, 2, 3], 4, fetch)) read.push(item);
      },
      { message: 'fetch 1 failed' },
    );
    await sleep(20);

    assert.deepEqual(read, [0]);
  });
});
