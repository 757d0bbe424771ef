// Test support: provisioning contexts for calling provisioners directly. `siteContext` serves the types that only
// change the site registry; `engineContext` aims the service clients at a running engine of its own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeployedResource } from '../../../../src/local/cloudformation/stack-model.js';
import { lazyServiceClients } from '../../../../src/local/cloudformation/provisioners/provisioner-clients.js';
import type { ProvisionContext, ProvisionResult, ServiceClients } from '../../../../src/local/cloudformation/provisioners/provisioner.js';
import { startEngine, type RunningEngine } from '../../../../src/local/engine.js';
import { createLambdaRunner } from '../../../../src/local/functions/lambda-runner.js';
import { SiteRegistry } from '../../../../src/local/site/site-registry.js';
import { unusedClients } from '../cloudformation-harness.js';

const REGION = 'eu-west-1';

/** A context for `logicalId` in stack `stackName` whose site registry the test reads; no services behind it. */
export function siteContext(logicalId: string, stackName = 'cards'): ProvisionContext & { site: SiteRegistry } {
  return {
    stackName,
    stackId: `arn:aws:cloudformation:${REGION}:000000000000:stack/${stackName}/id`,
    region: REGION,
    accountId: '000000000000',
    logicalId,
    clients: unusedClients(),
    runner: createLambdaRunner({ endpoint: 'http://127.0.0.1:9', logs: { append: () => {} } }),
    site: new SiteRegistry(),
    codeDirectory: path.join(tmpdir(), 'qrcard-unused-code'),
  };
}

export interface EngineContext {
  readonly engine: RunningEngine;
  readonly clients: ServiceClients;
  readonly codeDirectory: string;
  /** A context for `logicalId`, in `region` (default the engine's). */
  context(logicalId: string, region?: string): ProvisionContext;
  close(): Promise<void>;
}

/** Starts an engine in a temporary directory, with clients and a code directory for provisioners. */
export async function engineContext(): Promise<EngineContext> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'qrcard-provisioners-'));
  const engine = await startEngine({ stateDir: path.join(stateDir, 'engine'), log: () => {} });
  const clients = lazyServiceClients({ kind: 'local', endpoint: engine.endpoint, region: 'us-east-1' });
  const codeDirectory = path.join(stateDir, 'code');
  const site = new SiteRegistry();
  return {
    engine,
    clients,
    codeDirectory,
    context: (logicalId, region = 'us-east-1') => ({
      stackName: 'cards',
      stackId: `arn:aws:cloudformation:${region}:000000000000:stack/cards/id`,
      region,
      accountId: '000000000000',
      logicalId,
      clients,
      runner: engine.runner,
      site,
      codeDirectory,
    }),
    async close() {
      clients.destroy();
      await engine.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** The resource as the stack records it after `result`, for update, delete and restore. */
export function deployed(
  logicalId: string,
  type: string,
  properties: Readonly<Record<string, unknown>>,
  result: ProvisionResult,
): DeployedResource {
  return {
    logicalId,
    type,
    physicalId: result.physicalId,
    properties,
    attributes: result.attributes,
    status: 'CREATE_COMPLETE',
    lastUpdated: new Date(0).toISOString(),
    ...(result.localState === undefined ? {} : { localState: result.localState }),
  };
}
