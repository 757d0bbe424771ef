// `qrcard user add|get|rm` end to end: bin/qrcard subprocesses against one `qrcard dev` engine, through
// pipes (no terminal) and on a pseudo-terminal for the prompts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { parseJsonAs } from '../../support/json.js';
import { ptySkipReason, runOnPty, startUserEngine, type UserEngine } from './user-engine.js';

const recordSchema = z.looseObject({
  user_id: z.string(),
  type: z.string(),
  name: z.string(),
  phone: z.string(),
  card_status: z.string(),
  card_key: z.string().optional(),
});
const waitedSchema = z.looseObject({ record: recordSchema, card: z.object({ bucket: z.string(), key: z.string(), url: z.string() }) });

const ANA = ['--id', 'ana', '--type', 'attendee', '--name', 'Ana Souza', '--phone', '+55 11 98765-4321', '--company', 'Exemplo Ltda'];

describe('qrcard user add, get and rm on the local engine', { timeout: 420_000 }, () => {
  let engine: UserEngine;

  before(async () => {
    engine = await startUserEngine();
  });
  after(async () => {
    await engine?.stop();
  });

  const cardImageExists = async (key: string) => {
    try {
      await engine.s3.send(new HeadObjectCommand({ Bucket: engine.cardsBucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'NotFound') return false;
      throw error;
    }
  };

  it('add with every field as a flag stores a pending record and prints it', async () => {
    const added = await engine.qrcard(['user', 'add', ...ANA]);

    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^user_id\s+ana$/m);
    assert.match(added.stdout, /^phone\s+\+5511987654321$/m);
    assert.match(added.stdout, /^card_status\s+pending$/m);
    assert.match(added.stderr, /added ana \(attendee\); card requested/);
  });

  it('add of a key that exists is refused, exit 1, naming the key, and the record is kept', async () => {
    const again = await engine.qrcard(['user', 'add', ...ANA.slice(0, 4), '--name', 'Somebody Else', '--phone', '+55 11 91234-5678']);
    const stored = await engine.qrcard(['user', 'get', 'ana', '--type', 'attendee', '--json']);

    assert.equal(again.code, 1);
    assert.match(again.stderr, /user "ana" already has a card of type "attendee"/);
    assert.equal(parseJsonAs(stored.stdout, recordSchema).name, 'Ana Souza');
  });

  it('add without a terminal and without required fields is a usage error naming them; nothing is stored', async () => {
    const added = await engine.qrcard(['user', 'add', '--id', 'no-tty', '--name', 'No Terminal']);
    const lookedUp = await engine.qrcard(['user', 'get', 'no-tty']);

    assert.equal(added.code, 2);
    assert.match(added.stderr, /missing --type, --phone/);
    assert.equal(lookedUp.code, 1);
  });

  it('add with an invalid field off a terminal is a usage error that says what is wrong with it', async () => {
    const added = await engine.qrcard(['user', 'add', '--id', 'bad-type', '--type', 'vip', '--name', 'V', '--phone', '+351912345678']);

    assert.equal(added.code, 2);
    assert.match(added.stderr, /type must be one of: attendee, speaker, staff/);
  });

  it('add --wait waits until the card is ready and prints where it is; the URL serves the PNG', async () => {
    const added = await engine.qrcard([
      'user',
      'add',
      '--json',
      '--wait',
      '--id',
      'ana',
      '--type',
      'speaker',
      '--name',
      'Ana Souza',
      '--phone',
      '+5511987654321',
    ]);

    assert.equal(added.code, 0, added.stderr);
    const { record, card } = parseJsonAs(added.stdout, waitedSchema);
    assert.equal(record.card_status, 'ready');
    assert.deepEqual([card.bucket, card.key], [engine.cardsBucket, 'cards/ana/speaker.png']);
    const png = await fetch(card.url);
    assert.equal(png.status, 200);
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('get with --type prints that card; without, every card of the person; an unknown person is exit 1', async () => {
    const one = await engine.qrcard(['user', 'get', 'ana', '--type', 'speaker', '--json']);
    const all = await engine.qrcard(['user', 'get', 'ana', '--json']);
    const text = await engine.qrcard(['user', 'get', 'ana']);
    const noType = await engine.qrcard(['user', 'get', 'ana', '--type', 'staff']);
    const nobody = await engine.qrcard(['user', 'get', 'nobody']);

    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual((({ user_id, type, card_status }) => ({ user_id, type, card_status }))(parseJsonAs(one.stdout, recordSchema)), {
      user_id: 'ana',
      type: 'speaker',
      card_status: 'ready',
    });
    assert.deepEqual(
      parseJsonAs(all.stdout, z.array(recordSchema))
        .map((record) => record.type)
        .sort(),
      ['attendee', 'speaker'],
    );
    assert.equal(text.stdout.match(/^user_id\s+ana$/gm)?.length, 2);
    assert.equal(noType.code, 1);
    assert.match(noType.stderr, /user "ana" has no card of type "staff"/);
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /no user "nobody"/);
  });

  it('add on a terminal asks for the missing fields and checks each answer inline', { skip: ptySkipReason }, async () => {
    const session = await runOnPty(
      engine,
      ['user', 'add', '--id', 'pty-pat', '--name', 'Pat Tee'],
      [
        { when: /Card type \(attendee, speaker, staff\)/, send: 'vip\r' },
        { when: /type must be one of: attendee, speaker, staff/, send: '\x15staff\r' },
        { when: /Phone/, send: '12\r' },
        { when: /not a valid phone number/, send: '\x15+351 912 345 678\r' },
      ],
    );
    const stored = await engine.qrcard(['user', 'get', 'pty-pat', '--type', 'staff', '--json']);

    assert.equal(session.code, 0, session.screen);
    assert.doesNotMatch(session.screen, /Full name/, 'a field given as a flag is not asked');
    assert.equal(stored.code, 0, stored.stderr);
    assert.equal(parseJsonAs(stored.stdout, recordSchema).phone, '+351912345678');
  });

  it('rm without a terminal and without --yes is a usage error, and removes nothing', async () => {
    const refused = await engine.qrcard(['user', 'rm', 'ana', '--type', 'speaker']);
    const still = await engine.qrcard(['user', 'get', 'ana', '--type', 'speaker']);

    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--yes/);
    assert.equal(still.code, 0);
    assert.equal(await cardImageExists('cards/ana/speaker.png'), true);
  });

  it('rm --yes removes the record and its card image; removing it again is exit 1', async () => {
    const removed = await engine.qrcard(['user', 'rm', 'ana', '--type', 'speaker', '--yes']);
    const lookedUp = await engine.qrcard(['user', 'get', 'ana', '--type', 'speaker']);
    const again = await engine.qrcard(['user', 'rm', 'ana', '--type', 'speaker', '--yes']);

    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /removed ana \(speaker\)/);
    assert.equal(lookedUp.code, 1);
    assert.equal(await cardImageExists('cards/ana/speaker.png'), false);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /user "ana" has no card of type "speaker"/);
  });

  it('rm on a terminal asks first: no keeps the record, yes removes it', { skip: ptySkipReason }, async () => {
    const declined = await runOnPty(
      engine,
      ['user', 'rm', 'pty-pat', '--type', 'staff'],
      [{ when: /Remove pty-pat \(staff\)/, send: 'n\r' }],
    );
    const kept = await engine.qrcard(['user', 'get', 'pty-pat', '--type', 'staff']);
    const agreed = await runOnPty(
      engine,
      ['user', 'rm', 'pty-pat', '--type', 'staff'],
      [{ when: /Remove pty-pat \(staff\)/, send: 'y\r' }],
    );
    const gone = await engine.qrcard(['user', 'get', 'pty-pat', '--type', 'staff']);

    assert.equal(declined.code, 0, declined.screen);
    assert.match(declined.screen, /nothing removed/);
    assert.equal(kept.code, 0);
    assert.equal(agreed.code, 0, agreed.screen);
    assert.match(agreed.screen, /removed pty-pat \(staff\)/);
    assert.equal(gone.code, 1);
  });

  // Last: it deletes the engine's topic, so no card request can be sent after it.
  it('add whose card request cannot be sent keeps the record, says so with how to redo the card, and exits 3', async () => {
    const sns = new SNSClient({
      region: 'us-east-1',
      endpoint: engine.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      await sns.send(new DeleteTopicCommand({ TopicArn: engine.topicArn }));
    } finally {
      sns.destroy();
    }

    const added = await engine.qrcard([
      'user',
      'add',
      '--id',
      'no-card',
      '--type',
      'attendee',
      '--name',
      'No Card',
      '--phone',
      '+351912345678',
    ]);
    const stored = await engine.qrcard(['user', 'get', 'no-card', '--type', 'attendee', '--json']);

    assert.equal(added.code, 3, added.stderr);
    assert.match(added.stderr, /added no-card \(attendee\), but its card request was not sent/);
    assert.match(added.stderr, /qrcard user rm no-card --type attendee --yes/);
    assert.match(added.stdout, /^user_id\s+no-card$/m);
    assert.equal(parseJsonAs(stored.stdout, recordSchema).card_status, 'pending');
  });
});
