// The SNS state: changes run one at a time and are kept only once saved; the state file is read with its shape checked.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSnsState, noRecords, parseSnsRecords, readSnsRecords, type SnsRecords } from '../../../src/local/sns/sns-state.js';

const topic = (name: string) => ({ arn: `arn:aws:sns:us-east-1:000000000000:${name}`, name, attributes: {} });
const withTopic = (records: SnsRecords, name: string): SnsRecords => ({ ...records, topics: [...records.topics, topic(name)] });
const names = (records: SnsRecords) => records.topics.map((saved) => saved.name);

describe('SNS state changes', () => {
  it('runs each change over the records the one before it saved', async () => {
    const saves: string[][] = [];
    const state = createSnsState({
      records: noRecords,
      save: async (next) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        saves.push(names(next));
      },
      deliveries: { enqueue: () => {} },
    });

    const results = await Promise.all([
      state.change((saved) => ({ next: withTopic(saved, 'a'), result: saved.topics.length })),
      state.change((saved) => ({ next: withTopic(saved, 'b'), result: saved.topics.length })),
    ]);

    assert.deepEqual(results, [0, 1]);
    assert.deepEqual(saves, [['a'], ['a', 'b']]);
    assert.deepEqual(names(state.saved), ['a', 'b']);
  });

  it('keeps nothing of a change whose save failed, and starts the next from the last saved records', async () => {
    const state = createSnsState({
      records: withTopic(noRecords, 'kept'),
      save: (next) => {
        if (names(next).includes('lost')) return Promise.reject(new Error('disk full'));
        return Promise.resolve();
      },
      deliveries: { enqueue: () => {} },
    });

    const failed = state.change((saved) => ({ next: withTopic(saved, 'lost'), result: 'lost' }));
    const after = state.change((saved) => ({ next: withTopic(saved, 'after'), result: names(saved) }));

    await assert.rejects(failed, { message: 'disk full' });
    assert.deepEqual(await after, ['kept']);
    assert.deepEqual(names(state.saved), ['kept', 'after']);
  });

  it('rejects only the change whose decision throws', async () => {
    const state = createSnsState({ records: noRecords, save: () => Promise.resolve(), deliveries: { enqueue: () => {} } });

    const refused = state.change(() => {
      throw new RangeError('refused');
    });
    const next = state.change((saved) => ({ next: withTopic(saved, 'b'), result: 'ok' }));

    await assert.rejects(refused, { name: 'RangeError', message: 'refused' });
    assert.equal(await next, 'ok');
    await state.settled();
    assert.deepEqual(names(state.saved), ['b']);
  });
});

describe('SNS state file', () => {
  it('reads no records when there is no file yet, and the saved ones when there is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qrcard-sns-state-'));
    try {
      const path = join(dir, 'sns.json');
      assert.deepEqual(await readSnsRecords(path), noRecords);

      await writeFile(path, JSON.stringify(withTopic(noRecords, 'saved')));

      assert.deepEqual(names(await readSnsRecords(path)), ['saved']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not SNS state, naming it and the malformed entry', () => {
    const subscription = { arn: 'a', topicArn: 't', protocol: 'lambda', endpoint: 'e', attributes: { RawMessageDelivery: 'false' } };

    assert.throws(() => parseSnsRecords('[]', 'sns.json'), { message: 'sns.json: not an SNS state file' });
    assert.throws(() => parseSnsRecords('{"topics":[{"arn":"a","attributes":{}}],"subscriptions":[]}', 'sns.json'), {
      message: 'sns.json: topic 1 is malformed',
    });
    assert.throws(
      () =>
        parseSnsRecords(
          JSON.stringify({ topics: [], subscriptions: [subscription, { ...subscription, attributes: { n: 1 } }] }),
          'sns.json',
        ),
      { message: 'sns.json: subscription 2 is malformed' },
    );
    assert.deepEqual(parseSnsRecords(JSON.stringify({ topics: [], subscriptions: [subscription] }), 'sns.json').subscriptions, [
      subscription,
    ]);
  });
});
