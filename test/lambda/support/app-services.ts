// The app's resources on the local engine's services, for handler tests that need AWS's behaviour rather than a
// mock's: the users table, the cards and assets buckets, and the card-requests topic with a lambda subscription
// whose deliveries are kept. Clients for the code under test come fresh, so recorded calls are only its own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { BrandingManifest } from '../../../src/aws/branding-assets.js';
import { clientConfig, s3Config } from '../../../src/aws/clients.js';
import { defaultConfig } from '../../../src/core/config.js';
import { USERS_TABLE_KEY_SCHEMA, type UserKey } from '../../../src/core/users-table-key.js';
import { startServices, type LocalServices } from '../../../src/local/services.js';
import { TEST_CREDENTIALS, TEST_REGION } from './harness.js';

export const BRANDING_KEY = 'branding/branding.json';
const RENDER_CARD_ARN = `arn:aws:lambda:${TEST_REGION}:000000000000:function:render-card`;

export interface AppNames {
  readonly table: string;
  readonly cardsBucket: string;
  readonly assetsBucket: string;
  readonly topicArn: string;
}

export interface AppServices {
  readonly services: LocalServices;
  readonly names: AppNames;
  /** The SNS events the topic delivered to its lambda subscription, in order; read after `deliveries()`. */
  readonly delivered: unknown[];
  dynamodb(): DynamoDBClient;
  s3(): S3Client;
  sns(): SNSClient;
  /** A users table with the app's key schema. */
  createTable(name: string): Promise<void>;
  deleteTable(name: string): Promise<void>;
  createTopic(name: string): Promise<string>;
  deleteTopic(arn: string): Promise<void>;
  /** Every item of `table` (default: the app's), unmarshalled: for assertions only (the app never scans). */
  items(table?: string): Promise<Record<string, unknown>[]>;
  /** Empties `table` (default: the app's) between tests. */
  clearTable(table?: string): Promise<void>;
  createBucket(name: string): Promise<void>;
  putObject(bucket: string, key: string, body: string | Uint8Array): Promise<void>;
  /** The object's bytes, or undefined when there is none. */
  object(bucket: string, key: string): Promise<Buffer | undefined>;
  /** Settles once every message published so far has been delivered. */
  deliveries(): Promise<void>;
  stop(): Promise<void>;
}

/** The manifest deploy uploads for the default config, with `overrides`. */
export function brandingManifest(overrides: Partial<BrandingManifest> = {}): BrandingManifest {
  const config = defaultConfig();
  return { cardTypes: config.cardTypes, card: config.card, colors: config.branding.colors, qr: config.qr, fontKeys: [], ...overrides };
}

/** Starts the engine's services in a fresh folder and creates the app's resources named with `prefix`. */
export async function startAppServices(prefix: string): Promise<AppServices> {
  const dir = await mkdtemp(path.join(tmpdir(), `qrcard-${prefix}-`));
  const delivered: unknown[] = [];
  const services = await startServices({
    dir,
    invoke: (_arn, event) => {
      delivered.push(event);
      return Promise.resolve();
    },
  });
  const target = { kind: 'endpoint' as const, endpoint: services.url, region: TEST_REGION };
  const dynamodb = () => new DynamoDBClient({ ...clientConfig(target), credentials: TEST_CREDENTIALS });
  const s3 = () => new S3Client({ ...s3Config(target), credentials: TEST_CREDENTIALS });
  const sns = () => new SNSClient({ ...clientConfig(target), credentials: TEST_CREDENTIALS });
  const admin = { dynamodb: dynamodb(), s3: s3(), sns: sns() };
  const documents = DynamoDBDocumentClient.from(admin.dynamodb);
  // Creating and deleting finish after the call answers; waiting makes the table usable, or gone, for what comes next.
  const createTable = async (name: string) => {
    await admin.dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [...USERS_TABLE_KEY_SCHEMA],
        AttributeDefinitions: [
          { AttributeName: 'user_id', AttributeType: 'S' },
          { AttributeName: 'type', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client: admin.dynamodb, minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 10 }, { TableName: name });
  };
  const deleteTable = async (name: string) => {
    await admin.dynamodb.send(new DeleteTableCommand({ TableName: name }));
    await waitUntilTableNotExists({ client: admin.dynamodb, minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 10 }, { TableName: name });
  };
  const createTopic = async (name: string) => (await admin.sns.send(new CreateTopicCommand({ Name: name }))).TopicArn ?? '';
  const deleteTopic = async (arn: string) => {
    await admin.sns.send(new DeleteTopicCommand({ TopicArn: arn }));
  };

  const stop = async () => {
    for (const client of Object.values(admin)) client.destroy();
    await services.stop();
    await rm(dir, { recursive: true, force: true });
  };

  const table = `${prefix}-users`;
  const cardsBucket = `${prefix}-cards`;
  const assetsBucket = `${prefix}-assets`;
  let topicArn: string;
  try {
    await createTable(table);
    await admin.s3.send(new CreateBucketCommand({ Bucket: cardsBucket }));
    await admin.s3.send(new CreateBucketCommand({ Bucket: assetsBucket }));
    topicArn = await createTopic(`${prefix}-card-requests`);
    await admin.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: RENDER_CARD_ARN }));
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    services,
    names: { table, cardsBucket, assetsBucket, topicArn },
    delivered,
    dynamodb,
    s3,
    sns,
    createTable,
    deleteTable,
    createTopic,
    deleteTopic,
    async items(name = table) {
      return (await documents.send(new ScanCommand({ TableName: name, ConsistentRead: true }))).Items ?? [];
    },
    async clearTable(name = table) {
      const { Items = [] } = await documents.send(new ScanCommand({ TableName: name, ConsistentRead: true }));
      for (const item of Items) {
        const key: UserKey = { user_id: String(item.user_id), type: String(item.type) };
        await documents.send(new DeleteCommand({ TableName: name, Key: key }));
      }
    },
    async createBucket(name) {
      await admin.s3.send(new CreateBucketCommand({ Bucket: name }));
    },
    async putObject(bucket, key, body) {
      await admin.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async object(bucket, key) {
      try {
        const output = await admin.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from((await output.Body?.transformToByteArray()) ?? []);
      } catch (error) {
        if (error instanceof Error && error.name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    deliveries: () => services.sns.idle(),
    stop,
  };
}
