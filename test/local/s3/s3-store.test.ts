// The S3 store reopened from disk: the journal replayed, a torn last line forgiven, files of the wrong shape refused.

import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Store } from '../../../src/local/s3/s3-store.js';

/** Where the store keeps a key's bytes: named by the key's SHA-256. */
const dataFile = (dir: string, bucket: string, key: string) =>
  join(dir, bucket, 'objects', `${createHash('sha256').update(key, 'utf8').digest('hex')}.bin`);

/** The paths of the files this process has open. */
async function openFiles(): Promise<string[]> {
  const fds = await readdir('/proc/self/fd');
  return Promise.all(fds.map((fd) => readlink(join('/proc/self/fd', fd)).catch(() => '')));
}

/** The bucket journals under `dir` among `files`, deleted ones too (Linux names those `... (deleted)`). */
const journals = (dir: string, files: string[]) => files.filter((file) => file.startsWith(dir) && file.includes('objects.jsonl'));

const meta = (key: string) => ({ key, size: 1, etag: '"e"', lastModified: '2026-01-01T00:00:00.000Z', headers: {}, metadata: {} });

describe('S3Store on disk', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qrcard-s3-store-'));
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('replays the journal when reopened, forgiving a torn last line', async () => {
    const store = await S3Store.open(dir);
    await store.createBucket('b');
    await store.put('b', meta('kept'), Buffer.from('k'));
    await store.put('b', meta('gone'), Buffer.from('g'));
    await store.delete('b', 'gone');
    await appendFile(join(dir, 'b', 'objects.jsonl'), '{"put":{"key":"tor');

    const reopened = await S3Store.open(dir);

    assert.deepEqual(reopened.sortedKeys('b'), ['kept']);
    assert.equal((await reopened.read('b', 'kept')).toString(), 'k');
  });

  it('keeps what is put after a torn last line was forgiven, across the next reopen', async () => {
    const store = await S3Store.open(dir);
    await store.createBucket('b');
    await store.put('b', meta('before'), Buffer.from('1'));
    await appendFile(join(dir, 'b', 'objects.jsonl'), '{"put":{"key":"tor');
    const recovered = await S3Store.open(dir);
    await recovered.put('b', meta('after'), Buffer.from('2'));

    const reopened = await S3Store.open(dir);

    assert.deepEqual(reopened.sortedKeys('b'), ['after', 'before']);
    assert.equal((await reopened.read('b', 'before')).toString(), '1');
    assert.equal((await reopened.read('b', 'after')).toString(), '2');
  });

  it('keeps a last record that lost only its newline', async () => {
    const store = await S3Store.open(dir);
    await store.createBucket('b');
    await appendFile(join(dir, 'b', 'objects.jsonl'), JSON.stringify({ put: { ...meta('folder/'), size: 0 } }));
    const recovered = await S3Store.open(dir);
    await recovered.put('b', meta('next'), Buffer.from('n'));

    const reopened = await S3Store.open(dir);

    assert.deepEqual(reopened.sortedKeys('b'), ['folder/', 'next']);
  });

  it('refuses a line in the middle of the journal that is not JSON, naming the file and line', async () => {
    const store = await S3Store.open(dir);
    await store.createBucket('b');
    await store.put('b', meta('first'), Buffer.from('f'));
    await appendFile(join(dir, 'b', 'objects.jsonl'), '{"put":{"key":"half\n');
    await store.put('b', meta('third'), Buffer.from('t'));

    await assert.rejects(S3Store.open(dir), { message: /objects\.jsonl line 2 does not hold what the local S3 wrote there/ });
  });

  it('keeps small and large objects, and their replacements, across a reopen', async () => {
    const store = await S3Store.open(dir);
    await store.createBucket('b');
    const large = Buffer.alloc(1024 * 1024 + 1, 7);
    await store.put('b', { ...meta('small'), size: 1 }, Buffer.from('s'));
    await store.put('b', { ...meta('large'), size: large.length }, large);
    await store.put('b', { ...meta('shrinks'), size: large.length }, large);
    await store.put('b', { ...meta('shrinks'), size: 2 }, Buffer.from('ok'));
    await store.put('b', { ...meta('emptied'), size: 1 }, Buffer.from('e'));
    await store.put('b', { ...meta('emptied'), size: 0 }, Buffer.alloc(0));

    const reopened = await S3Store.open(dir);

    assert.deepEqual(reopened.sortedKeys('b'), ['emptied', 'large', 'shrinks', 'small']);
    assert.equal((await reopened.read('b', 'small')).toString(), 's');
    assert.ok((await reopened.read('b', 'large')).equals(large));
    assert.equal((await reopened.read('b', 'shrinks')).toString(), 'ok');
    assert.equal((await reopened.read('b', 'emptied')).length, 0);
    assert.deepEqual((await readdir(join(dir, 'b', 'objects'))).length, 3, 'one data file per non-empty object, no temporary files');
  });

  it('refuses a whole last line that is not JSON: a torn line has no newline after it', async () => {
    const store = await S3Store.open(dir);
    await store.createBucket('b');
    await store.put('b', meta('first'), Buffer.from('f'));
    await appendFile(join(dir, 'b', 'objects.jsonl'), 'not a journal line\n');

    await assert.rejects(S3Store.open(dir), { message: /objects\.jsonl line 2 does not hold what the local S3 wrote there/ });
  });

  it('refuses a journal line that is not one it wrote, naming the file and line', async () => {
    const store = await S3Store.open(dir);
    await store.createBucket('b');
    await appendFile(join(dir, 'b', 'objects.jsonl'), `${JSON.stringify({ put: { key: 7 } })}\n${JSON.stringify({ delete: 'x' })}\n`);

    await assert.rejects(S3Store.open(dir), { message: /objects\.jsonl line 1 does not hold what the local S3 wrote there/ });
  });

  it('refuses a bucket.json without the fields of a bucket, naming the file', async () => {
    await mkdir(join(dir, 'b'));
    await writeFile(join(dir, 'b', 'bucket.json'), JSON.stringify({ name: 'b', created: 5, configs: {} }));

    await assert.rejects(S3Store.open(dir), { message: /bucket\.json does not hold what the local S3 wrote there/ });
  });

  it('skips a folder without a bucket.json', async () => {
    await mkdir(join(dir, 'stray'));

    const store = await S3Store.open(dir);

    assert.deepEqual(store.listBuckets(), []);
  });

  it('replaces the leftover of a put cut short by a crash with the next put of that key, whole', async () => {
    const store = await S3Store.open(dir);
    await store.createBucket('b');
    // A crash after the data file was half written, before its journal line: the key was never stored.
    await writeFile(dataFile(dir, 'b', 'card.png'), 'torn bytes of a longer object');
    const recovered = await S3Store.open(dir);
    assert.equal(recovered.head('b', 'card.png'), undefined);

    await recovered.put('b', { ...meta('card.png'), size: 3 }, Buffer.from('new'));

    const reopened = await S3Store.open(dir);
    assert.equal((await reopened.read('b', 'card.png')).toString(), 'new');
  });

  it('closes the journal of a bucket when the bucket is deleted, and writes the next bucket of that name to its own', async () => {
    const store = await S3Store.open(dir);
    await store.createBucket('b');
    await store.put('b', meta('old'), Buffer.from('o'));
    await store.delete('b', 'old');

    await store.deleteBucket('b');

    assert.deepEqual(journals(dir, await openFiles()), []);
    await store.createBucket('b');
    await store.put('b', meta('new'), Buffer.from('n'));
    const reopened = await S3Store.open(dir);
    assert.deepEqual(reopened.sortedKeys('b'), ['new']);
  });

  it('closes every journal it opened when closed', async () => {
    const store = await S3Store.open(dir);
    await store.createBucket('b');
    await store.createBucket('c');
    await store.put('b', meta('x'), Buffer.from('x'));
    await store.put('c', meta('y'), Buffer.from('y'));
    assert.equal(journals(dir, await openFiles()).length, 2);

    store.close();

    assert.deepEqual(journals(dir, await openFiles()), []);
  });
});
