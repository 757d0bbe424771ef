// register-user against a real DynamoDB (dynalite) and a mocked SNS: outcomes, hostile bodies, logs.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { createCardRequests } from '../../src/aws/card-requests.js';
import { createUsersTable } from '../../src/aws/users-table.js';
import type { HttpApiEvent } from '../../src/lambda/events.js';
import { createRegisterUserHandler } from '../../src/lambda/register-user-handler.js';
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

/** The 201 answer: the stored record comes back as an object whose fields the assertions read. */
const createdBody = z.looseObject({ record: z.looseObject({}) });
/** A body with a sentence for people and maybe details: the text the tests match (any `error` code stays `unknown`). */
const messageBody = z.looseObject({ message: z.string(), details: z.array(z.string()).optional() });
const fieldIssuesBody = z.looseObject({ issues: z.array(z.looseObject({ field: z.string() })) });

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:qrcard-test-card-requests';
const rules = { cardTypes: ['attendee', 'speaker', 'staff'], defaultCountry: 'PT' };

describe('register-user', () => {
  let table: TestTable;
  let dynamodb: DynamoDBClient;
  const sns = mockClient(SNSClient);
  let lines: string[];
  let handler: ReturnType<typeof createRegisterUserHandler>;

  before(async () => {
    table = await startUsersTable();
    dynamodb = table.newClient();
  });
  after(async () => {
    sns.restore();
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
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    lines = [];
    handler = createRegisterUserHandler({
      users: createUsersTable(dynamodb, table.tableName),
      cardRequests: createCardRequests(new SNSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS }), TOPIC_ARN),
      rules,
      logger: capturingLogger('register-user', lines),
      now: () => new Date('2026-11-21T12:00:00.000Z'),
    });
  });

  const post = (body: string | undefined, extra: Partial<HttpApiEvent> = {}) =>
    handler(loadEvent<HttpApiEvent>('register-user', { body, ...extra }), fakeContext('qrcard-test-register-user'));

  it('stores a pending record, publishes a card request naming only the key, and answers 201', async () => {
    const response = await handler(loadEvent<HttpApiEvent>('register-user'), fakeContext('qrcard-test-register-user'));

    assert.equal(response.statusCode, 201);
    const body = parseJsonAs(response.body, createdBody);
    assert.equal(body.card_status, 'pending');
    assert.equal(body.card_request, 'sent');
    assert.equal(body.record.phone, '+351912345678');
    const items = await table.items();
    assert.equal(items.length, 1);
    assert.deepEqual(
      { user_id: items[0]?.user_id, type: items[0]?.type, card_status: items[0]?.card_status, card_version: items[0]?.card_version },
      { user_id: 'ana.silva', type: 'speaker', card_status: 'pending', card_version: 0 },
    );
    const published = sns.commandCalls(PublishCommand);
    assert.equal(published.length, 1);
    assert.equal(published[0]?.args[0].input.TopicArn, TOPIC_ARN);
    assert.deepEqual(JSON.parse(published[0]?.args[0].input.Message ?? ''), {
      user_id: 'ana.silva',
      type: 'speaker',
      reason: 'created',
      correlation_id: 'FXkq2iXgoAMEVYw=',
    });
  });

  it('answers 409 with the existing key and leaves the first record untouched', async () => {
    await post(JSON.stringify({ user_id: 'ana.silva', type: 'speaker', name: 'Ana Silva', phone: '912345678' }));

    const response = await post(JSON.stringify({ user_id: 'ana.silva', type: 'speaker', name: 'Someone Else', phone: '913000000' }));

    assert.equal(response.statusCode, 409);
    assert.deepEqual(parseJsonObject(response.body).key, { user_id: 'ana.silva', type: 'speaker' });
    const items = await table.items();
    assert.equal(items.length, 1);
    assert.equal(items[0]?.name, 'Ana Silva');
    assert.equal(sns.commandCalls(PublishCommand).length, 1);
  });

  it('lets one person hold a card of each type', async () => {
    await post(JSON.stringify({ user_id: 'ana.silva', type: 'speaker', name: 'Ana Silva', phone: '912345678' }));
    const response = await post(JSON.stringify({ user_id: 'ana.silva', type: 'staff', name: 'Ana Silva', phone: '912345678' }));

    assert.equal(response.statusCode, 201);
    assert.equal((await table.items()).length, 2);
  });

  it('keeps the record pending and says so when publishing fails after the put', async () => {
    sns.on(PublishCommand).rejects(new Error('Service Unavailable'));

    const response = await handler(loadEvent<HttpApiEvent>('register-user'), fakeContext('qrcard-test-register-user'));

    assert.equal(response.statusCode, 201);
    const body = parseJsonAs(response.body, messageBody);
    assert.equal(body.card_status, 'pending');
    assert.equal(body.card_request, 'not-sent');
    assert.match(body.message, /could not be requested/);
    const items = await table.items();
    assert.equal(items.length, 1);
    assert.equal(items[0]?.card_status, 'pending');
  });

  it('logs the correlation id, function and key as JSON, never the phone number or email', async () => {
    await handler(loadEvent<HttpApiEvent>('register-user'), fakeContext('qrcard-test-register-user'));

    assert.ok(lines.length > 0);
    const last = parseJsonObject(lines.at(-1) ?? '{}');
    assert.equal(last.correlation_id, 'FXkq2iXgoAMEVYw=');
    assert.equal(last.function, 'register-user');
    assert.equal(last.user_id, 'ana.silva');
    assert.equal(last.type, 'speaker');
    const all = lines.join('\n');
    assert.doesNotMatch(all, /912 ?345 ?678|ana@example\.com/);
  });

  const hostile: Array<[string, string | undefined, number, RegExp]> = [
    ['no body', undefined, 400, /JSON object/],
    ['non-JSON', 'name=Ana&phone=912345678', 400, /JSON object/],
    ['a JSON array', JSON.stringify([{ user_id: 'a', type: 'speaker', name: 'A', phone: '912345678' }]), 400, /JSON object/],
    ['a JSON string', JSON.stringify('hello'), 400, /JSON object/],
    ['null', 'null', 400, /JSON object/],
    ['missing fields', JSON.stringify({ name: 'Ana' }), 400, /user_id is required/],
    [
      'wrong types',
      JSON.stringify({ user_id: 7, type: ['speaker'], name: { first: 'Ana' }, phone: 912345678 }),
      400,
      /user_id must be text/,
    ],
    ['an unknown card type', JSON.stringify({ user_id: 'ana', type: 'vip', name: 'Ana', phone: '912345678' }), 400, /type must be one of/],
    [
      'a __proto__ key',
      '{"user_id":"ana","type":"speaker","name":"Ana","phone":"912345678","__proto__":{"card_status":"ready"}}',
      400,
      /unknown field.*__proto__/,
    ],
    [
      'a constructor key',
      '{"user_id":"ana","type":"speaker","name":"Ana","phone":"912345678","constructor":{"prototype":{}}}',
      400,
      /unknown field.*constructor/,
    ],
    [
      'a server-owned field',
      JSON.stringify({ user_id: 'ana', type: 'speaker', name: 'Ana', phone: '912345678', card_status: 'ready' }),
      400,
      /unknown field.*card_status/,
    ],
    [
      'a 1 MB name',
      JSON.stringify({ user_id: 'ana', type: 'speaker', name: 'x'.repeat(1024 * 1024), phone: '912345678' }),
      413,
      /limit is 16384/,
    ],
    [
      'a long name under the size limit',
      JSON.stringify({ user_id: 'ana', type: 'speaker', name: 'x'.repeat(5000), phone: '912345678' }),
      400,
      /at most 80 characters/,
    ],
  ];
  for (const [what, body, status, message] of hostile) {
    it(`refuses ${what} with ${status}, a clear message and no write`, async () => {
      const response = await post(body);

      assert.equal(response.statusCode, status);
      const parsed = parseJsonAs(response.body, messageBody);
      assert.equal(typeof parsed.error, 'string');
      assert.match([parsed.message, ...(parsed.details ?? [])].join('\n'), message);
      assert.deepEqual(await table.items(), []);
      assert.equal(sns.commandCalls(PublishCommand).length, 0);
    });
  }

  it('lists every field problem at once', async () => {
    const response = await post(JSON.stringify({ user_id: 'no spaces allowed', type: 'vip', name: '', phone: 'call me', email: 'nope' }));

    assert.equal(response.statusCode, 400);
    const fields = parseJsonAs(response.body, fieldIssuesBody)
      .issues.map((issue) => issue.field)
      .sort();
    assert.deepEqual(fields, ['email', 'name', 'phone', 'type', 'user_id']);
  });

  it('measures a base64 body before decoding it', async () => {
    const huge = Buffer.from(JSON.stringify({ user_id: 'ana', name: 'y'.repeat(100_000) })).toString('base64');

    const response = await post(huge, { isBase64Encoded: true });

    assert.equal(response.statusCode, 413);
  });

  it('reads a base64 body from API Gateway', async () => {
    const body = Buffer.from(JSON.stringify({ user_id: 'rui', type: 'staff', name: 'Rui', phone: '912345678' })).toString('base64');

    const response = await post(body, { isBase64Encoded: true });

    assert.equal(response.statusCode, 201);
  });
});
