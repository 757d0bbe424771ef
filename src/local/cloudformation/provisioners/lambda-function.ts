// AWS::Lambda::Function: code from the local S3 (or inline), handed to the runner; updates swap code live.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { codeDirectoryFor, fetchZip, inlineCodeDirectory } from './lambda-code.js';
import {
  generatedName,
  numberOf,
  record,
  text,
  type Properties,
  type ProvisionContext,
  type Provisioner,
  type ProvisionResult,
} from './provisioner.js';
import type { DeployedResource } from '../stack-model.js';

async function unpackedCode(context: ProvisionContext, functionName: string, properties: Properties): Promise<string> {
  const code = record(properties['Code']);
  const functionDirectory = join(context.codeDirectory, functionName);
  const inline = text(code['ZipFile']);
  if (inline !== undefined) return inlineCodeDirectory(functionDirectory, inline);
  const bucket = text(code['S3Bucket']);
  const key = text(code['S3Key']);
  if (bucket === undefined || key === undefined) throw new Error('Code must name S3Bucket and S3Key (or give ZipFile)');
  const zip = await fetchZip(context.clients.s3, bucket, key, text(code['S3ObjectVersion']));
  return codeDirectoryFor(functionDirectory, zip, context.sharedCodeDirectory);
}

function deployToRunner(context: ProvisionContext, functionName: string, properties: Properties, codeDirectory: string): void {
  const variables = record(record(properties['Environment'])['Variables']);
  context.runner.deploy({
    functionName,
    codeDirectory,
    handler: text(properties['Handler']),
    runtime: text(properties['Runtime']),
    timeoutSeconds: numberOf(properties['Timeout']),
    memorySizeMb: numberOf(properties['MemorySize']),
    environment: Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)])),
    logGroupName: text(record(properties['LoggingConfig'])['LogGroup']),
  });
}

function functionResult(context: ProvisionContext, functionName: string, codeDirectory: string): ProvisionResult {
  return { physicalId: functionName, attributes: { Arn: context.runner.functionArn(functionName) }, localState: { codeDirectory } };
}

// Keeps the code a still-running invocation may use (the previous version) and drops older ones.
async function pruneCode(context: ProvisionContext, functionName: string, keep: readonly string[]): Promise<void> {
  const functionDirectory = join(context.codeDirectory, functionName);
  const entries = await readdir(functionDirectory).catch(() => [] as string[]);
  await Promise.all(
    entries
      .map((entry) => join(functionDirectory, entry))
      .filter((path) => !keep.includes(path))
      .map((path) => rm(path, { recursive: true, force: true })),
  );
}

async function deploy(
  context: ProvisionContext,
  functionName: string,
  properties: Properties,
  previous?: DeployedResource,
): Promise<ProvisionResult> {
  const codeDirectory = await unpackedCode(context, functionName, properties);
  deployToRunner(context, functionName, properties, codeDirectory);
  const previousDirectory = text(previous?.localState?.['codeDirectory']);
  await pruneCode(context, functionName, previousDirectory === undefined ? [codeDirectory] : [codeDirectory, previousDirectory]);
  return functionResult(context, functionName, codeDirectory);
}

export const lambdaFunction: Provisioner = {
  async create(context, properties) {
    const functionName = text(properties['FunctionName']) ?? generatedName(context.stackName, context.logicalId, { maxLength: 64 });
    return deploy(context, functionName, properties);
  },
  async update(context, current, properties) {
    return deploy(context, current.physicalId, properties, current);
  },
  async delete(context, current) {
    await context.runner.remove(current.physicalId);
    await rm(join(context.codeDirectory, current.physicalId), { recursive: true, force: true });
  },
  async restore(context, current) {
    const saved = text(current.localState?.['codeDirectory']);
    const present =
      saved !== undefined &&
      (await stat(saved).then(
        () => true,
        () => false,
      ));
    const codeDirectory = present ? saved : await unpackedCode(context, current.physicalId, current.properties);
    deployToRunner(context, current.physicalId, current.properties, codeDirectory);
  },
};
