// render-card against the local engine's DynamoDB and S3, drawing with the real renderer and the branding in the
// assets bucket: ready, duplicates, redraws byte for byte, removed records, and the failures that mark a card failed
// and fail the event so SNS retries it (branding missing or unreadable, the cards bucket or the table gone). Only a
// throttled status update, which AWS alone produces, is mocked.
import { after, before, beforeEach, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DeleteItemCommand, ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import sharp from 'sharp';
import { createBrandingAssets } from '../../src/aws/branding-assets.js';
import { createCardsBucket } from '../../src/aws/cards-bucket.js';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import type { CardBranding } from '../../src/card/branding.js';
import { defaultAssetsDir } from '../../src/card/index.js';
import { cardKey, type UserRecord } from '../../src/core/record.js';
import { brandedCardRenderer } from '../../src/lambda/branded-renderer.js';
import type { SnsEvent } from '../../src/lambda/events.js';
import { createRenderCardHandler, type CardRenderer } from '../../src/lambda/render-card-handler.js';
import { decodeQr, readVCard } from '../card/card-fixtures.js';
import { BRANDING_KEY, brandingManifest, startAppServices, type AppServices } from './support/app-services.js';
import { capturingLogger, fakeContext, loadEvent, recordCommands, type RecordedCall } from './support/harness.js';
import { parseJsonObject } from '../support/json.js';

const ANA = { user_id: 'ana.silva', type: 'speaker' };
const ANA_CARD = cardKey(ANA.user_id, ANA.type);
const PERSONAL_DATA = /912 ?345 ?678|ana@example/;

/** The log lines at level ERROR, parsed. */
function errorLogs(lines: readonly string[]) {
  return lines.map(parseJsonObject).filter((line) => line.level === 'ERROR');
}

function snsEvent(message: Record<string, string>): SnsEvent {
  const event = loadEvent<SnsEvent>('sns-card-request');
  return { Records: event.Records.map((record) => ({ ...record, Sns: { ...record.Sns, Message: JSON.stringify(message) } })) };
}

const created = () => loadEvent<SnsEvent>('sns-card-request');
const context = () => fakeContext('qrcard-test-render-card');

describe('render-card', () => {
  let app: AppServices;
  let dynamodb: DynamoDBClient;
  let s3: S3Client;
  let users: UsersTable;
  let lines: string[];
  const calls: RecordedCall[] = [];
  let brandingLoads: number;
  let branding: Promise<CardBranding> | undefined;

  /** The real renderer over the app's assets bucket, its branding loaded once for the file; loads are counted. */
  const renderer = (): CardRenderer<CardBranding> => {
    const real = brandedCardRenderer(createBrandingAssets(s3, app.names.assetsBucket), BRANDING_KEY);
    return {
      loadBranding() {
        brandingLoads += 1;
        return (branding ??= real.loadBranding());
      },
      renderCard: (record, loaded) => real.renderCard(record, loaded),
    };
  };
  const handlerWith = (parts: { renderer?: CardRenderer<CardBranding>; cardsBucket?: string; users?: UsersTable } = {}) =>
    createRenderCardHandler({
      users: parts.users ?? users,
      cards: createCardsBucket(s3, parts.cardsBucket ?? app.names.cardsBucket),
      renderer: parts.renderer ?? renderer(),
      logger: capturingLogger('render-card', lines),
    });
  const cardPuts = () => calls.filter((call) => call.action === 's3:PutObject');
  const stored = async () => (await app.object(app.names.cardsBucket, ANA_CARD)) ?? Buffer.alloc(0);

  before(async () => {
    app = await startAppServices('qrcard-render');
    dynamodb = app.dynamodb();
    s3 = app.s3();
    recordCommands(s3, calls);
    users = createUsersTable(dynamodb, app.names.table);
    await app.putObject(app.names.assetsBucket, BRANDING_KEY, JSON.stringify(brandingManifest()));
  });
  after(async () => {
    dynamodb.destroy();
    s3.destroy();
    await app.stop();
  });
  beforeEach(async () => {
    await app.clearTable();
    await users.putNew({ ...ANA, name: 'Ana Silva', company: 'Exemplo Lda', phone: '+351912345678', email: 'ana@example.com' });
    calls.length = 0;
    lines = [];
    brandingLoads = 0;
  });

  it('draws the card, stores the PNG at cards/{user_id}/{type}.png and marks the record ready', async () => {
    const handler = handlerWith();

    const outcomes = await handler(created(), context());

    assert.deepEqual(outcomes, ['ready']);
    const png = await stored();
    const { format, width, height } = await sharp(png).metadata();
    assert.deepEqual({ format, width, height }, { format: 'png', width: 1050, height: 600 });
    const vcard = readVCard((await decodeQr(png)) ?? '');
    assert.deepEqual([vcard.fn, vcard.org, vcard.tel], ['Ana Silva', 'Exemplo Lda', '+351912345678']);
    const head = await s3.send(new HeadObjectCommand({ Bucket: app.names.cardsBucket, Key: ANA_CARD }));
    assert.equal(head.ContentType, 'image/png');
    const record = await users.get(ANA.user_id, ANA.type);
    assert.deepEqual([record?.card_status, record?.card_key, record?.card_version], ['ready', ANA_CARD, 1]);
    const logged = parseJsonObject(lines.at(-1) ?? '{}');
    assert.equal(logged.correlation_id, 'FXkq2iXgoAMEVYw=');
    assert.equal(logged.user_id, 'ana.silva');
    assert.doesNotMatch(lines.join('\n'), PERSONAL_DATA);
  });

  it('ignores a duplicate "created" delivery once the card is ready; branding loaded once', async () => {
    const handler = handlerWith();

    const outcomes = [...(await handler(created(), context())), ...(await handler(created(), context()))];

    assert.deepEqual(outcomes, ['ready', 'already-ready']);
    assert.equal(cardPuts().length, 1);
    assert.equal((await users.get(ANA.user_id, ANA.type))?.card_version, 1);
    assert.equal(brandingLoads, 1);
  });

  it('redraws on a regen request: same key, the same bytes stored again, version counted', async () => {
    const handler = handlerWith();
    const regen = snsEvent({ ...ANA, reason: 'regen', correlation_id: 'c-3' });

    await handler(created(), context());
    const first = await stored();
    await handler(regen, context());
    const second = await stored();
    await handler(regen, context());
    const third = await stored();

    assert.deepEqual(
      cardPuts().map((put) => put.input.Key),
      [ANA_CARD, ANA_CARD, ANA_CARD],
    );
    assert.ok(first.length > 1000, `a drawn card, not ${first.length} bytes`);
    assert.ok(second.equals(first), 'the first redraw stored other bytes');
    assert.ok(third.equals(first), 'the second redraw stored other bytes');
    const record = await users.get(ANA.user_id, ANA.type);
    assert.deepEqual([record?.card_status, record?.card_version], ['ready', 3]);
  });

  it('does not recreate a record removed before rendering', async () => {
    const handler = handlerWith();
    const event = snsEvent({ user_id: 'gone', type: 'speaker', reason: 'regen', correlation_id: 'c-2' });

    const outcomes = await handler(event, context());

    assert.deepEqual(outcomes, ['record-missing']);
    assert.equal(brandingLoads, 0);
    assert.equal(cardPuts().length, 0);
    assert.equal(await users.get('gone', 'speaker'), undefined);
  });

  it('marks ready only if the record still exists after drawing', async () => {
    const real = renderer();
    const removing: CardRenderer<CardBranding> = {
      loadBranding: () => real.loadBranding(),
      async renderCard(record, loaded) {
        await dynamodb.send(
          new DeleteItemCommand({ TableName: app.names.table, Key: { user_id: { S: record.user_id }, type: { S: record.type } } }),
        );
        return real.renderCard(record, loaded);
      },
    };
    const handler = handlerWith({ renderer: removing });

    const outcomes = await handler(created(), context());

    assert.deepEqual(outcomes, ['record-removed']);
    assert.deepEqual(await app.items(), []);
  });

  it('on a render error marks the record failed with a short reason and fails the event', async () => {
    const real = renderer();
    const failing: CardRenderer<CardBranding> = {
      loadBranding: () => real.loadBranding(),
      renderCard: (record: UserRecord) => {
        throw new Error(`font has no glyph for "${record.name}"\n    at drawText (card.ts:1:1)`);
      },
    };
    const handler = handlerWith({ renderer: failing });

    await assert.rejects(handler(created(), context()), /no glyph/);

    const record = await users.get(ANA.user_id, ANA.type);
    assert.equal(record?.card_status, 'failed');
    assert.match(record?.card_error ?? '', /^font has no glyph for "Ana Silva" at drawText/);
    assert.equal(cardPuts().length, 0);
  });

  it('a later success clears the failure', async () => {
    await users.markCardFailed(ANA, 'earlier failure');
    const handler = handlerWith();

    await handler(created(), context());

    const record = await users.get(ANA.user_id, ANA.type);
    assert.equal(record?.card_status, 'ready');
    assert.equal(record?.card_error, undefined);
  });

  it('skips a message that is not a card request without failing the event', async () => {
    const handler = handlerWith();
    const broken: SnsEvent = { Records: created().Records.map((record) => ({ ...record, Sns: { ...record.Sns, Message: 'not json' } })) };

    assert.deepEqual(await handler(broken, context()), ['not-a-card-request']);
    assert.equal(brandingLoads, 0);
  });

  it('a failed branding load marks the card failed; the next event loads the branding again and draws', async () => {
    const assetsBucket = 'qrcard-render-new-assets';
    await app.createBucket(assetsBucket);
    const handler = handlerWith({ renderer: brandedCardRenderer(createBrandingAssets(s3, assetsBucket), BRANDING_KEY) });
    const font = 'branding/fonts/Brand.ttf';
    const cardError = async () => (await users.get(ANA.user_id, ANA.type))?.card_error ?? '';

    await assert.rejects(handler(created(), context()), /branding file branding\/branding\.json could not be read/);
    const manifestMissing = await cardError();
    await app.putObject(assetsBucket, BRANDING_KEY, JSON.stringify(brandingManifest({ fontKeys: [font] })));
    await assert.rejects(handler(created(), context()), /branding file branding\/fonts\/Brand\.ttf could not be read/);
    const fontMissing = await cardError();
    await app.putObject(assetsBucket, font, 'not a font');
    await assert.rejects(handler(created(), context()), /cannot be parsed as TrueType/);
    const fontUnreadable = await cardError();
    await app.putObject(assetsBucket, font, await readFile(`${defaultAssetsDir()}fonts/NotoSans-Regular.ttf`));
    const outcomes = await handler(created(), context());

    assert.match(manifestMissing, /^branding file branding\/branding\.json could not be read from the assets bucket: .*does not exist/);
    assert.match(fontMissing, /^branding file branding\/fonts\/Brand\.ttf could not be read/);
    assert.match(fontUnreadable, /fonts\/Brand\.ttf: cannot be parsed as TrueType/);
    assert.deepEqual(outcomes, ['ready']);
    const record = await users.get(ANA.user_id, ANA.type);
    assert.deepEqual([record?.card_status, record?.card_error], ['ready', undefined]);
    assert.equal((await sharp(await stored()).metadata()).format, 'png');
    const logged = errorLogs(lines);
    assert.deepEqual(
      logged.map((line) => line.message),
      ['card not rendered', 'card not rendered', 'card not rendered'],
    );
    assert.match(String(logged[0]?.error_cause), /^NoSuchKey: /);
  });

  it('a PutObject into a cards bucket that is gone marks the card failed and fails the event; the retry draws it', async () => {
    const cardsBucket = 'qrcard-render-later-cards';
    const handler = handlerWith({ cardsBucket });

    await assert.rejects(handler(created(), context()), { name: 'NoSuchBucket' });
    const failed = await users.get(ANA.user_id, ANA.type);
    await app.createBucket(cardsBucket);
    const outcomes = await handler(created(), context());

    assert.equal(failed?.card_status, 'failed');
    assert.match(failed?.card_error ?? '', /bucket does not exist/);
    const [logged] = errorLogs(lines);
    assert.deepEqual([logged?.message, logged?.error_name, logged?.user_id], ['card not rendered', 'NoSuchBucket', 'ana.silva']);
    assert.doesNotMatch(lines.join('\n'), PERSONAL_DATA);
    assert.deepEqual(outcomes, ['ready']);
    assert.ok(await app.object(cardsBucket, ANA_CARD), 'the retry stored the card');
  });

  it('when the table is gone before the record is read, the event fails, logged with the key, and nothing is drawn', async () => {
    const table = 'qrcard-render-gone-users';
    await app.createTable(table);
    const handler = handlerWith({ users: createUsersTable(dynamodb, table) });
    await app.deleteTable(table);

    await assert.rejects(handler(created(), context()), { name: 'ResourceNotFoundException' });

    assert.deepEqual(
      errorLogs(lines).map((line) => [line.message, line.error_name, line.user_id, line.correlation_id]),
      [['card request not handled: the record could not be read', 'ResourceNotFoundException', 'ana.silva', 'FXkq2iXgoAMEVYw=']],
    );
    assert.equal(brandingLoads, 0);
    assert.equal(cardPuts().length, 0);
  });

  it('when the table is gone before the status update, the event fails and both failures are logged', async () => {
    const table = 'qrcard-render-vanishing-users';
    await app.createTable(table);
    const vanishing = createUsersTable(dynamodb, table);
    await vanishing.putNew({ ...ANA, name: 'Ana Silva', phone: '+351912345678' });
    const real = renderer();
    const droppingTable: CardRenderer<CardBranding> = {
      loadBranding: () => real.loadBranding(),
      async renderCard(record, loaded) {
        await app.deleteTable(table);
        return real.renderCard(record, loaded);
      },
    };
    const handler = handlerWith({ renderer: droppingTable, users: vanishing });

    await assert.rejects(handler(created(), context()), { name: 'ResourceNotFoundException' });

    assert.deepEqual(
      errorLogs(lines).map((line) => [line.message, line.error_name]),
      [
        ['card not rendered', 'ResourceNotFoundException'],
        ['card failure not recorded on the record', 'ResourceNotFoundException'],
      ],
    );
    assert.equal(cardPuts().length, 1);
  });

  describe('when AWS throttles the status update', () => {
    const pending: UserRecord = {
      ...ANA,
      name: 'Ana Silva',
      phone: '+351912345678',
      created_at: '2026-11-21T12:00:00.000Z',
      updated_at: '2026-11-21T12:00:00.000Z',
      card_status: 'pending',
      card_version: 0,
    };
    const throttled = () =>
      new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: {} });
    /** DynamoDB mocked for one test, after the shared set-up: the record reads as pending, updates as the test says. */
    const mockedTable = (t: TestContext) => {
      const documents = mockClient(DynamoDBDocumentClient);
      t.after(() => documents.restore());
      documents.on(GetCommand).resolves({ Item: pending });
      return documents;
    };

    it('marks the record failed with the throttle and fails the event, so SNS retries', async (t) => {
      const documents = mockedTable(t);
      documents
        .on(UpdateCommand)
        .rejectsOnce(throttled())
        .resolves({ Attributes: { ...pending, card_status: 'failed' } });

      await assert.rejects(handlerWith()(created(), context()), { name: 'ProvisionedThroughputExceededException' });

      const updates = documents
        .commandCalls(UpdateCommand)
        .map((call): Record<string, unknown> => ({ ...call.args[0].input.ExpressionAttributeValues }));
      assert.deepEqual(
        updates.map((values) => values[':status']),
        ['ready', 'failed'],
      );
      assert.match(String(updates[1]?.[':error']), /Rate of requests exceeds the allowed throughput/);
      assert.equal(errorLogs(lines)[0]?.error_name, 'ProvisionedThroughputExceededException');
    });

    it('fails the event with the first error when marking the record failed fails too', async (t) => {
      mockedTable(t).on(UpdateCommand).rejectsOnce(throttled()).rejects(new Error('connection reset while marking failed'));

      await assert.rejects(handlerWith()(created(), context()), { name: 'ProvisionedThroughputExceededException' });

      assert.deepEqual(
        errorLogs(lines).map((line) => [line.message, line.error_message]),
        [
          ['card not rendered', 'Rate of requests exceeds the allowed throughput.'],
          ['card failure not recorded on the record', 'connection reset while marking failed'],
        ],
      );
    });
  });
});
