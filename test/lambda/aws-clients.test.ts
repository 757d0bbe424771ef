// The narrow clients the handlers and the CLI share, on the local engine's DynamoDB, SNS and S3: users table
// outcomes, batched card requests with refused entries as values, branding download.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { createBrandingAssets, parseBrandingManifest } from '../../src/aws/branding-assets.js';
import { cardRequestMessage, createCardRequests, parseCardRequest, type CardRequest } from '../../src/aws/card-requests.js';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import { defaultConfig } from '../../src/core/config.js';
import { BRANDING_KEY, brandingManifest, startAppServices, type AppServices } from './support/app-services.js';
import { recordCommands, type RecordedCall } from './support/harness.js';

/** What the engine's SNS hands a lambda subscription. */
const snsDelivery = z.looseObject({ Records: z.array(z.looseObject({ Sns: z.looseObject({ Message: z.string() }) })) });

let app: AppServices;
before(async () => {
  app = await startAppServices('qrcard-clients');
});
after(async () => {
  await app?.stop();
});

describe('users table', () => {
  let client: DynamoDBClient;
  let users: UsersTable;
  const key = { user_id: 'rui', type: 'staff' };

  before(() => {
    client = app.dynamodb();
    users = createUsersTable(client, app.names.table);
  });
  after(() => {
    client.destroy();
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
  let client: SNSClient;
  const calls: RecordedCall[] = [];
  before(() => {
    client = app.sns();
    recordCommands(client, calls);
  });
  after(() => {
    client.destroy();
  });

  it('publishes in batches of ten and returns the entries SNS refused as values', async () => {
    // Over SNS's 256 KiB message limit: refused on its own, while the rest of its batch is published.
    const tooLong = 'x'.repeat(256 * 1024);
    const requests: CardRequest[] = Array.from({ length: 23 }, (_, index) => ({
      user_id: index === 3 || index === 13 ? tooLong : `u${index}`,
      type: 'staff',
      reason: 'regen',
      correlation_id: `c${index}`,
    }));

    const outcome = await createCardRequests(client, app.names.topicArn).publishBatch(requests);

    assert.deepEqual(
      calls.map((call) => (call.input.PublishBatchRequestEntries as unknown[]).length),
      [10, 10, 3],
    );
    assert.equal(outcome.published, 21);
    assert.deepEqual(
      outcome.failed.map((failure) => [failure.request.correlation_id, failure.reason]),
      [
        ['c3', 'Invalid parameter: Message too long'],
        ['c13', 'Invalid parameter: Message too long'],
      ],
    );
    await app.deliveries();
    const delivered = app.delivered.map((event) => parseCardRequest(snsDelivery.parse(event).Records[0]?.Sns.Message ?? ''));
    const expected = requests.filter((request) => request.user_id !== tooLong).map((request) => request.correlation_id);
    assert.deepEqual(delivered.map((request) => (request.ok ? request.value.correlation_id : request.reason)).sort(), expected.sort());
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
  let client: S3Client;
  let directory: string;
  before(async () => {
    client = app.s3();
    directory = await mkdtemp(path.join(tmpdir(), 'qrcard-branding-'));
  });
  after(async () => {
    client.destroy();
    await rm(directory, { recursive: true, force: true });
  });
  const config = defaultConfig();
  const manifest = brandingManifest({ logoKey: 'branding/logo.png', fontKeys: ['branding/fonts/Brand.ttf'] });

  it('downloads the manifest and the files it names, as config paths relative to the directory', async () => {
    await app.putObject(app.names.assetsBucket, BRANDING_KEY, JSON.stringify(manifest));
    await app.putObject(app.names.assetsBucket, 'branding/logo.png', new Uint8Array([1, 2, 3]));
    await app.putObject(app.names.assetsBucket, 'branding/fonts/Brand.ttf', new Uint8Array([4, 5]));

    const downloaded = await createBrandingAssets(client, app.names.assetsBucket).download(BRANDING_KEY, directory);

    assert.deepEqual(downloaded.branding, { logo: 'logo.png', fonts: ['fonts/Brand.ttf'], colors: config.branding.colors });
    assert.deepEqual(downloaded.cardTypes, config.cardTypes);
    assert.deepEqual([...(await readFile(path.join(directory, 'logo.png')))], [1, 2, 3]);
    assert.deepEqual([...(await readFile(path.join(directory, 'fonts', 'Brand.ttf')))], [4, 5]);
  });

  it('names the file that is missing from the assets bucket', async () => {
    const missing = brandingManifest({ fontKeys: ['branding/fonts/Missing.ttf'] });
    await app.putObject(app.names.assetsBucket, 'branding/missing-font.json', JSON.stringify(missing));

    const download = createBrandingAssets(client, app.names.assetsBucket).download('branding/missing-font.json', directory);

    await assert.rejects(download, (error: Error) => {
      assert.match(
        error.message,
        /^branding file branding\/fonts\/Missing\.ttf could not be read from the assets bucket: .*does not exist/,
      );
      assert.equal((error.cause as Error | undefined)?.name, 'NoSuchKey');
      return true;
    });
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
