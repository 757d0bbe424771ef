// Least privilege: each handler, wired as in Lambda and driven through every path against the local
// engine's services, sends exactly the SDK commands its role in the template grants, on those resources.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { defaultConfig } from '../../src/core/config.js';
import { FUNCTION_IDS, type FunctionId } from '../../src/core/naming.js';
import { buildTemplate } from '../../src/templates/build-template.js';
import type { HttpApiEvent, SnsEvent } from '../../src/lambda/events.js';
import { BRANDING_KEY, brandingManifest, startAppServices, type AppNames, type AppServices } from './support/app-services.js';
import { fakeContext, loadEvent, recordCommands, type RecordedCall } from './support/harness.js';
import { parseJsonObject } from '../support/json.js';
import { permissionStatements } from '../templates/template-inspection.js';

const ROLE_IDS: Record<FunctionId, string> = {
  'register-user': 'RegisterUserRole',
  'get-user': 'GetUserRole',
  'render-card': 'RenderCardRole',
};

describe('least privilege', () => {
  let app: AppServices;
  const calls: Record<FunctionId, RecordedCall[]> = { 'register-user': [], 'get-user': [], 'render-card': [] };

  const recorded = <T extends DynamoDBClient | S3Client | SNSClient>(client: T, fn: FunctionId): T => {
    recordCommands(client, calls[fn]);
    return client;
  };

  before(async () => {
    app = await startAppServices('qrcard-lp');
    await app.putObject(app.names.assetsBucket, BRANDING_KEY, JSON.stringify(brandingManifest()));

    // The entries build their handler at import from the environment, as in Lambda.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      TABLE_NAME: app.names.table,
      TOPIC_ARN: app.names.topicArn,
      CARD_TYPES: 'attendee,speaker,staff',
      DEFAULT_COUNTRY: 'PT',
      CARDS_BUCKET: app.names.cardsBucket,
      ASSETS_BUCKET: app.names.assetsBucket,
      BRANDING_KEY,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const { registerUserFromEnvironment } = await import('../../src/lambda/register-user.js');
    const { getUserFromEnvironment } = await import('../../src/lambda/get-user.js');
    const { renderCardFromEnvironment } = await import('../../src/lambda/render-card.js');
    const register = registerUserFromEnvironment(process.env, {
      dynamodb: recorded(app.dynamodb(), 'register-user'),
      sns: recorded(app.sns(), 'register-user'),
    });
    const getUser = getUserFromEnvironment(process.env, {
      dynamodb: recorded(app.dynamodb(), 'get-user'),
      s3: recorded(app.s3(), 'get-user'),
    });
    const renderCard = renderCardFromEnvironment(process.env, {
      dynamodb: recorded(app.dynamodb(), 'render-card'),
      s3: recorded(app.s3(), 'render-card'),
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
    await app.clearTable();
    assert.deepEqual(await renderCard(loadEvent<SnsEvent>('sns-card-request'), fakeContext('render-card')), ['record-missing']);
  });
  after(async () => {
    await app?.stop();
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
          .some((statement) => resourceMatches(statement.Resource, call, app.names));
        assert.ok(allowed, `${call.action} on ${JSON.stringify(call.input).slice(0, 120)}`);
      }
    });
  }
});

// Resolves the template's resource expressions for the names this test created.
function resourceMatches(resource: unknown, call: RecordedCall, names: AppNames): boolean {
  const { TableName, Bucket, Key, TopicArn } = call.input as Record<string, string | undefined>;
  const json = JSON.stringify(resource);
  if (json === JSON.stringify({ 'Fn::GetAtt': ['UsersTable', 'Arn'] })) return TableName === names.table;
  if (json === JSON.stringify({ Ref: 'CardRequestsTopic' })) return TopicArn === names.topicArn;
  const bucketOf: Record<string, string> = { CardsBucket: names.cardsBucket, AssetsBucket: names.assetsBucket };
  const sub = (resource as { 'Fn::Sub'?: unknown })['Fn::Sub'];
  if (typeof sub === 'string') {
    const match = /^\$\{(\w+)\.Arn\}\/(.*)$/.exec(sub);
    if (!match) return false;
    const [, logicalId, pattern] = match;
    const bucket = bucketOf[logicalId ?? ''];
    const prefix = (pattern ?? '').replace(/\*$/, '');
    return Bucket === bucket && typeof Key === 'string' && (pattern?.endsWith('*') ? Key.startsWith(prefix) : Key === pattern);
  }
  return false;
}
