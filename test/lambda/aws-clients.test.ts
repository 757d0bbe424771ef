// The narrow clients the handlers and the CLI share: users table outcomes, batched card requests, branding download.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createBrandingAssets, parseBrandingManifest } from '../../src/aws/branding-assets.js';
import { cardRequestMessage, createCardRequests, parseCardRequest, type CardRequest } from '../../src/aws/card-requests.js';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import { defaultConfig } from '../../src/core/config.js';
import { startUsersTable, TEST_CREDENTIALS, TEST_REGION, type TestTable } from './support/harness.js';

describe('users table', () => {
  let table: TestTable;
  let client: DynamoDBClient;
  let users: UsersTable;
  const key = { user_id: 'rui', type: 'staff' };

  before(async () => {
    table = await startUsersTable();
    client = table.newClient();
    users = createUsersTable(client, table.tableName);
  });
  after(async () => {
    client.destroy();
    await table.stop();
  });

  it('creates once, then reports the existing key', async () => {
    const first = await users.putNew({ ...key, name: 'Rui', phone: '+351912345678' }, new Date('2026-01-01T00:00:00Z'));
    const second = await users.putNew({ ...key, name: 'Other', phone: '+351912345679' });

    assert.equal(first.kind, 'created');
    assert.deepEqual(second, { kind: 'exists', key });
    assert.equal((await users.get('rui', 'staff'))?.name, 'Rui');
  });

  it('counts renders, keeps the failure reason short, and goes back to pending', async () => {
    const ready = await users.markCardReady(key, 'cards/rui/staff.png');
    const again = await users.markCardReady(key, 'cards/rui/staff.png');
    const failed = await users.markCardFailed(key, `boom ${'x'.repeat(500)}`);
    const pending = await users.setPending(key);

    assert.equal(ready.kind === 'updated' && ready.record.card_version, 1);
    assert.equal(again.kind === 'updated' && again.record.card_version, 2);
    assert.equal(failed.kind === 'updated' && failed.record.card_error?.length, 200);
    assert.equal(pending.kind === 'updated' && pending.record.card_status, 'pending');
    assert.equal(pending.kind === 'updated' && pending.record.card_error, undefined);
  });

  it('never creates a record by updating a missing one', async () => {
    const outcomes = await Promise.all([
      users.markCardReady({ user_id: 'ghost', type: 'staff' }, 'cards/ghost/staff.png'),
      users.markCardFailed({ user_id: 'ghost', type: 'staff' }, 'x'),
      users.setPending({ user_id: 'ghost', type: 'staff' }),
    ]);

    assert.deepEqual(
      outcomes.map((outcome) => outcome.kind),
      ['missing', 'missing', 'missing'],
    );
    assert.equal(await users.get('ghost', 'staff'), undefined);
  });

  it("lists one person's cards across pages of the query", async () => {
    for (const type of ['attendee', 'speaker']) await users.putNew({ user_id: 'rui', type, name: 'Rui', phone: '+351912345678' });
    await users.putNew({ user_id: 'someone-else', type: 'staff', name: 'S', phone: '+351912345678' });

    const cards = await users.listForUser('rui');

    assert.deepEqual(cards.map((card) => card.type).sort(), ['attendee', 'speaker', 'staff']);
  });
});

describe('card requests', () => {
  const sns = mockClient(SNSClient);
  after(() => sns.restore());

  it('publishes in batches of ten and returns refused entries as values', async () => {
    sns.reset();
    sns.on(PublishBatchCommand).callsFake((input: { PublishBatchRequestEntries: Array<{ Id: string }> }) => ({
      Successful: input.PublishBatchRequestEntries.filter((entry) => entry.Id !== '3').map((entry) => ({
        Id: entry.Id,
        MessageId: `m-${entry.Id}`,
      })),
      Failed: input.PublishBatchRequestEntries.filter((entry) => entry.Id === '3').map((entry) => ({
        Id: entry.Id,
        Code: 'Throttled',
        Message: 'slow down',
        SenderFault: false,
      })),
    }));
    const requests: CardRequest[] = Array.from({ length: 23 }, (_, index) => ({
      user_id: `u${index}`,
      type: 'staff',
      reason: 'regen',
      correlation_id: `c${index}`,
    }));

    const outcome = await createCardRequests(
      new SNSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS }),
      'arn:aws:sns:us-east-1:1:t',
    ).publishBatch(requests);

    const batches = sns.commandCalls(PublishBatchCommand).map((call) => call.args[0].input.PublishBatchRequestEntries?.length);
    assert.deepEqual(batches, [10, 10, 3]);
    // Entry id 3 is refused in each full batch: u3 and u13; the last batch has ids 0-2 only.
    assert.equal(outcome.published, 21);
    assert.deepEqual(
      outcome.failed.map((failure) => [failure.request.user_id, failure.reason]),
      [
        ['u3', 'slow down'],
        ['u13', 'slow down'],
      ],
    );
  });

  it('writes only the agreed fields and reads them back', () => {
    const withExtra: CardRequest & { readonly phone: string } = {
      user_id: 'a',
      type: 'staff',
      reason: 'created',
      correlation_id: 'c',
      phone: '+351912345678',
    };

    const message = cardRequestMessage(withExtra);

    assert.deepEqual(JSON.parse(message), { user_id: 'a', type: 'staff', reason: 'created', correlation_id: 'c' });
    assert.deepEqual(parseCardRequest(message), {
      ok: true,
      value: { user_id: 'a', type: 'staff', reason: 'created', correlation_id: 'c' },
    });
    assert.equal(parseCardRequest('{"user_id":"a","type":"staff","reason":"delete"}').ok, false);
  });
});

describe('branding assets', () => {
  const s3 = mockClient(S3Client);
  let directory: string;
  before(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'qrcard-branding-'));
  });
  after(async () => {
    s3.restore();
    await rm(directory, { recursive: true, force: true });
  });
  const config = defaultConfig();
  const manifest = {
    cardTypes: config.cardTypes,
    card: config.card,
    colors: config.branding.colors,
    qr: config.qr,
    logoKey: 'branding/logo.png',
    fontKeys: ['branding/fonts/Brand.ttf'],
  };
  /** A GetObject answer holding `content`, its body a stream with the SDK's transform helpers as the SDK returns it in Node. */
  const body = (content: string | Uint8Array) => {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const stream = Object.assign(Readable.from([bytes]), {
      transformToByteArray: () => Promise.resolve(bytes),
      transformToString: (encoding?: string) => Promise.resolve(new TextDecoder(encoding).decode(bytes)),
      transformToWebStream: () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes);
            controller.close();
          },
        }),
    });
    return { Body: stream };
  };

  it('downloads the manifest and the files it names, as config paths relative to the directory', async () => {
    s3.reset();
    s3.on(GetObjectCommand, { Key: 'branding/branding.json' }).resolves(body(JSON.stringify(manifest)));
    s3.on(GetObjectCommand, { Key: 'branding/logo.png' }).resolves(body(new Uint8Array([1, 2, 3])));
    s3.on(GetObjectCommand, { Key: 'branding/fonts/Brand.ttf' }).resolves(body(new Uint8Array([4, 5])));

    const downloaded = await createBrandingAssets(new S3Client({ region: TEST_REGION, credentials: TEST_CREDENTIALS }), 'assets').download(
      'branding/branding.json',
      directory,
    );

    assert.deepEqual(downloaded.branding, { logo: 'logo.png', fonts: ['fonts/Brand.ttf'], colors: config.branding.colors });
    assert.deepEqual(downloaded.cardTypes, config.cardTypes);
    assert.deepEqual([...(await readFile(path.join(directory, 'fonts', 'Brand.ttf')))], [4, 5]);
  });

  it('refuses manifests with bad values or keys outside branding/', () => {
    assert.throws(
      () => parseBrandingManifest(JSON.stringify({ ...manifest, colors: { background: 'red' } })),
      /branding manifest is invalid/,
    );
    assert.throws(() => parseBrandingManifest(JSON.stringify({ ...manifest, fontKeys: ['branding/../secrets'] })), /invalid key/);
    assert.throws(() => parseBrandingManifest(JSON.stringify({ ...manifest, logoKey: 'other/logo.png' })), /invalid key/);
  });
});
