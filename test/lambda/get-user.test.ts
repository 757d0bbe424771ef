// get-user against the local engine's DynamoDB and S3: public fields only, presigned URLs that fetch the card,
// 404s, listing, and what it answers when the table or the signing fails; a throttled DynamoDB is mocked.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { createCardsBucket } from '../../src/aws/cards-bucket.js';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import { cardKey } from '../../src/core/record.js';
import type { HttpApiEvent } from '../../src/lambda/events.js';
import { createGetUserHandler } from '../../src/lambda/get-user-handler.js';
import { startAppServices, type AppServices } from './support/app-services.js';
import { capturingLogger, fakeContext, loadEvent, TEST_CREDENTIALS, TEST_REGION } from './support/harness.js';
import { parseJsonAs, parseJsonObject } from '../support/json.js';

/** A card as get-user answers it once ready: the URL typed so it can be opened, every other field left to the assertions. */
const readyCardBody = z.looseObject({ card_url: z.string() });
const cardListBody = z.looseObject({ cards: z.array(z.looseObject({ type: z.string() })) });

/** The log lines at level ERROR, parsed. */
function errorLogs(lines: readonly string[]) {
  return lines.map(parseJsonObject).filter((line) => line.level === 'ERROR');
}

describe('get-user', () => {
  let app: AppServices;
  let dynamodb: DynamoDBClient;
  let s3: S3Client;
  let users: UsersTable;
  let handler: ReturnType<typeof createGetUserHandler>;
  const lines: string[] = [];
  const card = Buffer.from('not really a PNG, but the bytes the bucket holds');

  const handlerWith = (parts: { table?: string; s3?: S3Client; lines?: string[] } = {}) =>
    createGetUserHandler({
      users: createUsersTable(dynamodb, parts.table ?? app.names.table),
      cards: createCardsBucket(parts.s3 ?? s3, app.names.cardsBucket),
      cardUrlTtlSeconds: 120,
      logger: capturingLogger('get-user', parts.lines ?? lines),
    });

  before(async () => {
    app = await startAppServices('qrcard-get-user');
    dynamodb = app.dynamodb();
    s3 = app.s3();
    users = createUsersTable(dynamodb, app.names.table);
    await users.putNew({
      user_id: 'ana.silva',
      type: 'speaker',
      name: 'Ana Silva',
      company: 'Exemplo Lda',
      phone: '+351912345678',
      email: 'ana@example.com',
    });
    await app.putObject(app.names.cardsBucket, cardKey('ana.silva', 'speaker'), card);
    await users.markCardReady({ user_id: 'ana.silva', type: 'speaker' }, cardKey('ana.silva', 'speaker'));
    await users.putNew({ user_id: 'ana.silva', type: 'staff', name: 'Ana Silva', phone: '+351912345678' });
    handler = handlerWith();
  });
  after(async () => {
    dynamodb.destroy();
    s3.destroy();
    await app.stop();
  });

  it('answers 200 with public fields and a presigned URL for a ready card', async () => {
    const response = await handler(loadEvent<HttpApiEvent>('get-user'), fakeContext('qrcard-test-get-user'));

    assert.equal(response.statusCode, 200);
    const body = parseJsonAs(response.body, readyCardBody);
    assert.equal(body.card_status, 'ready');
    assert.equal(body.card_version, 1);
    assert.equal(body.company, 'Exemplo Lda');
    assert.equal(body.phone, undefined);
    assert.equal(body.email, undefined);
    const url = new URL(body.card_url);
    assert.equal(url.pathname, `/${app.names.cardsBucket}/cards/ana.silva/speaker.png`);
    assert.equal(url.searchParams.get('X-Amz-Expires'), '120');
    assert.equal(body.card_url_expires_in, 120);
    const fetched = await fetch(url);
    assert.equal(fetched.status, 200);
    assert.deepEqual(Buffer.from(await fetched.arrayBuffer()), card);
  });

  it('gives no URL while the card is pending', async () => {
    const event = loadEvent<HttpApiEvent>('get-user', { pathParameters: { user_id: 'ana.silva', type: 'staff' } });

    const body = parseJsonObject((await handler(event, fakeContext('qrcard-test-get-user'))).body);

    assert.equal(body.card_status, 'pending');
    assert.equal(body.card_url, undefined);
  });

  it('answers 404 with a clear body for an unknown card', async () => {
    const event = loadEvent<HttpApiEvent>('get-user', { pathParameters: { user_id: 'nobody', type: 'speaker' } });

    const response = await handler(event, fakeContext('qrcard-test-get-user'));

    assert.equal(response.statusCode, 404);
    assert.deepEqual(JSON.parse(response.body), { error: 'not-found', message: 'user "nobody" has no "speaker" card' });
  });

  it('lists all cards of one person without phone or email', async () => {
    const response = await handler(loadEvent<HttpApiEvent>('get-user-list'), fakeContext('qrcard-test-get-user'));

    assert.equal(response.statusCode, 200);
    const body = parseJsonAs(response.body, cardListBody);
    assert.deepEqual(body.cards.map((card) => card.type).sort(), ['speaker', 'staff']);
    assert.doesNotMatch(response.body, /\+351|ana@example/);
    assert.equal(parseJsonObject(lines.at(-1) ?? '{}').correlation_id, 'list-7f3a');
  });

  it('answers 404 when a person has no cards', async () => {
    const event = loadEvent<HttpApiEvent>('get-user-list', { pathParameters: { user_id: 'nobody' } });

    assert.equal((await handler(event, fakeContext('qrcard-test-get-user'))).statusCode, 404);
  });

  it('answers 400 for a malformed user id or type instead of querying', async () => {
    const badId = loadEvent<HttpApiEvent>('get-user', { pathParameters: { user_id: 'a b', type: 'speaker' } });
    const badType = loadEvent<HttpApiEvent>('get-user', { pathParameters: { user_id: 'ana.silva', type: '../x' } });

    assert.equal((await handler(badId, fakeContext('qrcard-test-get-user'))).statusCode, 400);
    assert.equal((await handler(badType, fakeContext('qrcard-test-get-user'))).statusCode, 400);
  });

  it('answers 500 on either route and logs why when the table is gone', async () => {
    await app.createTable('qrcard-get-user-gone-users');
    const failing: string[] = [];
    const withGoneTable = handlerWith({ table: 'qrcard-get-user-gone-users', lines: failing });
    await app.deleteTable('qrcard-get-user-gone-users');

    const one = await withGoneTable(loadEvent<HttpApiEvent>('get-user'), fakeContext('qrcard-test-get-user'));
    const list = await withGoneTable(loadEvent<HttpApiEvent>('get-user-list'), fakeContext('qrcard-test-get-user'));

    assert.deepEqual([one.statusCode, list.statusCode], [500, 500]);
    assert.equal(parseJsonObject(one.body).error, 'internal-error');
    const logged = errorLogs(failing);
    assert.deepEqual(
      logged.map((line) => [line.message, line.error_name, line.correlation_id, line.user_id]),
      [
        ['request failed', 'ResourceNotFoundException', 'FXkq3hLmoAMEV1Q=', 'ana.silva'],
        ['request failed', 'ResourceNotFoundException', 'list-7f3a', 'ana.silva'],
      ],
    );
  });

  it('answers 500 without a URL and logs why when the card URL cannot be signed', async () => {
    const unsigned = new S3Client({
      region: TEST_REGION,
      credentials: () =>
        Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })),
    });
    const failing: string[] = [];
    const withoutCredentials = handlerWith({ s3: unsigned, lines: failing });

    const response = await withoutCredentials(loadEvent<HttpApiEvent>('get-user'), fakeContext('qrcard-test-get-user'));

    assert.equal(response.statusCode, 500);
    assert.doesNotMatch(response.body, /card_url|X-Amz/);
    const [logged] = errorLogs(failing);
    assert.equal(logged?.error_name, 'CredentialsProviderError');
    assert.equal(logged?.type, 'speaker');
    assert.doesNotMatch(failing.join('\n'), /\+351|ana@example/);
  });
});

describe('get-user when AWS throttles', () => {
  it('answers 503 with a retry-after and logs why when DynamoDB throttles the read', async (t) => {
    const documents = mockClient(DynamoDBDocumentClient);
    t.after(() => documents.restore());
    documents
      .on(GetCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: {} }));
    const lines: string[] = [];
    const client = { region: TEST_REGION, credentials: TEST_CREDENTIALS };
    const handler = createGetUserHandler({
      users: createUsersTable(new DynamoDBClient(client), 'qrcard-test-users'),
      cards: createCardsBucket(new S3Client(client), 'qrcard-test-cards'),
      cardUrlTtlSeconds: 120,
      logger: capturingLogger('get-user', lines),
    });

    const response = await handler(loadEvent<HttpApiEvent>('get-user'), fakeContext('qrcard-test-get-user'));

    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['retry-after'], '2');
    assert.equal(errorLogs(lines)[0]?.error_name, 'ProvisionedThroughputExceededException');
  });
});
