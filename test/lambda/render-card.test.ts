// render-card against a real DynamoDB (dynalite) and a mocked S3: ready, duplicates, removed records, failures.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import sharp from 'sharp';
import { createCardsBucket } from '../../src/aws/cards-bucket.js';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import type { UserRecord } from '../../src/core/record.js';
import type { SnsEvent } from '../../src/lambda/events.js';
import { createRenderCardHandler, type CardRenderer } from '../../src/lambda/render-card-handler.js';
import {
  capturingLogger,
  fakeContext,
  loadEvent,
  startUsersTable,
  TEST_CREDENTIALS,
  TEST_REGION,
  type TestTable,
} from './support/harness.js';
import { parseJsonObject } from '../support/json.js';

// A renderer with the card renderer's interface: a real PNG whose size encodes the branding.
function countingRenderer(options: { fail?: (record: UserRecord) => boolean } = {}) {
  const calls = { loadBranding: 0, renderCard: 0 };
  const renderer: CardRenderer<{ width: number }> = {
    loadBranding() {
      calls.loadBranding += 1;
      return Promise.resolve({ width: 105 });
    },
    async renderCard(record, branding) {
      calls.renderCard += 1;
      if (options.fail?.(record)) throw new Error(`font has no glyph for "${record.name}"\n    at drawText (card.ts:1:1)`);
      return sharp({ create: { width: branding.width, height: 60, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer();
    },
  };
  return { renderer, calls };
}

describe('render-card', () => {
  let table: TestTable;
  let dynamodb: DynamoDBClient;
  let users: UsersTable;
  const s3 = mockClient(S3Client);
  const lines: string[] = [];
  const cards = () => createCardsBucket(new S3Client({ region: TEST_REGION, credentials: TEST_CREDENTIALS }), 'qrcard-test-cards');

  before(async () => {
    table = await startUsersTable();
    dynamodb = table.newClient();
    users = createUsersTable(dynamodb, table.tableName);
  });
  after(async () => {
    s3.restore();
    dynamodb.destroy();
    await table.stop();
  });
  beforeEach(async () => {
    for (const item of await table.items()) {
      await table.client.send(
        new DeleteItemCommand({
          TableName: table.tableName,
          Key: { user_id: { S: String(item.user_id) }, type: { S: String(item.type) } },
        }),
      );
    }
    await users.putNew({ user_id: 'ana.silva', type: 'speaker', name: 'Ana Silva', phone: '+351912345678', email: 'ana@example.com' });
    s3.reset();
    s3.on(PutObjectCommand).resolves({ ETag: '"abc"' });
  });

  it('renders, stores the PNG at cards/{user_id}/{type}.png and marks the record ready', async () => {
    const { renderer } = countingRenderer();
    const handler = createRenderCardHandler({ users, cards: cards(), renderer, logger: capturingLogger('render-card', lines) });

    const outcomes = await handler(loadEvent<SnsEvent>('sns-card-request'), fakeContext('qrcard-test-render-card'));

    assert.deepEqual(outcomes, ['ready']);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    assert.equal(put?.Key, 'cards/ana.silva/speaker.png');
    assert.equal(put?.ContentType, 'image/png');
    assert.equal((await sharp(put?.Body as Buffer).metadata()).format, 'png');
    const record = await users.get('ana.silva', 'speaker');
    assert.equal(record?.card_status, 'ready');
    assert.equal(record?.card_key, 'cards/ana.silva/speaker.png');
    assert.equal(record?.card_version, 1);
    const logged = parseJsonObject(lines.at(-1) ?? '{}');
    assert.equal(logged.correlation_id, 'FXkq2iXgoAMEVYw=');
    assert.equal(logged.user_id, 'ana.silva');
    assert.doesNotMatch(lines.join('\n'), /912345678|ana@example/);
  });

  it('ignores a duplicate "created" delivery once the card is ready; branding loaded once', async () => {
    const { renderer, calls } = countingRenderer();
    const handler = createRenderCardHandler({ users, cards: cards(), renderer, logger: capturingLogger('render-card', lines) });
    const event = loadEvent<SnsEvent>('sns-card-request');

    const outcomes = [
      ...(await handler(event, fakeContext('qrcard-test-render-card'))),
      ...(await handler(event, fakeContext('qrcard-test-render-card'))),
    ];

    assert.deepEqual(outcomes, ['ready', 'already-ready']);
    assert.equal(s3.commandCalls(PutObjectCommand).length, 1);
    assert.equal((await users.get('ana.silva', 'speaker'))?.card_version, 1);
    assert.equal(calls.loadBranding, 1);
  });

  it('redraws on a regen request: same key, same bytes, version counted', async () => {
    const handler = createRenderCardHandler({
      users,
      cards: cards(),
      renderer: countingRenderer().renderer,
      logger: capturingLogger('render-card', lines),
    });
    const regen = snsEvent({ user_id: 'ana.silva', type: 'speaker', reason: 'regen', correlation_id: 'c-3' });

    await handler(loadEvent<SnsEvent>('sns-card-request'), fakeContext('qrcard-test-render-card'));
    await handler(regen, fakeContext('qrcard-test-render-card'));
    await handler(regen, fakeContext('qrcard-test-render-card'));

    const puts = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    assert.equal(puts.length, 3);
    assert.ok(puts.every((put) => put.Key === 'cards/ana.silva/speaker.png'));
    assert.deepEqual(puts[1]?.Body, puts[2]?.Body);
    const record = await users.get('ana.silva', 'speaker');
    assert.equal(record?.card_status, 'ready');
    assert.equal(record?.card_version, 3);
  });

  it('does not recreate a record removed before rendering', async () => {
    await users.putNew({ user_id: 'gone', type: 'speaker', name: 'Gone', phone: '+351912345678' });
    await table.client.send(new DeleteItemCommand({ TableName: table.tableName, Key: { user_id: { S: 'gone' }, type: { S: 'speaker' } } }));
    const { renderer, calls } = countingRenderer();
    const handler = createRenderCardHandler({ users, cards: cards(), renderer, logger: capturingLogger('render-card', lines) });
    const event = snsEvent({ user_id: 'gone', type: 'speaker', reason: 'regen', correlation_id: 'c-2' });

    const outcomes = await handler(event, fakeContext('qrcard-test-render-card'));

    assert.deepEqual(outcomes, ['record-missing']);
    assert.equal(calls.renderCard, 0);
    assert.equal(await users.get('gone', 'speaker'), undefined);
  });

  it('marks ready only if the record still exists after drawing', async () => {
    const { renderer } = countingRenderer();
    const removing: CardRenderer<{ width: number }> = {
      loadBranding: () => renderer.loadBranding(),
      async renderCard(record, branding) {
        await table.client.send(
          new DeleteItemCommand({ TableName: table.tableName, Key: { user_id: { S: record.user_id }, type: { S: record.type } } }),
        );
        return renderer.renderCard(record, branding);
      },
    };
    const handler = createRenderCardHandler({ users, cards: cards(), renderer: removing, logger: capturingLogger('render-card', lines) });

    const outcomes = await handler(loadEvent<SnsEvent>('sns-card-request'), fakeContext('qrcard-test-render-card'));

    assert.deepEqual(outcomes, ['record-removed']);
    assert.deepEqual(await table.items(), []);
  });

  it('on a render error marks the record failed with a short reason and fails the event', async () => {
    const { renderer } = countingRenderer({ fail: () => true });
    const handler = createRenderCardHandler({ users, cards: cards(), renderer, logger: capturingLogger('render-card', lines) });

    await assert.rejects(handler(loadEvent<SnsEvent>('sns-card-request'), fakeContext('qrcard-test-render-card')), /no glyph/);

    const record = await users.get('ana.silva', 'speaker');
    assert.equal(record?.card_status, 'failed');
    assert.match(record?.card_error ?? '', /^font has no glyph for "Ana Silva" at drawText/);
    assert.ok((record?.card_error ?? '').length <= 200);
    assert.equal(s3.commandCalls(PutObjectCommand).length, 0);
  });

  it('a later success clears the failure', async () => {
    await users.markCardFailed({ user_id: 'ana.silva', type: 'speaker' }, 'earlier failure');
    const handler = createRenderCardHandler({
      users,
      cards: cards(),
      renderer: countingRenderer().renderer,
      logger: capturingLogger('render-card', lines),
    });

    await handler(loadEvent<SnsEvent>('sns-card-request'), fakeContext('qrcard-test-render-card'));

    const record = await users.get('ana.silva', 'speaker');
    assert.equal(record?.card_status, 'ready');
    assert.equal(record?.card_error, undefined);
  });

  it('skips a message that is not a card request without failing the event', async () => {
    const { renderer, calls } = countingRenderer();
    const handler = createRenderCardHandler({ users, cards: cards(), renderer, logger: capturingLogger('render-card', lines) });
    const event = loadEvent<SnsEvent>('sns-card-request');
    const broken: SnsEvent = { Records: event.Records.map((record) => ({ ...record, Sns: { ...record.Sns, Message: 'not json' } })) };

    assert.deepEqual(await handler(broken, fakeContext('qrcard-test-render-card')), ['not-a-card-request']);
    assert.equal(calls.renderCard, 0);
  });
});

function snsEvent(message: Record<string, string>): SnsEvent {
  const event = loadEvent<SnsEvent>('sns-card-request');
  return { Records: event.Records.map((record) => ({ ...record, Sns: { ...record.Sns, Message: JSON.stringify(message) } })) };
}
