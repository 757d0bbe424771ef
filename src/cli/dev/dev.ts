// `qrcard dev`: runs the local engine for a stage, deploys the stack into it with the same deploy code
// as AWS, and keeps serving until SIGINT or SIGTERM, when it stops every part and child process.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAME } from '../../core/config.js';
import { userError, errorMessage } from '../../core/errors.js';
import { createClients } from '../../aws/clients.js';
import { localTarget, resolveRegion, type Target } from '../../aws/target.js';
import type { DeployResult } from '../../deploy/deploy-stack.js';
import { formatFailures } from '../../deploy/stack-failures.js';
import type { RunningEngine } from '../../local/engine.js';
import { localStateDir, type CommandContext } from '../context.js';
import type { LoadedConfig } from '../load-config.js';
import type { RunningWatch } from './watch.js';
import { formatDevDeploy, formatEndpoints, formatHints, parsePort, type DevEndpoints } from './dev-report.js';

export interface DevFlags {
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

/** The same steps as `qrcard deploy`, aimed at the engine; `siteDir` replaces the packaged page. */
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

/** Prints what the deploy did, then the hints; a failure leaves the engine running for the next deploy. */
function reportDeploy(
  deployment: Promise<DeployResult>,
  endpoints: DevEndpoints,
  context: CommandContext,
  stopping: () => boolean,
): Promise<void> {
  return deployment.then(
    (result) => {
      const line = formatDevDeploy(result);
      if (result.kind === 'failed') {
        context.output.warn(line);
        for (const detail of formatFailures(result.analysis)) context.output.warn(`  ${detail}`);
      } else {
        context.output.success(line);
      }
      const outputs = deployedOutputs(result);
      for (const hint of formatHints(endpoints, outputs)) context.output.info(hint);
    },
    (error: unknown) => {
      if (stopping()) return;
      context.output.warn(`deploying into the local engine failed: ${errorMessage(error)}`);
      context.output.info('the engine keeps running: fix the cause, then run `qrcard --local deploy` or restart `qrcard dev`');
    },
  );
}

function deployedOutputs(result: DeployResult): Readonly<Record<string, string>> {
  return result.kind === 'deployed' || result.kind === 'no-changes' ? result.outputs : {};
}

/** Runs the engine until a stop signal; resolves once everything has stopped. */
export async function runDev(flags: DevFlags, context: CommandContext): Promise<void> {
  const port = parsePort('--port', flags.port);
  const sitePort = parsePort('--site-port', flags.sitePort);
  const [{ config }, stage] = await Promise.all([context.loadConfig(), context.stage()]);
  const region = resolveRegion(context.options, process.env, config.region);
  const stateDir = localStateDir(stage);
  if (flags.reset) await resetState(stateDir, stage, context);

  let stopping = false;
  const stop = listenForStop(() => context.output.info('still stopping ...'));
  try {
    const { startEngine } = await import('../../local/engine.js');
    const engine = await startEngine({
      stateDir,
      region,
      snsRetryDelaysMs: LOCAL_SNS_RETRY_DELAYS_MS,
      ...(port === undefined ? {} : { port }),
      ...(sitePort === undefined ? {} : { sitePort }),
      log: (line) => context.output.warn(`engine: ${line}`),
    });
    const endpoints: DevEndpoints = { siteUrl: engine.siteUrl, endpoint: engine.endpoint, region, stage, defaultStage: config.stage };
    context.output.result(
      { siteUrl: engine.siteUrl, endpoint: engine.endpoint, region, stage, stateDir, pid: process.pid },
      formatEndpoints(endpoints),
    );

    const watching = flags.watch ?? Boolean(process.stdin.isTTY && process.stderr.isTTY);
    const deployed = flags.deploy ? deployInto(localTarget(engine, region), context) : undefined;
    const reported = deployed ? reportDeploy(deployed, endpoints, context, () => stopping) : Promise.resolve();
    // Watching keeps esbuild's service for the rebuilds; otherwise the session builds once.
    const deployment = watching ? reported : reported.finally(stopBundler);
    if (!flags.deploy) for (const hint of formatHints(endpoints)) context.output.info(hint);
    // A stop during the first deploy does not wait for it: watching starts after it, or not at all once stopping.
    let watch: Promise<RunningWatch | undefined> | undefined;
    if (watching)
      void deployment.then(() => (watch = stopping ? undefined : startDevWatch({ engine, stage, stateDir, region, deployed }, context)));
    context.output.info('press Ctrl-C to stop');

    const signal = await stop.received;
    stopping = true;
    context.output.info(`${signal}: stopping the local engine ...`);
    await (await watch)?.stop();
    await Promise.all([engine.stop(), stopBundler()]);
    // A deploy cut short by the stop fails once the endpoint is closed; its SDK retries may take a while.
    const settled = await Promise.race([deployment.then(() => true), delay(DEPLOY_SETTLE_MS).then(() => false)]);
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

interface DevSession {
  readonly engine: RunningEngine;
  readonly stage: string;
  readonly stateDir: string;
  readonly region: string;
  /** The session's first deploy, if it ran one: its outputs name the site bucket. */
  readonly deployed: Promise<DeployResult> | undefined;
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
  let outputs: Readonly<Record<string, string>> = session.deployed ? await session.deployed.then(deployedOutputs, () => ({})) : {};
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
        const result = await deployInto(target, { ...context, loadConfig: () => Promise.resolve(loaded) }, siteDir);
        if (result.kind === 'failed') for (const detail of formatFailures(result.analysis)) context.output.warn(`  ${detail}`);
        outputs = { ...outputs, ...deployedOutputs(result) };
        return formatDevDeploy(result);
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
