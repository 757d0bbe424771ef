// The whole local engine: AWS services behind the edge, the Lambda runner, the site server and
// CloudFormation, started in order, stopped in reverse, with the engine record of its state directory.
import { mkdir } from 'node:fs/promises';
import type { CloudFormationService } from './cloudformation/cloudformation-service.js';
import { startEngineCloudFormation } from './engine-cloudformation.js';
import { claimStateDir, removeEngineRecord, writeEngineRecord, type EngineRecord } from './engine-record.js';
import { nextEngineStatus, type EngineStatus } from './engine-state.js';
import { createLambdaRunner, type InvokeResult, type LambdaRunner } from './functions/lambda-runner.js';
import { Lifecycle, type Stoppable } from './lifecycle.js';
import { startServices, type LocalServices } from './services.js';
import { invokeThroughRunner } from './sns/sns-delivery.js';
import { storeSiteReader } from './site/site-bucket-reader.js';
import { SiteRegistry } from './site/site-registry.js';
import { startSiteServer } from './site/site-server.js';

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
  /** The per-user cache, to share unpacked function code between stages and projects. Default: none, each stage unpacks its own. */
  readonly userCacheDir?: string;
}

export interface RunningEngine {
  /** The AWS endpoint: give it to SDK clients and the CLI (`--endpoint-url`). */
  readonly endpoint: string;
  /** The one site URL: static files and `/api/*`. */
  readonly siteUrl: string;
  readonly runner: LambdaRunner;
  readonly cloudformation: CloudFormationService;
  readonly services: LocalServices;
  /** The state other processes read in engine.json; throws on a change the states do not allow. */
  setStatus(status: EngineStatus): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Records the engine in `<stateDir>/engine.json` as starting, then starts services, runner, site server and
 * CloudFormation (restoring saved stacks) and adds their URLs to the record; the state stays `starting` until the
 * caller moves it on. Fails if another live process holds the directory.
 */
export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const region = options.region ?? 'us-east-1';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  await mkdir(options.stateDir, { recursive: true });
  await claimStateDir(options.stateDir);

  const lifecycle = new Lifecycle();
  const record = await lifecycle.start('engine record', () => EngineRecordKeeper.create(options.stateDir));
  const deliveries = new RunnerForDeliveries();
  const services = await lifecycle.start('services', () =>
    startServices({
      dir: options.stateDir,
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.snsRetryDelaysMs ? { snsRetryDelaysMs: options.snsRetryDelaysMs } : {}),
      log,
      // SNS retries a delivery when this rejects, so a failed invocation must reject.
      invoke: invokeThroughRunner(deliveries),
    }),
  );
  const runner = await lifecycle.start('lambda runner', () =>
    createLambdaRunner({
      endpoint: services.url,
      region,
      logs: { append: (group, stream, events) => services.logs.append(group, stream, events) },
      notice: log,
      ...(options.maxConcurrencyPerFunction === undefined ? {} : { maxConcurrencyPerFunction: options.maxConcurrencyPerFunction }),
    }),
  );
  deliveries.attach(runner);
  const registry = new SiteRegistry();
  const site = await lifecycle.start('site server', () =>
    startSiteServer({
      registry,
      region,
      invoke: (functionArn, event) => runner.invoke(functionArn, event),
      readObject: storeSiteReader(services.s3.store),
      accessLog: (group, stream, events) => services.logs.append(group, stream, events),
      ...(options.sitePort === undefined ? {} : { port: options.sitePort }),
    }),
  );
  const cloudformation = await lifecycle.start('cloudformation', () =>
    startEngineCloudFormation({
      stateDir: options.stateDir,
      region,
      log,
      services,
      runner,
      site: registry,
      userCacheDir: options.userCacheDir,
    }),
  );
  await record.listening(services.url, site.url);
  return {
    endpoint: services.url,
    siteUrl: site.url,
    runner,
    cloudformation: cloudformation.service,
    services,
    setStatus: (status) => record.setStatus(status),
    // The record goes first, so no command is sent to an engine that is stopping.
    stop: () => record.stop().then(() => lifecycle.stop()),
  };
}

/**
 * The runner as SNS reaches it. The services start first (the runner needs their URL), so SNS gets this and
 * the runner is attached right after it starts; SNS invokes only when a message is published, by then it is.
 */
class RunnerForDeliveries {
  private runner: LambdaRunner | undefined;

  attach(runner: LambdaRunner): void {
    this.runner = runner;
  }

  invoke(functionArn: string, event: unknown): Promise<InvokeResult> {
    if (this.runner === undefined) return Promise.reject(new Error('the Lambda runner is not running'));
    return this.runner.invoke(functionArn, event);
  }
}

/** `<stateDir>/engine.json` for this process, rewritten whole at each change, one write at a time; stopping removes it. */
class EngineRecordKeeper implements Stoppable {
  private writes: Promise<void> = Promise.resolve();
  private stopped = false;

  private constructor(
    private readonly stateDir: string,
    private record: EngineRecord,
  ) {}

  static async create(stateDir: string): Promise<EngineRecordKeeper> {
    const record: EngineRecord = {
      pid: process.pid,
      endpoint: '',
      siteUrl: '',
      startedAt: new Date().toISOString(),
      status: { state: 'starting' },
      changedBy: process.pid,
    };
    const keeper = new EngineRecordKeeper(stateDir, record);
    await keeper.write(record);
    return keeper;
  }

  listening(endpoint: string, siteUrl: string): Promise<void> {
    return this.write({ ...this.record, endpoint, siteUrl });
  }

  async setStatus(status: EngineStatus): Promise<void> {
    await this.write({ ...this.record, status: nextEngineStatus(this.record.status, status), changedBy: process.pid });
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.writes = this.writes.then(() => removeEngineRecord(this.stateDir));
    return this.writes;
  }

  private write(record: EngineRecord): Promise<void> {
    // A deploy that ends after the stop must not bring the removed record back.
    if (this.stopped) return this.writes;
    this.record = record;
    this.writes = this.writes.then(() => writeEngineRecord(this.stateDir, record));
    return this.writes;
  }
}
