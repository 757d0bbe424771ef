// get-user against a real DynamoDB (dynalite): public fields only, presigned URLs when ready, 404s, listing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { createCardsBucket } from '../../src/aws/cards-bucket.js';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import { cardKey } from '../../src/core/record.js';
import type { HttpApiEvent } from '../../src/lambda/events.js';
import { createGetUserHandler } from '../../src/lambda/get-user-handler.js';
import {
  capturingLogger,
  fakeContext,
  loadEvent,
  startUsersTable,
  TEST_CREDENTIALS,
  TEST_REGION,
  type TestTable,
} from './support/harness.js';
import { parseJsonAs, parseJsonObject } from '../support/json.js';

/** A card as get-user answers it once ready: the URL typed so it can be opened, every other field left to the assertions. */
const readyCardBody = z.looseObject({ card_url: z.string() });
const cardListBody = z.looseObject({ cards: z.array(z.looseObject({ type: z.string() })) });

describe('get-user', () => {
  let table: TestTable;
  let dynamodb: DynamoDBClient;
  let users: UsersTable;
  let handler: ReturnType<typeof createGetUserHandler>;
  const lines: string[] = [];

  before(async () => {
    table = await startUsersTable();
    dynamodb = table.newClient();
    users = createUsersTable(dynamodb, table.tableName);
    await users.putNew({
      user_id: 'ana.silva',
      type: 'speaker',
      name: 'Ana Silva',
      company: 'Exemplo Lda',
      phone: '+351912345678',
      email: 'ana@example.com',
    });
    await users.markCardReady({ user_id: 'ana.silva', type: 'speaker' }, cardKey('ana.silva', 'speaker'));
    await users.putNew({ user_id: 'ana.silva', type: 'staff', name: 'Ana Silva', phone: '+351912345678' });
    handler = createGetUserHandler({
      users,
      // Presigning is local signing: no S3 request is made.
      cards: createCardsBucket(new S3Client({ region: TEST_REGION, credentials: TEST_CREDENTIALS }), 'qrcard-test-cards'),
      cardUrlTtlSeconds: 120,
      logger: capturingLogger('get-user', lines),
    });
  });
  after(async () => {
    dynamodb.destroy();
    await table.stop();
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
    assert.equal(url.pathname, '/cards/ana.silva/speaker.png');
    assert.equal(url.searchParams.get('X-Amz-Expires'), '120');
    assert.equal(body.card_url_expires_in, 120);
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
});
