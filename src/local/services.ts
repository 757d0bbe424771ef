// The local engine's AWS services behind one edge: DynamoDB, S3, SNS and CloudWatch Logs, state under one folder.

import { join } from 'node:path';
import { startDynamoDb, type DynamoDbService } from './dynamodb/dynamodb-service.js';
import { startEdge, type Edge } from './edge.js';
import { Lifecycle } from './lifecycle.js';
import { startLogs, type LogsService } from './logs/logs-service.js';
import { startS3, type S3Service } from './s3/s3-service.js';
import type { InvokeFunction } from './sns/sns-delivery.js';
import { startSns, type SnsService } from './sns/sns-service.js';

export interface ServicesOptions {
  /** State folder, e.g. `.qrcard/local/<stage>`; holds dynamodb/, s3/, sns/ and logs/. */
  readonly dir: string;
  /** Edge port on 127.0.0.1. Default 0: a free one. */
  readonly port?: number;
  /**
   * Runs a function for an SNS delivery; must reject when the invocation failed. Called only at delivery time,
   * so it may close over a Lambda runner created after the services (the runner needs the edge URL first).
   * Default: every delivery fails with "no local function runner".
   */
  readonly invoke?: InvokeFunction;
  /** SNS retry waits. Default `[60_000, 120_000]`, as Lambda's async invocations. */
  readonly snsRetryDelaysMs?: readonly number[];
  /** Where the services report problems (dropped SNS deliveries). Default: stderr. */
  readonly log?: (line: string) => void;
}

export interface LocalServices {
  /** The endpoint for every SDK client and the AWS CLI (`--endpoint-url`). */
  readonly url: string;
  readonly port: number;
  /** The edge, to mount further services (e.g. `edge.mount('cloudformation', handler)`). */
  readonly edge: Edge;
  readonly dynamodb: DynamoDbService;
  readonly s3: S3Service;
  readonly sns: SnsService;
  /** Includes `append(group, stream, events)` for the Lambda runner. */
  readonly logs: LogsService;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB, S3, SNS and Logs, then the edge with all four mounted; stops in reverse order (edge first,
 * so no request reaches a stopped service). If any start fails, what started is stopped and the error rethrown.
 */
export async function startServices(options: ServicesOptions): Promise<LocalServices> {
  const invoke = options.invoke ?? noRunnerAttached;
  const log = options.log ? { log: options.log } : {};
  const lifecycle = new Lifecycle();
  const dynamodb = await lifecycle.start('dynamodb', () => startDynamoDb({ dir: join(options.dir, 'dynamodb') }));
  const s3 = await lifecycle.start('s3', () => startS3({ dir: join(options.dir, 's3') }));
  const sns = await lifecycle.start('sns', () =>
    startSns({
      dir: join(options.dir, 'sns'),
      invoke,
      ...(options.snsRetryDelaysMs ? { retryDelaysMs: options.snsRetryDelaysMs } : {}),
      ...log,
    }),
  );
  const logs = await lifecycle.start('logs', () => startLogs({ dir: join(options.dir, 'logs'), ...log }));
  const edge = await lifecycle.start('edge', async () => {
    const started = await startEdge(options.port === undefined ? {} : { port: options.port });
    started.mount('dynamodb', dynamodb.handler);
    started.mount('s3', s3.handler);
    started.mount('sns', sns.handler);
    started.mount('logs', logs.handler);
    return started;
  });
  return { url: edge.url, port: edge.port, edge, dynamodb, s3, sns, logs, stop: () => lifecycle.stop() };
}

const noRunnerAttached: InvokeFunction = (functionArn) =>
  Promise.reject(new Error(`no local function runner is attached to invoke ${functionArn}`));
