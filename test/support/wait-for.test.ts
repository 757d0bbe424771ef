// waitFor: returns the first accepted state, and fails by its deadline naming what it waited for and what it saw.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './wait-for.js';

describe('waitFor', { timeout: 10_000 }, () => {
  it('returns the first state that is accepted, reading until then', async () => {
    let reads = 0;

    const state = await waitFor(
      () => Promise.resolve(++reads),
      (count) => count === 3,
      { what: 'the third read', timeoutMs: 5_000, intervalMs: 1 },
    );

    assert.equal(state, 3);
    assert.equal(reads, 3);
  });

  it('fails after the deadline, naming what it waited for and the last state seen', async () => {
    const started = Date.now();

    await assert.rejects(
      waitFor(
        () => Promise.resolve({ status: 'UPDATE_IN_PROGRESS' }),
        (stack) => stack.status !== 'UPDATE_IN_PROGRESS',
        { what: 'the stack to settle', timeoutMs: 100, intervalMs: 10 },
      ),
      { message: "timed out after 100 ms waiting for the stack to settle; last seen: { status: 'UPDATE_IN_PROGRESS' }" },
    );
    assert.ok(Date.now() - started < 2_000, 'it gave up near its deadline');
  });

  it('fails by the deadline when a read never answers', async () => {
    await assert.rejects(
      waitFor(
        () => new Promise<string>(() => {}),
        () => true,
        { what: 'an answer', timeoutMs: 50 },
      ),
      { message: 'timed out after 50 ms waiting for an answer; last seen: nothing yet, and then a read that did not answer' },
    );
  });

  it('passes on the error of a failed read at once', async () => {
    await assert.rejects(
      waitFor(
        () => Promise.reject(new Error('DescribeStacks failed')),
        () => true,
        { what: 'the stack', timeoutMs: 5_000 },
      ),
      { message: 'DescribeStacks failed' },
    );
  });
});
