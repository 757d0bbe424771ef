// The arm64 zips that `qrcard build` ships, run as Lambda on Graviton runs them: an arm64 Node 22 under
// QEMU user-mode emulation imports each unpacked bundle cold and answers one event against the local
// engine's services. render-card draws with its packaged arm64 sharp, and the card's QR reads back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as z from 'zod';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { clientConfig, LOCAL_CREDENTIALS, s3Config } from '../../src/aws/clients.js';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import { defaultConfig } from '../../src/core/config.js';
import { FUNCTION_ENV } from '../../src/core/function-environment.js';
import type { FunctionId } from '../../src/core/naming.js';
import type { Registration } from '../../src/core/record.js';
import { BRANDING_KEY } from '../../src/core/storage-keys.js';
import { USERS_TABLE_KEY_SCHEMA } from '../../src/core/users-table-key.js';
import { buildArtifacts } from '../../src/deploy/bundle.js';
import { packageRoot } from '../../src/deploy/function-entries.js';
import { functionEnvironment } from '../../src/local/functions/function-environment.js';
import { startServices, type LocalServices } from '../../src/local/services.js';
import type { HttpApiEvent, SnsEvent } from '../../src/lambda/events.js';
import { expectedVCard, readVCard } from '../card/card-fixtures.js';
import { loadEvent } from '../lambda/support/harness.js';
import { ARM64_NODE_VERSION, arm64EmulationSkipReason, arm64Node, emulatedNodeCommand } from '../support/arm64-node.js';
import { toolSkipReason } from '../support/external-tool.js';
import { parseJsonAs } from '../support/json.js';
import { invokeUnpackedHandler, unpackZip, type UnpackedInvocation } from '../support/unpacked-handler.js';

const run = promisify(execFile);
const ZBARIMG = '/usr/bin/zbarimg';
// Shared with `qrcard build` in this checkout, so sharp's arm64 binaries are fetched once.
const cacheDir = path.join(packageRoot(), '.qrcard', 'cache');
// Apart from the build cache, which end-to-end tests copy whole into each project they create.
const runtimesDir = path.join(packageRoot(), '.qrcard', 'runtimes');
// Emulated on 2 cores, a cold start and one event took 3 to 11 s alone and up to 28 s amid the full suite: room to spare.
const INVOKE_TIMEOUT_MS = 240_000;
const SVG_LOGO_KEY = 'branding/logo.svg';
const NAMES = {
  table: 'qrcard-arm64-users',
  cards: 'qrcard-arm64-cards',
  assets: 'qrcard-arm64-assets',
  topic: 'qrcard-arm64-card-requests',
};

const MIN_JUN: Registration = {
  user_id: 'min-jun',
  type: 'speaker',
  name: '김민준',
  company: 'Exemplo Lda',
  title: 'Engenheira de Dados',
  phone: '+821012345678',
  email: 'minjun@example.com',
};
const JOAO: Registration = { user_id: 'joao', type: 'attendee', name: 'João Conceição', company: 'Ação Ltda', phone: '+5511912345678' };

const httpResultSchema = z.object({ statusCode: z.number(), body: z.string() });

describe('the arm64 Lambda zips under emulation', { skip: arm64EmulationSkipReason() ?? toolSkipReason(ZBARIMG, 'zbar-tools') }, () => {
  let work: string;
  let node: string;
  let services: LocalServices;
  let users: UsersTable;
  let s3: S3Client;
  let dynamodb: DynamoDBClient;
  let topicArn: string;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'qrcard-arm64-'));
    node = await arm64Node(runtimesDir);
    const artifacts = await buildArtifacts({ outDir: path.join(work, 'zips'), architecture: 'arm64', cacheDir }, { info: () => undefined });
    for (const artifact of artifacts) await unpackZip(artifact.file, codeDirectory(artifact.functionId));

    services = await startServices({ dir: path.join(work, 'local') });
    const target = { kind: 'endpoint' as const, endpoint: services.url, region: 'us-east-1' };
    dynamodb = new DynamoDBClient({ ...clientConfig(target), credentials: LOCAL_CREDENTIALS });
    s3 = new S3Client({ ...s3Config(target), credentials: LOCAL_CREDENTIALS });
    const sns = new SNSClient({ ...clientConfig(target), credentials: LOCAL_CREDENTIALS });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: NAMES.table,
        KeySchema: [...USERS_TABLE_KEY_SCHEMA],
        AttributeDefinitions: [
          { AttributeName: 'user_id', AttributeType: 'S' },
          { AttributeName: 'type', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    for (const bucket of [NAMES.cards, NAMES.assets]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const config = defaultConfig();
    // An SVG logo: the bundled PNG is drawn without sharp, an operator's SVG is rasterised by it (libvips, librsvg).
    const manifest = {
      cardTypes: config.cardTypes,
      card: config.card,
      colors: config.branding.colors,
      qr: config.qr,
      logoKey: SVG_LOGO_KEY,
      fontKeys: [],
    };
    await s3.send(new PutObjectCommand({ Bucket: NAMES.assets, Key: BRANDING_KEY, Body: JSON.stringify(manifest) }));
    const logo = await readFile(path.join(packageRoot(), 'assets', 'logo.svg'));
    await s3.send(new PutObjectCommand({ Bucket: NAMES.assets, Key: SVG_LOGO_KEY, Body: logo, ContentType: 'image/svg+xml' }));
    topicArn = (await sns.send(new CreateTopicCommand({ Name: NAMES.topic }))).TopicArn ?? '';
    sns.destroy();
    users = createUsersTable(dynamodb, NAMES.table);
  });
  after(async () => {
    dynamodb?.destroy();
    s3?.destroy();
    await services?.stop();
    await rm(work, { recursive: true, force: true });
  });

  const codeDirectory = (functionId: FunctionId) => path.join(work, 'code', functionId);

  /** One cold start and one event of `functionId`'s arm64 bundle, in the environment `qrcard dev` gives a function. */
  async function invokeEmulated(functionId: FunctionId, event: unknown): Promise<UnpackedInvocation> {
    const directory = codeDirectory(functionId);
    const variables = {
      [FUNCTION_ENV.tableName]: NAMES.table,
      [FUNCTION_ENV.topicArn]: topicArn,
      [FUNCTION_ENV.cardsBucket]: NAMES.cards,
      [FUNCTION_ENV.assetsBucket]: NAMES.assets,
      [FUNCTION_ENV.brandingKey]: BRANDING_KEY,
      [FUNCTION_ENV.cardTypes]: defaultConfig()
        .cardTypes.map((cardType) => cardType.id)
        .join(','),
      [FUNCTION_ENV.defaultCountry]: 'PT',
      [FUNCTION_ENV.serviceName]: 'qrcard',
    };
    const environment = functionEnvironment({
      functionName: `qrcard-arm64-${functionId}`,
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      memorySizeMb: 1024,
      codeDirectory: directory,
      logGroupName: `/aws/lambda/qrcard-arm64-${functionId}`,
      logStreamName: 'emulated',
      region: 'us-east-1',
      endpoint: services.url,
      variables,
      hostPath: process.env.PATH,
    });
    return invokeUnpackedHandler({ command: emulatedNodeCommand(node), directory, event, environment, timeoutMs: INVOKE_TIMEOUT_MS });
  }

  it('register-user starts cold on arm64 Node 22, stores a registration and requests its card', async (t) => {
    const event = loadEvent<HttpApiEvent>('register-user');

    const invocation = await invokeEmulated('register-user', event);

    t.diagnostic(`register-user under emulation: import ${invocation.initMs.toFixed(0)} ms, event ${invocation.invokeMs.toFixed(0)} ms`);
    assert.equal(invocation.arch, 'arm64');
    assert.equal(invocation.version, `v${ARM64_NODE_VERSION}`);
    const response = httpResultSchema.parse(invocation.result);
    assert.equal(response.statusCode, 201);
    assert.equal(parseJsonAs(response.body, z.looseObject({ card_request: z.string() })).card_request, 'sent');
    const stored = await users.get('ana.silva', 'speaker');
    assert.equal(stored?.name, 'Ana Silva');
    assert.equal(stored?.card_status, 'pending');
  });

  it('render-card draws the card with its arm64 sharp, and zbarimg reads the QR as the vCard', async (t) => {
    assert.equal((await users.putNew(MIN_JUN)).kind, 'created');
    const message = { user_id: MIN_JUN.user_id, type: MIN_JUN.type, reason: 'created', correlation_id: 'arm64' };
    const template = loadEvent<SnsEvent>('sns-card-request');
    const event = { Records: template.Records.map((record) => ({ ...record, Sns: { ...record.Sns, Message: JSON.stringify(message) } })) };

    const invocation = await invokeEmulated('render-card', event);

    t.diagnostic(`render-card under emulation: import ${invocation.initMs.toFixed(0)} ms, event ${invocation.invokeMs.toFixed(0)} ms`);
    assert.equal(invocation.arch, 'arm64');
    assert.deepEqual(invocation.result, ['ready']);
    const stored = await users.get(MIN_JUN.user_id, MIN_JUN.type);
    assert.equal(stored?.card_status, 'ready');
    const card = await s3.send(new GetObjectCommand({ Bucket: NAMES.cards, Key: stored?.card_key }));
    const file = path.join(work, 'card.png');
    await writeFile(file, await (card.Body?.transformToByteArray() ?? new Uint8Array()));
    const { stdout } = await run(ZBARIMG, ['-q', '--raw', file], { encoding: 'utf8' });
    assert.deepEqual(readVCard(stdout.replace(/\n$/, '')), expectedVCard(MIN_JUN));
  });

  it('get-user starts cold on arm64 Node 22 and answers with the public fields', async (t) => {
    assert.equal((await users.putNew(JOAO)).kind, 'created');
    const event = loadEvent<HttpApiEvent>('get-user', {
      rawPath: `/api/users/${JOAO.user_id}/${JOAO.type}`,
      pathParameters: { user_id: JOAO.user_id, type: JOAO.type },
    });

    const invocation = await invokeEmulated('get-user', event);

    t.diagnostic(`get-user under emulation: import ${invocation.initMs.toFixed(0)} ms, event ${invocation.invokeMs.toFixed(0)} ms`);
    assert.equal(invocation.arch, 'arm64');
    const response = httpResultSchema.parse(invocation.result);
    assert.equal(response.statusCode, 200);
    const body = parseJsonAs(response.body, z.looseObject({ name: z.string(), card_status: z.string() }));
    assert.equal(body.name, JOAO.name);
    assert.equal(body.card_status, 'pending');
    assert.equal(body['phone'], undefined);
  });
});
