// The whole local engine: AWS services behind the edge, the Lambda runner, the site server and
// CloudFormation, started in order, stopped in reverse, with the engine record of its state directory.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { clientConfig, s3Config } from '../aws/clients.js';
import type { Target } from '../aws/target.js';
import { LOCAL_ACCOUNT_ID } from './account.js';
import { validationError } from './cloudformation/template.js';
import { startCloudFormation, type CloudFormationService } from './cloudformation/cloudformation-service.js';
import { templateUrlLocation } from './cloudformation/template-url.js';
import { claimStateDir, removeEngineRecord, writeEngineRecord } from './engine-record.js';
import { createLambdaRunner, type LambdaRunner } from './functions/lambda-runner.js';
import { startInOrder } from './lifecycle.js';
import { startServices, type LocalServices } from './services.js';
import { invokeThroughRunner } from './sns/sns-delivery.js';
import { storeSiteReader } from './site/site-bucket-reader.js';
import { dynamodbSdk, logsSdk, s3Sdk, snsSdk } from './lazy-sdk.js';
import type { ServiceClients } from './cloudformation/provisioners/provisioner.js';
import { SiteRegistry } from './site/site-registry.js';
import { startSiteServer, type SiteServer } from './site/site-server.js';
import { errorMessage } from '../core/errors.js';

export interface EngineOptions {
  /** The engine's state directory, e.g. `.qrcard/local/<stage>`; holds every service's data and engine.json. */
  readonly stateDir: string;
  /** Edge (AWS endpoint) port on 127.0.0.1. Default 0: a free one. */
  readonly port?: number;
  /** Site server port on 127.0.0.1. Default 0: a free one. */
  readonly sitePort?: number;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Concurrent environments per function. Default: the CPU count. */
  readonly maxConcurrencyPerFunction?: number;
  /** SNS delivery retry waits. Default `[60_000, 120_000]`. */
  readonly snsRetryDelaysMs?: readonly number[];
  /** Engine diagnostics. Default: stderr. */
  readonly log?: (line: string) => void;
}

export interface RunningEngine {
  /** The AWS endpoint: give it to SDK clients and the CLI (`--endpoint-url`). */
  readonly endpoint: string;
  /** The one site URL: static files and `/api/*`. */
  readonly siteUrl: string;
  readonly runner: LambdaRunner;
  readonly cloudformation: CloudFormationService;
  readonly services: LocalServices;
  stop(): Promise<void>;
}

/** The provisioners' SDK clients, each built (and its package loaded) when a provisioner first needs it. */
function lazyClients(target: Target): ServiceClients & { destroy(): void } {
  const config = clientConfig(target);
  const built: { dynamodb?: DynamoDBClient; s3?: S3Client; sns?: SNSClient; logs?: CloudWatchLogsClient } = {};
  return {
    get dynamodb() {
      return (built.dynamodb ??= new (dynamodbSdk().DynamoDBClient)(config));
    },
    get s3() {
      return (built.s3 ??= new (s3Sdk().S3Client)(s3Config(target)));
    },
    get sns() {
      return (built.sns ??= new (snsSdk().SNSClient)(config));
    },
    get logs() {
      return (built.logs ??= new (logsSdk().CloudWatchLogsClient)(config));
    },
    destroy() {
      for (const client of Object.values(built)) client.destroy();
    },
  };
}

/**
 * Starts services, runner, site server and CloudFormation (restoring saved stacks) and records the
 * engine in `<stateDir>/engine.json`. Fails if another live process holds the directory.
 */
export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const region = options.region ?? 'us-east-1';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  await mkdir(options.stateDir, { recursive: true });
  await claimStateDir(options.stateDir);

  const parts: { services?: LocalServices; runner?: LambdaRunner; site?: SiteServer; cloudformation?: CloudFormationService } = {};
  const registry = new SiteRegistry();
  const runner = () => {
    if (!parts.runner) throw new Error('the Lambda runner is not running');
    return parts.runner;
  };

  const lifecycle = await startInOrder([
    {
      name: 'services',
      start: async () =>
        (parts.services = await startServices({
          dir: options.stateDir,
          ...(options.port === undefined ? {} : { port: options.port }),
          ...(options.snsRetryDelaysMs ? { snsRetryDelaysMs: options.snsRetryDelaysMs } : {}),
          log,
          // SNS retries a delivery when this rejects, so a failed invocation must reject.
          invoke: invokeThroughRunner({ invoke: (functionArn, event) => runner().invoke(functionArn, event) }),
        })),
    },
    {
      name: 'lambda runner',
      start: async () => {
        const services = parts.services as LocalServices;
        parts.runner = createLambdaRunner({
          endpoint: services.url,
          region,
          logs: { append: (group, stream, events) => services.logs.append(group, stream, events) },
          ...(options.maxConcurrencyPerFunction === undefined ? {} : { maxConcurrencyPerFunction: options.maxConcurrencyPerFunction }),
        });
        return parts.runner;
      },
    },
    {
      name: 'site server',
      start: async () => {
        const services = parts.services as LocalServices;
        parts.site = await startSiteServer({
          registry,
          region,
          invoke: (functionArn, event) => runner().invoke(functionArn, event),
          readObject: storeSiteReader(services.s3.store),
          ...(options.sitePort === undefined ? {} : { port: options.sitePort }),
        });
        return parts.site;
      },
    },
    {
      name: 'cloudformation',
      start: async () => {
        const services = parts.services as LocalServices;
        const target: Target = { kind: 'local', endpoint: services.url, region };
        const clients = lazyClients(target);
        const cloudformation = await startCloudFormation({
          dir: join(options.stateDir, 'cloudformation'),
          region,
          log,
          context: ({ stackName, stackId }) => ({
            stackName,
            stackId,
            region,
            accountId: LOCAL_ACCOUNT_ID,
            clients,
            runner: runner(),
            site: registry,
            codeDirectory: join(options.stateDir, 'lambda'),
          }),
          fetchTemplate: async (url) => {
            const location = templateUrlLocation(url);
            if (location === undefined) throw validationError(`TemplateURL must be a supported URL.`);
            try {
              const object = await clients.s3.send(new (s3Sdk().GetObjectCommand)({ Bucket: location.bucket, Key: location.key }));
              return (await object.Body?.transformToString('utf8')) ?? '';
            } catch (error) {
              throw validationError(`S3 error: Unable to get object at ${url}: ${errorMessage(error)}`);
            }
          },
        });
        services.edge.mount('cloudformation', cloudformation.handler);
        await cloudformation.restore();
        parts.cloudformation = cloudformation;
        return {
          stop: async () => {
            services.edge.unmount('cloudformation');
            await cloudformation.stop();
            clients.destroy();
          },
        };
      },
    },
    {
      name: 'engine record',
      start: async () => {
        await writeEngineRecord(options.stateDir, {
          pid: process.pid,
          endpoint: (parts.services as LocalServices).url,
          siteUrl: (parts.site as SiteServer).url,
          startedAt: new Date().toISOString(),
        });
        return { stop: () => removeEngineRecord(options.stateDir) };
      },
    },
  ]);

  const { services, site, cloudformation } = parts;
  if (!services || !site || !cloudformation || !parts.runner) throw new Error('the local engine did not start');
  return {
    endpoint: services.url,
    siteUrl: site.url,
    runner: parts.runner,
    cloudformation,
    services,
    stop: lifecycle.stop,
  };
}
