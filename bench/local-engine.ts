// `npm run bench:local-engine`: request rates through the local engine's edge, and what the in-process
// dynalite call saves over proxying to its own port.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startDynamoDb } from '../src/local/dynamodb/dynamodb-service.js';
import { startEdge } from '../src/local/edge.js';
import { startServices } from '../src/local/services.js';

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const region = 'us-east-1';
const OPERATIONS = 2000;
const CONCURRENCY = 8;

async function measure(label: string, operation: (index: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) await operation(i); // warm up connections and JIT
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OPERATIONS) {
        const index = next++;
        const t = performance.now();
        await operation(index);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies[Math.floor(latencies.length * p)] ?? 0).toFixed(2);
  console.log(`${label.padEnd(44)} ${(OPERATIONS / seconds).toFixed(0).padStart(6)} ops/s  p50 ${pct(0.5)} ms  p99 ${pct(0.99)} ms`);
}

async function dynamoDbTransports(dir: string): Promise<void> {
  for (const transport of ['call', 'proxy'] as const) {
    const dynamodb = await startDynamoDb({ dir: join(dir, `ddb-${transport}`), transport });
    const edge = await startEdge();
    edge.mount('dynamodb', dynamodb.handler);
    for (const [label, endpoint] of [
      [`edge, ${transport}`, edge.url],
      ...(transport === 'call' ? [['dynalite port, no edge', dynamodb.directUrl]] : []),
    ] as const) {
      const client = new DynamoDBClient({ endpoint, region, credentials });
      await client
        .send(
          new CreateTableCommand({
            TableName: `t${label.length}`,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          }),
        )
        .catch(() => undefined);
      const table = `t${label.length}`;
      await client.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'x' }, name: { S: 'bench' } } }));
      await measure(`DynamoDB GetItem (${label})`, () => client.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'x' } } })));
      client.destroy();
    }
    await edge.stop();
    await dynamodb.stop();
  }
}

async function otherServices(dir: string): Promise<void> {
  const services = await startServices({ dir: join(dir, 'engine') });
  const s3 = new S3Client({ endpoint: services.url, region, credentials, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
  const body = Buffer.alloc(50 * 1024, 1);
  await measure('S3 PutObject 50 KB', (i) => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `k${i % 200}`, Body: body })));
  await measure('S3 GetObject 50 KB', async (i) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `k${i % 200}` }));
    await object.Body?.transformToByteArray();
  });
  const now = Date.now();
  for (let i = 0; i < 100; i++) {
    await services.logs.append(
      '/aws/lambda/bench',
      `s${i % 4}`,
      Array.from({ length: 100 }, (_, j) => ({
        timestamp: now - 100_000 + i * 100 + j,
        message: JSON.stringify({ level: j % 10 === 0 ? 'ERROR' : 'INFO', i, j }),
      })),
    );
  }
  const logs = new CloudWatchLogsClient({ endpoint: services.url, region, credentials });
  await measure('Logs FilterLogEvents JSON pattern, 10k events', () =>
    logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/bench', filterPattern: '{ $.level = "ERROR" }', limit: 100 })),
  );
  s3.destroy();
  logs.destroy();
  await services.stop();
}

const dir = await mkdtemp(join(tmpdir(), 'qrcard-bench-local-'));
try {
  console.log(`${OPERATIONS} operations, ${CONCURRENCY} at a time, SDK v3 clients over loopback`);
  await dynamoDbTransports(dir);
  await otherServices(dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
