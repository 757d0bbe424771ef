// The engine's states and the changes between them that engine.json may show.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextEngineStatus, type EngineStatus } from '../../src/local/engine-state.js';

const starting: EngineStatus = { state: 'starting' };
const deploying: EngineStatus = { state: 'deploying' };
const ready: EngineStatus = { state: 'ready' };
const failed: EngineStatus = { state: 'failed', reason: 'RenderCardFunction: handler not found' };

describe('nextEngineStatus', () => {
  it('lets a start end ready, deploying or failed, a deploy end ready or failed, and a ready or failed engine deploy again', () => {
    const allowed: Array<[EngineStatus, EngineStatus]> = [
      [starting, deploying],
      [starting, ready],
      [starting, failed],
      [deploying, ready],
      [deploying, failed],
      [ready, deploying],
      [failed, deploying],
    ];

    for (const [from, to] of allowed) assert.deepEqual(nextEngineStatus(from, to), to, `${from.state} -> ${to.state}`);
  });

  it('keeps the reason of a failure', () => {
    assert.equal((nextEngineStatus(deploying, failed) as { reason: string }).reason, 'RenderCardFunction: handler not found');
  });

  it('refuses to go back to starting, to stay put, or to become ready again without a deploy', () => {
    const refused: Array<[EngineStatus, EngineStatus]> = [
      [deploying, starting],
      [ready, starting],
      [failed, starting],
      [starting, starting],
      [deploying, deploying],
      [ready, ready],
      [failed, ready],
      [ready, failed],
    ];

    for (const [from, to] of refused) {
      assert.throws(
        () => nextEngineStatus(from, to),
        new RegExp(`cannot go from ${from.state} to ${to.state}`),
        `${from.state} -> ${to.state}`,
      );
    }
  });
});
