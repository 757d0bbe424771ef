// Runs local Lambda functions: a bounded pool of warm execution environments per function (worker threads
// of one host process per Node), code swaps without a restart, Lambda's timeout and failure reporting, and
// each invocation's log lines.
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { userError } from '../../core/errors.js';
import { LOCAL_ACCOUNT_ID } from '../account.js';
import { functionArn, functionNameFromArn, type FunctionDefinition, type ResolvedDefinition } from './function-definition.js';
import { functionEnvironment, runtimeProcessEnvironment } from './function-environment.js';
import { FunctionLogWriter, type FunctionLogSink } from './function-log-writer.js';
import { FunctionNodes } from './function-node.js';
import { FunctionRegistry, type DeployedFunction } from './function-registry.js';
import { FunctionHosts } from './function-hosts.js';
import { FunctionWorker } from './function-worker.js';
import type { InvocationContextData } from './invoke-protocol.js';
import { invocationRecord, type InvokeResult } from './invocation-record.js';
import { logStreamName, startLine } from './lambda-log-lines.js';

export type { FunctionDefinition } from './function-definition.js';
export type { FunctionLogSink, LogEvent } from './function-log-writer.js';
export type { InvokeResult } from './invocation-record.js';

export interface LambdaRunnerOptions {
  /** The edge endpoint handed to functions as AWS_ENDPOINT_URL. */
  readonly endpoint: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default LOCAL_ACCOUNT_ID. */
  readonly accountId?: string;
  readonly logs: FunctionLogSink;
  /**
   * Concurrent environments per function; default one more than the CPU count, since an environment waits on the
   * engine for part of every invocation (10,000 cards on 2 CPUs: 63.7 and 69.2 s with 2, 61.0 and 62.3 s with 3).
   */
  readonly maxConcurrencyPerFunction?: number;
  /**
   * Environments of all functions together; default one more than the CPU count. Starting one beyond it first
   * ends the longest idle environment of any function, so memory follows the functions in use now.
   */
  readonly maxEnvironments?: number;
  /** How long an environment may stay idle before it is ended; default 60 s. */
  readonly idleEnvironmentMs?: number;
  /** How long the process hosting a Node's environments stays up once it has none; default 5 s. */
  readonly idleHostMs?: number;
  /** Where the Node of a runtime other than the host's is installed; default `defaultUserCacheDir()`. */
  readonly nodeCacheDir?: string;
  /** The runner's notices (which Node functions run on); default stderr. */
  readonly notice?: (line: string) => void;
}

export interface LambdaRunner {
  /** Adds a function, or swaps its code and configuration; running invocations finish on the old code. */
  deploy(definition: FunctionDefinition): void;
  remove(functionName: string): Promise<void>;
  has(functionName: string): boolean;
  /** The directory a deployed function's code runs from. */
  codeDirectory(functionName: string): string | undefined;
  /**
   * Runs the next invocations of a deployed function from `codeDirectory`, its configuration unchanged; those
   * running finish on the old code (`qrcard dev --watch` swaps rebuilt code in this way).
   */
  replaceCode(functionName: string, codeDirectory: string): void;
  functionArn(functionName: string): string;
  /** Synchronous invoke, like `InvocationType: RequestResponse`; never rejects for handler failures. */
  invoke(functionNameOrArn: string, event: unknown): Promise<InvokeResult>;
  stop(): Promise<void>;
}

/** Creates a runner; functions are added with `deploy`. */
export function createLambdaRunner(options: LambdaRunnerOptions): LambdaRunner {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  const arnOf = (functionName: string) => functionArn(region, accountId, functionName);
  const notFound = (functionName: string) => userError('function-not-found', `Function not found: ${arnOf(functionName)}`);
  const logs = new FunctionLogWriter(options.logs);
  const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const nodes = new FunctionNodes({ ...(options.nodeCacheDir === undefined ? {} : { cacheDir: options.nodeCacheDir }), notice });
  const hosts = new FunctionHosts({
    processEnvironment: runtimeProcessEnvironment(process.env['PATH']),
    output: (line) => notice(`function host: ${line}`),
    ...(options.idleHostMs === undefined ? {} : { idleMs: options.idleHostMs }),
  });
  const registry = new FunctionRegistry({
    maxConcurrency: Math.max(1, options.maxConcurrencyPerFunction ?? availableParallelism() + 1),
    maxEnvironments: Math.max(1, options.maxEnvironments ?? availableParallelism() + 1),
    ...(options.idleEnvironmentMs === undefined ? {} : { idleMs: options.idleEnvironmentMs }),
    spawn: (definition, generation) => spawnWorker(definition, generation, { region, endpoint: options.endpoint, nodes, hosts }),
  });
  let stopped = false;

  return {
    deploy(definition) {
      if (stopped) throw userError('engine-stopped', 'the Lambda runner is stopped');
      registry.deploy(definition);
    },
    remove: (functionName) => registry.remove(functionName, notFound(functionName)),
    has: (functionName) => registry.has(functionName),
    codeDirectory: (functionName) => registry.get(functionName)?.definition.codeDirectory,
    replaceCode(functionName, codeDirectory) {
      const deployed = registry.get(functionName);
      if (deployed === undefined || stopped) throw notFound(functionName);
      deployed.redeploy({ ...deployed.definition, codeDirectory });
    },
    functionArn: arnOf,
    invoke(functionNameOrArn, event) {
      const name = functionNameFromArn(functionNameOrArn);
      const deployed = registry.get(name);
      if (deployed === undefined || stopped) return Promise.reject(notFound(name));
      return invokeDeployed(deployed, event, logs, arnOf(name));
    },
    async stop() {
      stopped = true;
      await registry.clear(userError('engine-stopped', 'the Lambda runner stopped'));
      await hosts.stop();
      nodes.stop();
      await logs.idle();
    },
  };
}

interface SpawnContext {
  readonly region: string;
  readonly endpoint: string;
  readonly nodes: FunctionNodes;
  readonly hosts: FunctionHosts;
}

/** A new execution environment for `definition`, with its own log stream. */
function spawnWorker(definition: ResolvedDefinition, generation: number, { region, endpoint, nodes, hosts }: SpawnContext): FunctionWorker {
  const stream = logStreamName(new Date(), randomBytes(16).toString('hex'));
  const node = nodes.forRuntime(definition.runtime);
  const variables = node.matchesRuntime
    ? definition.environment
    : // On an older host Node than its runtime's, the SDK in the function would warn at each cold start about a Node it does not really run on.
      { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...definition.environment };
  return new FunctionWorker({
    hosts,
    nodeExecutable: node.executable,
    generation,
    logStreamName: stream,
    settings: {
      memorySizeMb: definition.memorySizeMb,
      environment: functionEnvironment({
        functionName: definition.functionName,
        handler: definition.handler,
        runtime: definition.runtime,
        memorySizeMb: definition.memorySizeMb,
        codeDirectory: definition.codeDirectory,
        logGroupName: definition.logGroupName,
        logStreamName: stream,
        region,
        endpoint,
        variables,
        hostPath: process.env['PATH'],
      }),
    },
  });
}

/** One invocation in an environment of `deployed`: START, the function's lines, then the outcome's lines. */
async function invokeDeployed(
  deployed: DeployedFunction<FunctionWorker>,
  event: unknown,
  logs: FunctionLogWriter,
  invokedFunctionArn: string,
): Promise<InvokeResult> {
  const requestId = randomUUID();
  const worker = await deployed.pool.acquire();
  const definition = deployed.definition;
  const cold = worker.initDurationMs === undefined;
  const log = (message: string) => logs.append(definition.logGroupName, worker.logStreamName, message);
  log(startLine(requestId));
  const timeoutMs = definition.timeoutSeconds * 1000;
  const context = invocationContext(definition, requestId, invokedFunctionArn, worker.logStreamName, timeoutMs);
  const outcome = await worker.invoke(event, context, timeoutMs, log);
  const record = invocationRecord({
    requestId,
    outcome,
    timeoutSeconds: definition.timeoutSeconds,
    memorySizeMb: definition.memorySizeMb,
    durationMs: worker.lastRunMs,
    initDurationMs: cold ? worker.initDurationMs : undefined,
    maxMemoryBytes: worker.maxMemoryBytes,
    at: new Date(),
  });
  for (const line of record.lines) log(line);
  deployed.pool.release(worker);
  // Callers (tests, `qrcard logs`) can read an invocation's lines as soon as it returns.
  await logs.written(definition.logGroupName, worker.logStreamName);
  return record.result;
}

function invocationContext(
  definition: ResolvedDefinition,
  requestId: string,
  invokedFunctionArn: string,
  logStream: string,
  timeoutMs: number,
): InvocationContextData {
  return {
    awsRequestId: requestId,
    functionName: definition.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn,
    memoryLimitInMB: String(definition.memorySizeMb),
    logGroupName: definition.logGroupName,
    logStreamName: logStream,
    deadlineMs: Date.now() + timeoutMs,
  };
}
