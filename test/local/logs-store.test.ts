import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LogsStore } from '../../src/local/logs/logs-store.js';
import { withTempDir } from '../support/temp-dir.js';

test('events the store cannot write to disk are reported by group and stream, and stay readable', async () => {
  await withTempDir('logs-store', async (dir) => {
    const reports: string[] = [];
    const store = await LogsStore.open(dir, Date.now, (message) => reports.push(message));
    const group = await store.createGroup('/aws/lambda/get-user');
    const stream = await store.createStream(group, '2026/11/21/[$LATEST]abc');
    await store.append(group, stream, [{ timestamp: Date.now(), message: 'first' }]);
    await store.flush();
    const [groupDir] = await readdir(dir);
    const streamFile = (await readdir(join(dir, groupDir!))).find((name) => name !== 'group.json')!;
    await rm(join(dir, groupDir!, streamFile));
    await mkdir(join(dir, groupDir!, streamFile)); // appending to a directory fails

    await store.append(group, stream, [{ timestamp: Date.now(), message: 'second' }, { timestamp: Date.now(), message: 'third' }]);
    await store.flush();

    assert.equal(reports.length, 1);
    assert.match(reports[0]!, /2 event\(s\) of \/aws\/lambda\/get-user \/ 2026\/11\/21\/\[\$LATEST\]abc were not saved/);
    assert.deepEqual(store.visibleEvents(group, stream).map((event) => event.message), ['first', 'second', 'third']);
  });
});
