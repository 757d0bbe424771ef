import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeBatcher } from '../../src/cli/dev/change-batcher.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('saves in quick succession are handed over as one batch once the files are quiet', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const batches: string[][] = [];
  const batcher = new ChangeBatcher(100, (files) => {
    batches.push([...files]);
    return Promise.resolve();
  });

  batcher.add('a.ts');
  t.mock.timers.tick(60);
  batcher.add('b.ts');
  t.mock.timers.tick(60);
  batcher.add('a.ts');
  t.mock.timers.tick(99);
  const beforeQuiet = batches.length;
  t.mock.timers.tick(1);

  assert.equal(beforeQuiet, 0);
  assert.deepEqual(batches, [['a.ts', 'b.ts']]);
});

test('changes arriving while a batch runs wait for it and then form the next batch', async () => {
  const batches: string[][] = [];
  let finishFirst: () => void = () => undefined;
  const batcher = new ChangeBatcher(5, (files) => {
    batches.push([...files]);
    return batches.length === 1 ? new Promise<void>((resolve) => (finishFirst = resolve)) : Promise.resolve();
  });

  batcher.add('a.ts');
  await sleep(30);
  batcher.add('b.ts');
  batcher.add('c.ts');
  await sleep(30);
  const whileRunning = batches.length;
  finishFirst();
  await batcher.idle();

  assert.equal(whileRunning, 1);
  assert.deepEqual(batches, [['a.ts'], ['b.ts', 'c.ts']]);
});

test('after close no batch runs', async () => {
  const batches: string[][] = [];
  const batcher = new ChangeBatcher(5, (files) => {
    batches.push([...files]);
    return Promise.resolve();
  });

  batcher.add('a.ts');
  await batcher.close();
  batcher.add('b.ts');
  await sleep(30);

  assert.deepEqual(batches, []);
});
