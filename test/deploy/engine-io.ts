// Test support: a DeployIo aimed at a local engine of its own (CloudFormation and S3 as the SDK reaches them), a
// reporter that records, and polls cut short, so deploy code runs against real stack operations in milliseconds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { clientConfig, s3Config } from '../../src/aws/clients.js';
import type { Target } from '../../src/aws/target.js';
import { createChangeSet, executeChangeSet } from '../../src/deploy/change-set.js';
import type { DeployIo } from '../../src/deploy/deploy-io.js';
import { followStack } from '../../src/deploy/stack-events.js';
import { startEngine, type RunningEngine } from '../../src/local/engine.js';
import { PARAMETERS } from '../../src/templates/logical-ids.js';
import type { CloudFormationTemplate } from '../../src/templates/cfn-types.js';
import { recordingOutput, type RecordedOutput } from './fake-io.js';

export interface EngineIo extends DeployIo {
  readonly output: RecordedOutput;
  readonly engine: RunningEngine;
  /** Stops the engine and removes its state. */
  close(): Promise<void>;
}

/** Starts an engine in a temporary directory; `confirm` answers deploy and destroy questions (default: none asked). */
export async function startEngineIo(options: { confirm?: (message: string) => Promise<boolean> } = {}): Promise<EngineIo> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'qrcard-deploy-engine-'));
  const engine = await startEngine({ stateDir, log: () => {} });
  const target: Target = { kind: 'local', endpoint: engine.endpoint, region: 'us-east-1' };
  const cloudformation = new CloudFormationClient(clientConfig(target));
  const s3 = new S3Client(s3Config(target));
  return {
    target,
    cloudformation,
    s3,
    output: recordingOutput(),
    // The engine settles in milliseconds; the production back-off would wait up to seconds between polls.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10))),
    ...(options.confirm ? { confirm: options.confirm } : {}),
    engine,
    async close() {
      cloudformation.destroy();
      s3.destroy();
      await engine.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** A template as deploy sends it: the artifacts bucket parameter, and `resources`. */
export function appTemplate(resources: CloudFormationTemplate['Resources'], outputs: CloudFormationTemplate['Outputs'] = {}) {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'deploy test stack',
    Parameters: { [PARAMETERS.artifactsBucket]: { Type: 'String', Description: 'where the code is' } },
    Resources: resources,
    Outputs: outputs,
  } satisfies CloudFormationTemplate;
}

/** Creates or updates `stackName` from `template` through a change set and waits; returns the final status. */
export async function applyTemplate(
  io: DeployIo,
  stackName: string,
  template: CloudFormationTemplate,
  type: 'CREATE' | 'UPDATE' = 'CREATE',
): Promise<string> {
  const outcome = await createChangeSet(
    { stackName, type, template: { body: JSON.stringify(template) }, parameters: { [PARAMETERS.artifactsBucket]: 'unused' } },
    io,
  );
  if (outcome.kind !== 'ready') return 'no-changes';
  await executeChangeSet(stackName, outcome.changeSetName, io);
  return (await followStack({ stackName: outcome.stackId, since: outcome.creationTime, label: `applying ${stackName}` }, io)).finalStatus;
}
