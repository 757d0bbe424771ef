// The on-disk format of the Logs store, written by hand here so a change to it that would strand saved logs fails.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LogsStore } from '../../../src/local/logs/logs-store.js';
import { withTempDir } from '../../support/temp-dir.js';

function hashed(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

/** Writes a group folder as the store lays it out: group.json, and one JSON-lines file per stream. */
async function writeGroup(dir: string, name: string, groupJson: string, streams: Record<string, string> = {}): Promise<void> {
  const groupDir = join(dir, hashed(name));
  await mkdir(groupDir, { recursive: true });
  await writeFile(join(groupDir, 'group.json'), groupJson);
  for (const [stream, lines] of Object.entries(streams)) await writeFile(join(groupDir, `${hashed(stream)}.jsonl`), lines);
}

describe('LogsStore on-disk format', () => {
  it('reads groups, streams and events saved as group.json and JSON lines', async () => {
    await withTempDir('logs-format', async (dir) => {
      await writeGroup(
        dir,
        '/aws/lambda/get-user',
        '{"name":"/aws/lambda/get-user","creationTime":1000,"retentionInDays":3653,"streams":{"s1":1100,"empty":1200}}',
        {
          s1: '{"t":5000,"m":"second","i":7000}\n{"t":4000,"m":"first","i":6000}\n',
        },
      );

      const store = await LogsStore.open(dir, () => 10_000);

      const group = store.groups.get('/aws/lambda/get-user');
      const s1 = group?.streams.get('s1');
      assert.equal(group?.creationTime, 1000);
      assert.equal(group?.retentionInDays, 3653);
      assert.deepEqual([...(group?.streams.keys() ?? [])], ['s1', 'empty']);
      assert.equal(group?.streams.get('empty')?.creationTime, 1200);
      assert.deepEqual(
        s1?.events.map(({ timestamp, message, ingestionTime }) => [timestamp, message, ingestionTime]),
        [
          [4000, 'first', 6000],
          [5000, 'second', 7000],
        ],
      );
      assert.equal(s1?.lastIngestionTime, 7000);
    });
  });

  it('leaves out, and reports, a group file of another shape, and skips event lines of another shape', async () => {
    await withTempDir('logs-format', async (dir) => {
      const reports: string[] = [];
      await writeGroup(dir, '/odd', '{"name":"/odd","creationTime":1000}');
      await writeGroup(dir, '/kept', '{"name":"/kept","creationTime":1000,"streams":{"s":1000}}', {
        s: '{"t":"4000","m":"text timestamp","i":6000}\n{"t":4000,"m":"kept","i":6000}\n[1,2]\n',
      });

      const store = await LogsStore.open(
        dir,
        () => 10_000,
        (report) => reports.push(report),
      );

      assert.deepEqual([...store.groups.keys()], ['/kept']);
      assert.deepEqual(
        store.groups
          .get('/kept')
          ?.streams.get('s')
          ?.events.map((event) => event.message),
        ['kept'],
      );
      assert.equal(reports.length, 2);
      assert.match(reports.join('\n'), /group\.json cannot be read \(no streams\); that log group is left out/);
      assert.match(reports.join('\n'), /2 unreadable line\(s\) in .* skipped \(\/kept \/ s\)/);
    });
  });

  it('writes what it reads back: groups, retention, streams and events survive a reopen', async () => {
    await withTempDir('logs-format', async (dir) => {
      const first = await LogsStore.open(dir, () => 10_000);
      const group = await first.createGroup('/g');
      await first.setRetention(group, 7);
      const stream = await first.createStream(group, 's');
      await first.append(group, stream, [
        { timestamp: 9_000, message: 'b' },
        { timestamp: 8_000, message: 'a' },
      ]);
      await first.flush();

      const second = await LogsStore.open(dir, () => 10_000);

      const reopened = second.groups.get('/g');
      assert.equal(reopened?.retentionInDays, 7);
      assert.deepEqual(
        reopened?.streams.get('s')?.events.map((event) => [event.timestamp, event.message, event.ingestionTime]),
        [
          [8_000, 'a', 10_000],
          [9_000, 'b', 10_000],
        ],
      );
    });
  });
});
