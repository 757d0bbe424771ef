// register-user against the local engine's DynamoDB and SNS: outcomes, hostile bodies, logs, and what happens
// when the table or the topic fails it; a throttled DynamoDB, which only AWS produces, is mocked.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { createCardRequests } from '../../src/aws/card-requests.js';
import { createUsersTable } from '../../src/aws/users-table.js';
import type { HttpApiEvent } from '../../src/lambda/events.js';
import { createRegisterUserHandler } from '../../src/lambda/register-user-handler.js';
import { startAppServices, type AppServices } from './support/app-services.js';
import {
  capturingLogger,
  fakeContext,
  loadEvent,
  recordCommands,
  TEST_CREDENTIALS,
  TEST_REGION,
  type RecordedCall,
} from './support/harness.js';
import { parseJsonAs, parseJsonObject } from '../support/json.js';

/** The 201 answer: the stored record comes back as an object whose fields the assertions read. */
const createdBody = z.looseObject({ record: z.looseObject({}) });
/** A body with a sentence for people and maybe details: the text the tests match (any `error` code stays `unknown`). */
const messageBody = z.looseObject({ message: z.string(), details: z.array(z.string()).optional() });
const fieldIssuesBody = z.looseObject({ issues: z.array(z.looseObject({ field: z.string() })) });
/** What the engine's SNS hands a lambda subscription. */
const snsDelivery = z.looseObject({
  Records: z.array(z.looseObject({ Sns: z.looseObject({ TopicArn: z.string(), Message: z.string() }) })),
});

const rules = { cardTypes: ['attendee', 'speaker', 'staff'], defaultCountry: 'PT' };
const PERSONAL_DATA = /912 ?345 ?678|ana@example\.com/;

/** The log lines at level ERROR, parsed. */
function errorLogs(lines: readonly string[]) {
  return lines.map(parseJsonObject).filter((line) => line.level === 'ERROR');
}

describe('register-user', () => {
  let app: AppServices;
  let dynamodb: DynamoDBClient;
  let sns: SNSClient;
  const calls: RecordedCall[] = [];
  let lines: string[];
  let handler: ReturnType<typeof createRegisterUserHandler>;

  const published = () => calls.filter((call) => call.action === 'sns:Publish');
  const handlerWith = (names: { table?: string; topicArn?: string } = {}) =>
    createRegisterUserHandler({
      users: createUsersTable(dynamodb, names.table ?? app.names.table),
      cardRequests: createCardRequests(sns, names.topicArn ?? app.names.topicArn),
      rules,
      logger: capturingLogger('register-user', lines),
      now: () => new Date('2026-11-21T12:00:00.000Z'),
    });

  before(async () => {
    app = await startAppServices('qrcard-register');
    dynamodb = app.dynamodb();
    sns = app.sns();
    recordCommands(sns, calls);
  });
  after(async () => {
    dynamodb.destroy();
    sns.destroy();
    await app.stop();
  });
  beforeEach(async () => {
    await app.clearTable();
    calls.length = 0;
    app.delivered.length = 0;
    lines = [];
    handler = handlerWith();
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
    const items = await app.items();
    assert.equal(items.length, 1);
    assert.deepEqual(
      { user_id: items[0]?.user_id, type: items[0]?.type, card_status: items[0]?.card_status, card_version: items[0]?.card_version },
      { user_id: 'ana.silva', type: 'speaker', card_status: 'pending', card_version: 0 },
    );
    await app.deliveries();
    const delivered = app.delivered.map((event) => snsDelivery.parse(event).Records[0]?.Sns);
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0]?.TopicArn, app.names.topicArn);
    assert.deepEqual(JSON.parse(delivered[0]?.Message ?? ''), {
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
    const items = await app.items();
    assert.equal(items.length, 1);
    assert.equal(items[0]?.name, 'Ana Silva');
    assert.equal(published().length, 1);
  });

  it('lets one person hold a card of each type', async () => {
    await post(JSON.stringify({ user_id: 'ana.silva', type: 'speaker', name: 'Ana Silva', phone: '912345678' }));
    const response = await post(JSON.stringify({ user_id: 'ana.silva', type: 'staff', name: 'Ana Silva', phone: '912345678' }));

    assert.equal(response.statusCode, 201);
    assert.equal((await app.items()).length, 2);
  });

  it('keeps the record pending, says so and logs why when the topic is gone', async () => {
    const topicArn = await app.createTopic('qrcard-register-gone');
    const withGoneTopic = handlerWith({ topicArn });
    await app.deleteTopic(topicArn);

    const response = await withGoneTopic(loadEvent<HttpApiEvent>('register-user'), fakeContext('qrcard-test-register-user'));

    assert.equal(response.statusCode, 201);
    const body = parseJsonAs(response.body, messageBody);
    assert.equal(body.card_status, 'pending');
    assert.equal(body.card_request, 'not-sent');
    assert.match(body.message, /could not be requested/);
    const items = await app.items();
    assert.equal(items.length, 1);
    assert.equal(items[0]?.card_status, 'pending');
    const [logged] = errorLogs(lines);
    assert.equal(logged?.message, 'card request not published; record left pending');
    assert.equal(logged?.error_name, 'NotFoundException');
    assert.equal(logged?.user_id, 'ana.silva');
    assert.doesNotMatch(lines.join('\n'), PERSONAL_DATA);
  });

  it('answers 500, stores and publishes nothing, and logs why when the table is gone', async () => {
    await app.createTable('qrcard-register-gone-users');
    const withGoneTable = handlerWith({ table: 'qrcard-register-gone-users' });
    await app.deleteTable('qrcard-register-gone-users');

    const response = await withGoneTable(loadEvent<HttpApiEvent>('register-user'), fakeContext('qrcard-test-register-user'));

    assert.equal(response.statusCode, 500);
    assert.equal(parseJsonObject(response.body).error, 'internal-error');
    assert.equal(published().length, 0);
    const [logged] = errorLogs(lines);
    assert.equal(logged?.message, 'request failed');
    assert.equal(logged?.error_name, 'ResourceNotFoundException');
    assert.equal(logged?.correlation_id, 'FXkq2iXgoAMEVYw=');
    assert.equal(logged?.user_id, 'ana.silva');
    assert.doesNotMatch(lines.join('\n'), PERSONAL_DATA);
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
    assert.doesNotMatch(all, PERSONAL_DATA);
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
      assert.deepEqual(await app.items(), []);
      assert.equal(published().length, 0);
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

  it('refuses a base64 body that is not UTF-8 with 400 naming the byte offset, rather than a replacement character', async () => {
    const json = Buffer.from('{"user_id":"rui","type":"staff","name":"Rui ', 'utf8');
    const body = Buffer.concat([json, Buffer.from([0xc3, 0x28]), Buffer.from('","phone":"912345678"}')]).toString('base64');

    const response = await post(body, { isBase64Encoded: true });

    assert.equal(response.statusCode, 400);
    const parsed = parseJsonAs(response.body, messageBody);
    assert.equal(parsed.error, 'invalid-encoding');
    assert.equal(
      parsed.message,
      `the request body is not valid UTF-8: the sequence at byte offset ${json.length} (0xC3) is not a character`,
    );
    assert.deepEqual(await app.items(), []);
  });

  it('refuses a lone surrogate escaped in the JSON, naming U+D800', async () => {
    const response = await post('{"user_id":"rui","type":"staff","name":"\\ud800x","phone":"912345678"}');

    assert.equal(response.statusCode, 400);
    assert.match(response.body, /name: U\+D800 \(a lone surrogate\) is not allowed/);
  });

  it('reads a base64 body from API Gateway', async () => {
    const body = Buffer.from(JSON.stringify({ user_id: 'rui', type: 'staff', name: 'Rui', phone: '912345678' })).toString('base64');

    const response = await post(body, { isBase64Encoded: true });

    assert.equal(response.statusCode, 201);
  });
});

describe('register-user when AWS throttles', () => {
  let documents: AwsClientStub<DynamoDBDocumentClient>;
  let topic: AwsClientStub<SNSClient>;
  before(() => {
    documents = mockClient(DynamoDBDocumentClient);
    topic = mockClient(SNSClient);
  });
  after(() => {
    documents.restore();
    topic.restore();
  });

  it('answers 503 with a retry-after when DynamoDB throttles the put, publishes nothing and logs why', async () => {
    documents
      .on(PutCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: {} }));
    const lines: string[] = [];
    const client = { region: TEST_REGION, credentials: TEST_CREDENTIALS };
    const handler = createRegisterUserHandler({
      users: createUsersTable(new DynamoDBClient(client), 'qrcard-test-users'),
      cardRequests: createCardRequests(new SNSClient(client), 'arn:aws:sns:us-east-1:123456789012:qrcard-test-card-requests'),
      rules,
      logger: capturingLogger('register-user', lines),
    });

    const response = await handler(loadEvent<HttpApiEvent>('register-user'), fakeContext('qrcard-test-register-user'));

    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['retry-after'], '2');
    assert.equal(parseJsonObject(response.body).error, 'busy');
    assert.equal(topic.commandCalls(PublishCommand).length, 0);
    const [logged] = errorLogs(lines);
    assert.equal(logged?.error_name, 'ProvisionedThroughputExceededException');
    assert.doesNotMatch(lines.join('\n'), PERSONAL_DATA);
  });
});
