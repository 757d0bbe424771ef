// `qrcard dev`: runs the local engine for a stage, deploys the stack into it with the same deploy code
// as AWS, and keeps serving until SIGINT or SIGTERM, when it stops every part and child process.
import { rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { CONFIG_FILE_NAME } from '../../core/config.js';
import { userError, errorMessage } from '../../core/errors.js';
import { createClients } from '../../aws/clients.js';
import { localTarget, resolveRegion, type Target } from '../../aws/target.js';
import { defaultUserCacheDir } from '../../aws/user-cache.js';
import type { DeployResult } from '../../deploy/deploy-stack.js';
import { formatFailures } from '../../deploy/stack-failures.js';
import { localStateDir, type CommandContext } from '../context.js';
import { statusAfterDeploy, statusAfterDeployError } from '../local-deploy-status.js';
import type { RunningEngine } from '../../local/engine.js';
import type { SettledStatus } from '../../local/engine-state.js';
import { formatDevDeploy, formatEndpoints, formatHints, parsePort, portsOf, readyDocument, type DevEndpoints } from './dev-report.js';
import {
  choosePort,
  formatTakenRemembered,
  isPortFree,
  portInUse,
  portOfAddressInUse,
  rememberedPorts,
  rememberPorts,
  type DevPorts,
} from './dev-ports.js';
import { findPortHolder } from './port-holder.js';
import { followOutsideDeploys } from './outside-deploys.js';
import type { LoadedConfig } from '../load-config.js';
import type { RunningWatch } from './watch.js';
import { packageRoot } from '../../deploy/function-entries.js';
import {
  devInputsDigest,
  forgetLastDevDeploy,
  readLastDevDeploy,
  savedStacksDigest,
  unchangedSince,
  writeLastDevDeploy,
  type LastDevDeploy,
} from './unchanged-stack.js';

export interface DevFlags {
  /** The AWS endpoint's port; default: the stage's from last time when free, else a free one. */
  readonly port?: string;
  readonly sitePort?: string;
  readonly reset?: boolean;
  /** False with --no-deploy: serve the state as it is. */
  readonly deploy: boolean;
  /** --watch / --no-watch; default: on when the session runs on a terminal. */
  readonly watch?: boolean;
}

/** Locally a failed card render is retried after 1 s and 3 s, not Lambda's 1 and 2 minutes. */
export const LOCAL_SNS_RETRY_DELAYS_MS: readonly number[] = [1_000, 3_000];

/** How long a stopped session waits for a deploy it cut short to give up. */
const DEPLOY_SETTLE_MS = 2_000;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface StopSignal {
  /** Resolves with the first stop signal received. */
  readonly received: Promise<string>;
  dispose(): void;
}

/** Listens for the stop signals from now on, so one that arrives during start-up is not lost. */
function listenForStop(onRepeat: () => void): StopSignal {
  let resolve: (signal: string) => void = () => {};
  let seen = false;
  const received = new Promise<string>((done) => (resolve = done));
  const handler = (signal: string) => {
    if (seen) return onRepeat();
    seen = true;
    resolve(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return { received, dispose: () => STOP_SIGNALS.forEach((signal) => process.off(signal, handler)) };
}

/** `--reset`: removes the stage's local state after confirmation; refuses while an engine holds it. */
async function resetState(stateDir: string, stage: string, context: CommandContext): Promise<void> {
  const { claimStateDir } = await import('../../local/engine-record.js');
  await claimStateDir(stateDir);
  if (!context.options.yes) {
    if (!context.canPrompt) {
      throw userError(
        'confirmation-required',
        `--reset deletes every local record, card and log of stage "${stage}" and there is no terminal to confirm on`,
        {
          hint: 'run again with --yes to wipe it',
        },
      );
    }
    const { confirm } = await import('@inquirer/prompts');
    const agreed = await confirm(
      { message: `Delete all local data of stage "${stage}" (${stateDir})?`, default: false },
      { output: process.stderr },
    );
    if (!agreed) throw userError('declined', 'nothing deleted', { exitCode: 1 });
  }
  await rm(stateDir, { recursive: true, force: true });
  context.output.info(`wiped ${stateDir}`);
}

/** The same steps as `qrcard deploy`, aimed at the engine; `pageDir` replaces the packaged page. */
async function deployInto(target: Target, context: CommandContext, pageDir?: string): Promise<DeployResult> {
  const [{ buildAndDeploy }, { deployIo, stackInputs }, { siteDirectory }] = await Promise.all([
    import('../stack/deploy.js'),
    import('../stack/stack-inputs.js'),
    import('../../deploy/build-stack.js'),
  ]);
  const clients = createClients(target);
  try {
    const siteDir = pageDir ?? siteDirectory(undefined);
    if (!siteDir) context.output.debug('no built site in the package: the site bucket keeps what it has');
    const [inputs, io] = await Promise.all([stackInputs(context, target), deployIo(context, clients)]);
    return await buildAndDeploy(inputs, io, context, siteDir ? { siteDir } : {});
  } finally {
    clients.destroy();
  }
}

/** esbuild keeps a service child process for later builds; a session builds once, so end it. */
async function stopBundler(): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.stop();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

interface DevDeploy {
  /** Ready or failed, with the reason. */
  readonly status: SettledStatus;
  /** The stack's outputs after a deploy, for the hints. */
  readonly outputs: Readonly<Record<string, string>>;
}

/** What a start knows before the engine starts: the digests of its inputs and saved stacks, and the last deploy. */
interface DeployCheck {
  readonly stateDir: string;
  readonly inputs: string;
  readonly stacks: string;
  readonly last: LastDevDeploy | undefined;
}

/** Reads the inputs' and saved stacks' digests and the last deploy, for a start that deploys. */
async function checkBeforeStart(stage: string, region: string, stateDir: string, context: CommandContext): Promise<DeployCheck> {
  const [{ config, file, dir }, { siteDirectory }] = await Promise.all([context.loadConfig(), import('../../deploy/build-stack.js')]);
  const inputs = { config, configFile: file, configDir: dir, stage, region, packageRoot: packageRoot(), siteDir: siteDirectory(undefined) };
  const [inputsDigest, stacks, last] = await Promise.all([
    devInputsDigest(inputs),
    savedStacksDigest(stateDir),
    readLastDevDeploy(stateDir),
  ]);
  return { stateDir, inputs: inputsDigest, stacks, last };
}

/**
 * Deploys (unless --no-deploy, or nothing changed since the last deploy) and reports what the deploy did; the
 * engine's state after it, ready or failed.
 */
async function deployStack(
  engine: RunningEngine,
  check: Promise<DeployCheck> | undefined,
  region: string,
  context: CommandContext,
): Promise<DevDeploy> {
  if (!check) return { status: { state: 'ready' }, outputs: {} };
  const { stateDir, inputs, stacks, last } = await check;
  const unchanged = unchangedSince(last, inputs, stacks);
  if (unchanged) {
    context.output.success(`${unchanged.stackName} is up to date (nothing changed since its last deploy)`);
    return { status: { state: 'ready' }, outputs: unchanged.outputs };
  }
  await Promise.all([forgetLastDevDeploy(stateDir), engine.setStatus({ state: 'deploying' })]);
  let result: DeployResult;
  try {
    result = await deployInto(localTarget(engine, region), context);
    if (result.kind === 'deployed' || result.kind === 'no-changes') {
      const deployed = { inputs, stacks: await savedStacksDigest(stateDir), stackName: result.stackName, outputs: result.outputs };
      await writeLastDevDeploy(stateDir, deployed);
    }
  } catch (error) {
    const status = statusAfterDeployError(error);
    context.output.warn(status.reason);
    return { status, outputs: {} };
  }
  const line = formatDevDeploy(result);
  const status = statusAfterDeploy(result, { state: 'ready' });
  if (result.kind !== 'failed') {
    context.output.success(line);
    return { status, outputs: result.kind === 'declined' ? {} : result.outputs };
  }
  context.output.warn(line);
  for (const detail of formatFailures(result.analysis)) context.output.warn(`  ${detail}`);
  return { status, outputs: {} };
}

/** One HEAD request to the site; node:http rather than fetch, whose undici costs a start more than the request. */
function headSite(siteUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${siteUrl}/`, { method: 'HEAD' }, (response) => {
      response.resume();
      resolve();
    });
    request.once('error', reject);
    request.end();
  });
}

/** Resolves once the site server answers a request (any status: a stack without a page answers too). */
async function siteAnswers(siteUrl: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await headSite(siteUrl);
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`the site at ${siteUrl} does not answer: ${errorMessage(error)}`, { cause: error });
      await delay(50);
    }
  }
}

/**
 * Brings the engine from starting to ready (deployed, site answering) or failed, writes that to engine.json, and
 * prints the ready document: the URLs on stdout (one JSON document with --json), "ready" or the failure on stderr.
 */
async function becomeReady(
  engine: RunningEngine,
  check: Promise<DeployCheck> | undefined,
  endpoints: DevEndpoints,
  stateDir: string,
  context: CommandContext,
): Promise<DevDeploy> {
  const deployed = await deployStack(engine, check, endpoints.region, context);
  let status: SettledStatus = deployed.status;
  if (status.state === 'ready') {
    try {
      await siteAnswers(engine.siteUrl);
    } catch (error) {
      status = { state: 'failed', reason: errorMessage(error) };
    }
  }
  await engine.setStatus(status);
  const document = readyDocument(status, endpoints, stateDir, process.pid);
  context.output.result(document, formatEndpoints(endpoints));
  if (status.state === 'failed') {
    context.output.warn(`not ready: ${status.reason}`);
    context.output.info('the engine keeps running: fix the cause, then run `qrcard --local deploy` or restart `qrcard dev`');
  } else {
    context.output.success(`ready in ${(performance.now() / 1000).toFixed(2)} s`);
  }
  for (const hint of formatHints(endpoints, deployed.outputs)) context.output.info(hint);
  context.output.info('press Ctrl-C to stop');
  return { status, outputs: deployed.outputs };
}

/** The ports to listen on: the flags, else the stage's ports from last time when free (saying so when not), else free ones. */
async function choosePorts(flags: DevFlags, stateDir: string, context: CommandContext): Promise<DevPorts> {
  const wanted: DevPorts = { endpoint: parsePort('--port', flags.port) ?? -1, site: parsePort('--site-port', flags.sitePort) ?? -1 };
  const remembered = await rememberedPorts(stateDir);
  const chosen = { endpoint: 0, site: 0 };
  for (const role of ['endpoint', 'site'] as const) {
    const choice = await choosePort(wanted[role] < 0 ? undefined : wanted[role], remembered[role], isPortFree);
    if (choice.from === 'remembered-taken') {
      context.output.info(formatTakenRemembered(role, choice.taken, await findPortHolder(choice.taken)));
    }
    chosen[role] = choice.port;
  }
  return chosen;
}

/** Starts the engine on `ports`; a port in use becomes an error naming it, its holder and the flag. */
async function startOn(ports: DevPorts, stateDir: string, region: string, context: CommandContext): Promise<RunningEngine> {
  const { startEngine } = await import('../../local/engine.js');
  try {
    return await startEngine({
      stateDir,
      region,
      snsRetryDelaysMs: LOCAL_SNS_RETRY_DELAYS_MS,
      port: ports.endpoint,
      sitePort: ports.site,
      log: (line) => context.output.warn(`engine: ${line}`),
      userCacheDir: defaultUserCacheDir(),
    });
  } catch (error) {
    const port = portOfAddressInUse(error);
    if (port === undefined) throw error;
    throw portInUse(port === ports.site ? 'site' : 'endpoint', port, await findPortHolder(port), error);
  }
}

/** Runs the engine until a stop signal; resolves once everything has stopped. */
export async function runDev(flags: DevFlags, context: CommandContext): Promise<void> {
  const [{ config }, stage] = await Promise.all([context.loadConfig(), context.stage()]);
  const region = resolveRegion(context.options, process.env, config.region);
  const stateDir = localStateDir(stage);
  if (flags.reset) await resetState(stateDir, stage, context);
  const ports = await choosePorts(flags, stateDir, context);
  const check = flags.deploy ? checkBeforeStart(stage, region, stateDir, context) : undefined;
  // Read before the engine starts; an error surfaces when the deploy awaits it.
  check?.catch(() => undefined);

  const stop = listenForStop(() => context.output.info('still stopping ...'));
  try {
    const engine = await startOn(ports, stateDir, region, context);
    const outside = followOutsideDeploys(stateDir, process.pid, context.output);
    await rememberPorts(stateDir, portsOf(engine));
    const endpoints: DevEndpoints = { siteUrl: engine.siteUrl, endpoint: engine.endpoint, region, stage, defaultStage: config.stage };
    let stopping = false;
    const watching = flags.watch ?? Boolean(process.stdin.isTTY && process.stderr.isTTY);
    const ready = becomeReady(engine, check, endpoints, stateDir, context).catch((error: unknown) => {
      if (!stopping) context.output.warn(`the local engine could not get ready: ${errorMessage(error)}`);
      return undefined;
    });
    // Watching keeps esbuild's service for the rebuilds; otherwise the session builds once.
    const readiness = watching ? ready : ready.finally(stopBundler);
    // A stop before the engine is ready does not wait for it: watching starts after it, or not at all once stopping.
    let watch: Promise<RunningWatch | undefined> | undefined;
    if (watching)
      void ready.then(
        (settled) =>
          (watch = stopping ? undefined : startDevWatch({ engine, stage, stateDir, region, outputs: settled?.outputs ?? {} }, context)),
      );

    const signal = await stop.received;
    stopping = true;
    context.output.info(`${signal}: stopping the local engine ...`);
    outside.stop();
    await (await watch)?.stop();
    await Promise.all([engine.stop(), stopBundler()]);
    // A deploy cut short by the stop fails once the endpoint is closed; its SDK retries may take a while.
    const settled = await Promise.race([readiness.then(() => true), delay(DEPLOY_SETTLE_MS).then(() => false)]);
    context.output.info('stopped');
    if (!settled) {
      // Only the abandoned deploy's retry timers are left; the engine and its child processes are gone.
      process.exitCode = 0;
      setImmediate(() => process.exit());
    }
  } finally {
    stop.dispose();
  }
}

function deployedOutputs(result: DeployResult): Readonly<Record<string, string>> {
  return result.kind === 'deployed' || result.kind === 'no-changes' ? result.outputs : {};
}

interface DevSession {
  readonly engine: RunningEngine;
  readonly stage: string;
  readonly stateDir: string;
  readonly region: string;
  /** The stack's outputs after the session's first deploy: they name the site bucket. */
  readonly outputs: Readonly<Record<string, string>>;
}

/** Starts watch mode over the session's engine; a failure to start is reported and the engine keeps serving. */
async function startDevWatch(session: DevSession, context: CommandContext): Promise<RunningWatch | undefined> {
  const [{ startWatch }, { packageRoot }, { loadConfig }, { functionName }, { publishSite }, { siteConfigFor }] = await Promise.all([
    import('./watch.js'),
    import('../../deploy/function-entries.js'),
    import('../load-config.js'),
    import('../../core/naming.js'),
    import('../../deploy/publish-site.js'),
    import('../../deploy/deploy-stack.js'),
  ]);
  const target = localTarget(session.engine, session.region);
  let loaded = await context.loadConfig();
  let outputs = session.outputs;
  const clients = createClients(target);
  try {
    const watch = await startWatch({
      root: packageRoot(),
      workDir: path.join(session.stateDir, 'watch'),
      runner: session.engine.runner,
      functionName: (functionId) => functionName(loaded.config.app, session.stage, functionId),
      configFiles: async () => configInputs(await loadConfig(context.options.config), context.options.config),
      publishPage: async (siteDir) => {
        const bucket = outputs.SiteBucketName;
        if (bucket === undefined) throw new Error('the stack has no site bucket yet');
        await publishSite({ bucket, siteDir, siteConfig: siteConfigFor(session.stage, loaded.config) }, { s3: await clients.s3(), target });
      },
      deploy: async (siteDir) => {
        loaded = await loadConfig(context.options.config);
        // Other --local commands wait while the engine redeploys; the next start deploys again whatever happens here.
        await Promise.all([forgetLastDevDeploy(session.stateDir), session.engine.setStatus({ state: 'deploying' })]);
        let result: DeployResult;
        try {
          result = await deployInto(target, { ...context, loadConfig: () => Promise.resolve(loaded) }, siteDir);
        } catch (error) {
          await session.engine.setStatus(statusAfterDeployError(error));
          throw error;
        }
        const line = formatDevDeploy(result);
        await session.engine.setStatus(statusAfterDeploy(result, { state: 'ready' }));
        if (result.kind === 'failed') for (const detail of formatFailures(result.analysis)) context.output.warn(`  ${detail}`);
        outputs = { ...outputs, ...deployedOutputs(result) };
        return line;
      },
      report: { success: (line) => context.output.success(line), warn: (line) => context.output.warn(line) },
    });
    context.output.info(`watching ${path.join(path.relative(process.cwd(), packageRoot()) || '.', 'src')} and the config for changes`);
    return {
      idle: () => watch.idle(),
      stop: () => watch.stop().finally(() => clients.destroy()),
    };
  } catch (error) {
    clients.destroy();
    context.output.warn(`watching for changes failed to start: ${errorMessage(error)}; the engine keeps serving`);
    return undefined;
  }
}

/**
 * The config file and the files it names (logo, fonts): a change to any of them changes what deploys. Without a
 * config file, where one would be read from, so creating it counts as a change.
 */
function configInputs(loaded: LoadedConfig, flag: string | undefined): string[] {
  if (loaded.file === undefined) return [path.resolve(flag ?? CONFIG_FILE_NAME)];
  const named = [loaded.config.branding.logo, ...loaded.config.branding.fonts].filter((file): file is string => file !== undefined);
  return [loaded.file, ...named.map((file) => path.resolve(loaded.dir, file))];
}
