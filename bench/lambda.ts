// Lambda package benchmark: zip sizes, and each handler's cold start (import + init) in a fresh process,
// plus render-card's first event, which loads the branding (fonts, logo) once per container.
// Run: npm run bench:lambda [-- --runs 7]
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import * as z from 'zod';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, LOCAL_CREDENTIALS, s3Config } from '../src/aws/clients.js';
import { createUsersTable } from '../src/aws/users-table.js';
import { USERS_TABLE_KEY_SCHEMA } from '../src/core/users-table-key.js';
import { defaultConfig } from '../src/core/config.js';
import type { FunctionId } from '../src/core/naming.js';
import { buildArtifacts } from '../src/deploy/bundle.js';
import { packageRoot } from '../src/deploy/function-entries.js';
import { startServices } from '../src/local/services.js';
import { BENCH_FUNCTION_VARIABLES } from './support/function-variables.js';

const run = promisify(execFile);
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const SIZE_TARGET = 250 * 1000;
const COLD_TARGET_MS: Record<FunctionId, number> = { 'register-user': 60, 'get-user': 60, 'render-card': 200 };

// Node's own start is not part of a Lambda cold start's init phase; time from just before the import.
const PROBE = `
const c0 = process.cpuUsage();
const t0 = performance.now();
const { handler } = await import(process.env.BENCH_ENTRY);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
let first = null, second = null;
if (process.env.BENCH_EVENT) {
  const event = JSON.parse(process.env.BENCH_EVENT);
  const context = { functionName: 'bench', functionVersion: '1', invokedFunctionArn: 'arn', memoryLimitInMB: '1024', awsRequestId: 'r', getRemainingTimeInMillis: () => 30000 };
  // The handler logs "branding loaded" with its duration on stdout; keep our own result on the last line.
  const a = performance.now(); const out = await handler(event, context); first = performance.now() - a;
  if (JSON.stringify(out) !== '["ready"]') throw new Error('render failed: ' + JSON.stringify(out));
  const b = performance.now(); await handler(event, context); second = performance.now() - b;
}
process.stdout.write(String.fromCharCode(10) + JSON.stringify({ init: t1 - t0, cpu: (c1.user + c1.system) / 1000, first, second }));
`;

/** What PROBE prints on its last line. */
const probeResultSchema = z.object({ init: z.number(), cpu: z.number(), first: z.number().nullable(), second: z.number().nullable() });
/** The handler's "branding loaded" log line. */
const brandingLoadedSchema = z.looseObject({ duration_ms: z.number() });

async function writeEntry(stream: Readable, target: string): Promise<void> {
  const data = await buffer(stream);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, data);
}

async function unzip(file: string, directory: string): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  await new Promise<void>((resolve, reject) => {
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.on('entry', (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        writeEntry(stream, path.join(directory, entry.fileName)).then(() => zip.readEntry(), reject);
      }),
    );
    zip.readEntry();
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const architecture = process.arch === 'arm64' ? 'arm64' : 'x86_64';
  const work = await mkdtemp(path.join(tmpdir(), 'qrcard-bench-lambda-'));
  const services = await startServices({ dir: path.join(work, 'local') });
  try {
    const artifacts = await buildArtifacts(
      { outDir: path.join(work, 'zips'), architecture, cacheDir: path.join(packageRoot(), '.qrcard', 'cache') },
      { info: () => undefined },
    );

    // What render-card's first event needs: a table with a record, an assets bucket with the branding manifest.
    const target = { kind: 'endpoint' as const, endpoint: services.url, region: 'us-east-1' };
    const dynamodb = new DynamoDBClient({ ...clientConfig(target), credentials: LOCAL_CREDENTIALS });
    const s3 = new S3Client({ ...s3Config(target), credentials: LOCAL_CREDENTIALS });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: BENCH_FUNCTION_VARIABLES.TABLE_NAME,
        KeySchema: [...USERS_TABLE_KEY_SCHEMA],
        AttributeDefinitions: [
          { AttributeName: 'user_id', AttributeType: 'S' },
          { AttributeName: 'type', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    for (const bucket of [BENCH_FUNCTION_VARIABLES.CARDS_BUCKET, BENCH_FUNCTION_VARIABLES.ASSETS_BUCKET])
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const config = defaultConfig();
    await s3.send(
      new PutObjectCommand({
        Bucket: BENCH_FUNCTION_VARIABLES.ASSETS_BUCKET,
        Key: 'branding/branding.json',
        Body: JSON.stringify({
          cardTypes: config.cardTypes,
          card: config.card,
          colors: config.branding.colors,
          qr: config.qr,
          fontKeys: [],
        }),
      }),
    );
    await createUsersTable(dynamodb, BENCH_FUNCTION_VARIABLES.TABLE_NAME).putNew({
      user_id: 'min-jun',
      type: 'speaker',
      name: '김민준',
      company: 'Exemplo Lda',
      title: 'Engenheira de Dados',
      phone: '+821012345678',
      email: 'minjun@example.com',
    });
    // 'regen', not 'created': every run must draw the card, and a repeated 'created' for a ready card is skipped.
    const snsEvent = {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            MessageId: 'm',
            TopicArn: 'arn',
            Message: JSON.stringify({ user_id: 'min-jun', type: 'speaker', reason: 'regen', correlation_id: 'bench' }),
          },
        },
      ],
    };

    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL: services.url,
      ...BENCH_FUNCTION_VARIABLES,
    };

    const load = loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
    console.log(`node ${process.version}, ${architecture}, ${runs} fresh processes per function (median), load average ${load}`);
    console.log('import+init: wall / CPU (user+system, all threads) from just before the import until it resolves\n');
    console.log('function      zip        target     import+init      target    first event  warm event  branding load (in first event)');
    for (const artifact of artifacts) {
      const directory = path.join(work, 'unzipped', artifact.functionId);
      await unzip(artifact.file, directory);
      const samples: Array<{ init: number; cpu: number; first: number | null; second: number | null; branding: number | null }> = [];
      for (let index = 0; index < runs; index += 1) {
        const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PROBE], {
          cwd: directory,
          env: {
            ...env,
            BENCH_ENTRY: path.join(directory, 'index.mjs'),
            ...(artifact.functionId === 'render-card' ? { BENCH_EVENT: JSON.stringify(snsEvent) } : {}),
          },
        });
        const lines = stdout.trim().split('\n');
        const branding = lines
          .map((line) => (line.includes('"branding loaded"') ? brandingLoadedSchema.parse(JSON.parse(line)).duration_ms : undefined))
          .find((value) => value !== undefined);
        samples.push({ ...probeResultSchema.parse(JSON.parse(lines.at(-1) ?? '{}')), branding: branding ?? null });
      }
      const init = median(samples.map((sample) => sample.init));
      const cpu = median(samples.map((sample) => sample.cpu));
      const branding = samples[0]?.branding === null ? undefined : median(samples.map((sample) => sample.branding ?? NaN));
      const first = samples[0]?.first === null ? undefined : median(samples.map((sample) => sample.first ?? NaN));
      const second = samples[0]?.second === null ? undefined : median(samples.map((sample) => sample.second ?? NaN));
      const sizeTarget = artifact.functionId === 'render-card' ? '-' : `<= ${SIZE_TARGET / 1000} kB`;
      const sizeText = artifact.bytes >= 1e6 ? `${(artifact.bytes / 1e6).toFixed(1)} MB` : `${(artifact.bytes / 1000).toFixed(1)} kB`;
      console.log(
        [
          artifact.functionId.padEnd(13),
          sizeText.padEnd(10),
          sizeTarget.padEnd(10),
          `${init.toFixed(0)} / ${cpu.toFixed(0)} ms`.padEnd(16),
          `<= ${COLD_TARGET_MS[artifact.functionId]} ms`.padEnd(8),
          first === undefined ? '-'.padEnd(12) : `${first.toFixed(1)} ms`.padEnd(12),
          (second === undefined ? '-' : `${second.toFixed(1)} ms`).padEnd(11),
          branding === undefined ? '-' : `${branding.toFixed(0)} ms`,
        ].join(' '),
      );
    }
    dynamodb.destroy();
    s3.destroy();
  } finally {
    await services.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
