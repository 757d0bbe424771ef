// The group and stream of an in-process append: found when they exist, created once when appends race.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate } from 'node:timers/promises';
import { streamEnsurer } from '../../../src/local/logs/ensure-stream.js';
import { withLogsState } from './logs-fixture.js';

describe('streamEnsurer', () => {
  it('creates a missing group and stream once for appends that race, and finds them afterwards', async () => {
    await withLogsState(async ({ store }) => {
      const ensureStream = streamEnsurer();
      // A store that records a creation only after a turn of the event loop, so racing appends overlap.
      const created: string[] = [];
      const createGroup = store.createGroup.bind(store);
      const createStream = store.createStream.bind(store);
      store.createGroup = async (name) => {
        await setImmediate();
        created.push(`group ${name}`);
        return createGroup(name);
      };
      store.createStream = async (group, name) => {
        await setImmediate();
        created.push(`stream ${name}`);
        return createStream(group, name);
      };

      const targets = await Promise.all([
        ensureStream(store, '/aws/lambda/f', 's1'),
        ensureStream(store, '/aws/lambda/f', 's1'),
        ensureStream(store, '/aws/lambda/f', 's2'),
      ]);
      const later = await ensureStream(store, '/aws/lambda/f', 's1');

      assert.deepEqual(created.sort(), ['group /aws/lambda/f', 'stream s1', 'stream s2']);
      assert.equal(targets[0]?.stream, targets[1]?.stream);
      assert.equal(later.stream, targets[0]?.stream);
      assert.deepEqual([...(store.groups.get('/aws/lambda/f')?.streams.keys() ?? [])].sort(), ['s1', 's2']);
    });
  });
});
