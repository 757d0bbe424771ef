// Least privilege: each handler, wired as in Lambda and driven through every path against the local
// engine's services, sends exactly the SDK commands its role in the template grants, on those resources.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { clientConfig, s3Config } from '../../src/aws/clients.js';
import { USERS_TABLE_KEY_SCHEMA } from '../../src/core/users-table-key.js';
import { defaultConfig } from '../../src/core/config.js';
import { FUNCTION_IDS, type FunctionId } from '../../src/core/naming.js';
import { startServices, type LocalServices } from '../../src/local/services.js';
import { buildTemplate } from '../../src/templates/build-template.js';
import type { HttpApiEvent, SnsEvent } from '../../src/lambda/events.js';
import { fakeContext, loadEvent, recordCommands, type RecordedCall } from './support/harness.js';
import { parseJsonObject } from '../support/json.js';
import { permissionStatements } from '../templates/template-inspection.js';

const NAMES = {
  UsersTable: 'qrcard-lp-users',
  CardsBucket: 'qrcard-lp-cards',
  AssetsBucket: 'qrcard-lp-assets',
  CardRequestsTopic: 'qrcard-lp-card-requests',
};
const ROLE_IDS: Record<FunctionId, string> = {
  'register-user': 'RegisterUserRole',
  'get-user': 'GetUserRole',
  'render-card': 'RenderCardRole',
};

describe('least privilege', () => {
  let work: string;
  let services: LocalServices;
  let topicArn: string;
  const calls: Record<FunctionId, RecordedCall[]> = { 'register-user': [], 'get-user': [], 'render-card': [] };

  const target = () => ({ kind: 'endpoint' as const, endpoint: services.url, region: 'us-east-1' });
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const recorded = <T extends DynamoDBClient | S3Client | SNSClient>(client: T, fn: FunctionId): T => {
    recordCommands(client, calls[fn]);
    return client;
  };
  const dynamodb = () => new DynamoDBClient({ ...clientConfig(target()), credentials });
  const s3 = () => new S3Client({ ...s3Config(target()), credentials });
  const sns = () => new SNSClient({ ...clientConfig(target()), credentials });

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-least-privilege-'));
    services = await startServices({ dir: work });
    const admin = { dynamodb: dynamodb(), s3: s3(), sns: sns() };
    await admin.dynamodb.send(
      new CreateTableCommand({
        TableName: NAMES.UsersTable,
        KeySchema: [...USERS_TABLE_KEY_SCHEMA],
        AttributeDefinitions: [
          { AttributeName: 'user_id', AttributeType: 'S' },
          { AttributeName: 'type', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await admin.s3.send(new CreateBucketCommand({ Bucket: NAMES.CardsBucket }));
    await admin.s3.send(new CreateBucketCommand({ Bucket: NAMES.AssetsBucket }));
    const manifest = {
      cardTypes: defaultConfig().cardTypes,
      card: defaultConfig().card,
      colors: defaultConfig().branding.colors,
      qr: defaultConfig().qr,
      fontKeys: [],
    };
    await admin.s3.send(
      new PutObjectCommand({ Bucket: NAMES.AssetsBucket, Key: 'branding/branding.json', Body: JSON.stringify(manifest) }),
    );
    topicArn = (await admin.sns.send(new CreateTopicCommand({ Name: NAMES.CardRequestsTopic }))).TopicArn ?? '';

    // The entries build their handler at import from the environment, as in Lambda.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      TABLE_NAME: NAMES.UsersTable,
      TOPIC_ARN: topicArn,
      CARD_TYPES: 'attendee,speaker,staff',
      DEFAULT_COUNTRY: 'PT',
      CARDS_BUCKET: NAMES.CardsBucket,
      ASSETS_BUCKET: NAMES.AssetsBucket,
      BRANDING_KEY: 'branding/branding.json',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const { registerUserFromEnvironment } = await import('../../src/lambda/register-user.js');
    const { getUserFromEnvironment } = await import('../../src/lambda/get-user.js');
    const { renderCardFromEnvironment } = await import('../../src/lambda/render-card.js');
    const register = registerUserFromEnvironment(process.env, {
      dynamodb: recorded(dynamodb(), 'register-user'),
      sns: recorded(sns(), 'register-user'),
    });
    const getUser = getUserFromEnvironment(process.env, { dynamodb: recorded(dynamodb(), 'get-user'), s3: recorded(s3(), 'get-user') });
    const renderCard = renderCardFromEnvironment(process.env, {
      dynamodb: recorded(dynamodb(), 'render-card'),
      s3: recorded(s3(), 'render-card'),
    });

    // Every path: created, duplicate, invalid; found pending, found ready, missing, listed; rendered, record gone.
    const registration = loadEvent<HttpApiEvent>('register-user');
    assert.equal((await register(registration, fakeContext('register-user'))).statusCode, 201);
    assert.equal((await register(registration, fakeContext('register-user'))).statusCode, 409);
    assert.equal((await register({ ...registration, body: '[]' }, fakeContext('register-user'))).statusCode, 400);
    assert.equal((await getUser(loadEvent<HttpApiEvent>('get-user'), fakeContext('get-user'))).statusCode, 200);
    const rendered = await renderCard(loadEvent<SnsEvent>('sns-card-request'), fakeContext('render-card'));
    assert.deepEqual(rendered, ['ready']);
    const ready = parseJsonObject((await getUser(loadEvent<HttpApiEvent>('get-user'), fakeContext('get-user'))).body);
    assert.ok(ready.card_url, 'a ready card gets a presigned URL');
    assert.equal((await getUser(loadEvent<HttpApiEvent>('get-user-list'), fakeContext('get-user'))).statusCode, 200);
    assert.equal(
      (
        await getUser(
          loadEvent<HttpApiEvent>('get-user', { pathParameters: { user_id: 'nobody', type: 'staff' } }),
          fakeContext('get-user'),
        )
      ).statusCode,
      404,
    );
    await admin.dynamodb.send(
      new DeleteItemCommand({ TableName: NAMES.UsersTable, Key: { user_id: { S: 'ana.silva' }, type: { S: 'speaker' } } }),
    );
    assert.deepEqual(await renderCard(loadEvent<SnsEvent>('sns-card-request'), fakeContext('render-card')), ['record-missing']);
    for (const client of Object.values(admin)) client.destroy();
  });
  after(async () => {
    await services?.stop();
    await rm(work, { recursive: true, force: true });
  });

  const statements = permissionStatements(buildTemplate({ config: defaultConfig(), stage: 'dev' }));
  const statementsOf = (fn: FunctionId) => statements.filter((statement) => statement.owner === ROLE_IDS[fn]);

  for (const fn of FUNCTION_IDS) {
    it(`${fn}: the role grants exactly the actions the handler's code sends`, () => {
      // logs:* are the Lambda runtime's own writes to the function's log group, not calls in the code.
      const granted = new Set(
        statementsOf(fn)
          .flatMap((statement) => statement.Action)
          .filter((action) => !action.startsWith('logs:')),
      );
      const sent = new Set(calls[fn].map((call) => call.action));

      assert.deepEqual([...sent].sort(), [...granted].sort());
      assert.ok(statementsOf(fn).every((statement) => !statement.Action.includes('*') && statement.Resource !== '*'));
    });

    it(`${fn}: each call's resource is one its role names for that action`, () => {
      for (const call of calls[fn]) {
        const allowed = statementsOf(fn)
          .filter((statement) => statement.Action.includes(call.action))
          .some((statement) => resourceMatches(statement.Resource, call, topicArn));
        assert.ok(allowed, `${call.action} on ${JSON.stringify(call.input).slice(0, 120)}`);
      }
    });
  }
});

// Resolves the template's resource expressions for the names this test created.
function resourceMatches(resource: unknown, call: RecordedCall, topicArn: string): boolean {
  const { TableName, Bucket, Key, TopicArn } = call.input as Record<string, string | undefined>;
  const json = JSON.stringify(resource);
  if (json === JSON.stringify({ 'Fn::GetAtt': ['UsersTable', 'Arn'] })) return TableName === NAMES.UsersTable;
  if (json === JSON.stringify({ Ref: 'CardRequestsTopic' })) return TopicArn === topicArn;
  const sub = (resource as { 'Fn::Sub'?: unknown })['Fn::Sub'];
  if (typeof sub === 'string') {
    const match = /^\$\{(\w+)\.Arn\}\/(.*)$/.exec(sub);
    if (!match) return false;
    const [, logicalId, pattern] = match;
    const bucket = NAMES[logicalId as keyof typeof NAMES];
    const prefix = (pattern ?? '').replace(/\*$/, '');
    return Bucket === bucket && typeof Key === 'string' && (pattern?.endsWith('*') ? Key.startsWith(prefix) : Key === pattern);
  }
  return false;
}
