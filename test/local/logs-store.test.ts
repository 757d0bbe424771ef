import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
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

    await store.append(group, stream, [
      { timestamp: Date.now(), message: 'second' },
      { timestamp: Date.now(), message: 'third' },
    ]);
    await store.flush();

    assert.equal(reports.length, 1);
    assert.match(reports[0]!, /2 event\(s\) of \/aws\/lambda\/get-user \/ 2026\/11\/21\/\[\$LATEST\]abc were not saved/);
    assert.deepEqual(
      store.visibleEvents(group, stream).map((event) => event.message),
      ['first', 'second', 'third'],
    );
  });
});

test('on open, a torn line and an unreadable group file are reported, and the rest is read back', async () => {
  await withTempDir('logs-store', async (dir) => {
    const first = await LogsStore.open(dir);
    const kept = await first.createGroup('/aws/lambda/kept');
    const stream = await first.createStream(kept, 's');
    await first.append(kept, stream, [{ timestamp: 1_000, message: 'whole' }]);
    const broken = await first.createGroup('/aws/lambda/broken');
    await first.flush();
    const groupDirs = await readdir(dir);
    const streamFileOf = async (groupDir: string) => (await readdir(join(dir, groupDir))).find((name) => name !== 'group.json');
    const keptDir = (await Promise.all(groupDirs.map(async (name) => ((await streamFileOf(name)) ? name : undefined)))).find(Boolean)!;
    const brokenDir = groupDirs.find((name) => name !== keptDir)!;
    await appendFile(join(dir, keptDir, (await streamFileOf(keptDir))!), '{"t":2000,"m":"torn');
    await writeFile(join(dir, brokenDir, 'group.json'), '{"name":');

    const reports: string[] = [];
    const reopened = await LogsStore.open(
      dir,
      () => 1_500,
      (message) => reports.push(message),
    );

    assert.equal(reports.length, 2, reports.join('\n'));
    assert.ok(reports.some((line) => /1 unreadable line\(s\) in .* skipped \(\/aws\/lambda\/kept \/ s\)/.test(line)));
    assert.ok(reports.some((line) => line.includes(join(dir, brokenDir, 'group.json')) && /that log group is left out/.test(line)));
    assert.equal(reopened.groups.has(broken.name), false);
    const reread = reopened.groups.get('/aws/lambda/kept')!;
    assert.deepEqual(
      reopened.visibleEvents(reread, reread.streams.get('s')!).map((event) => event.message),
      ['whole'],
    );
  });
});
