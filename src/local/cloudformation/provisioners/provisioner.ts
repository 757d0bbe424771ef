// What a resource type's local provisioner does, and what it gets to do it with.
import { randomInt } from 'node:crypto';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { LambdaRunner } from '../../functions/lambda-runner.js';
import type { SiteRegistry } from '../../site/site-registry.js';
import type { DeployedResource } from '../stack-model.js';
import { templateText } from '../template.js';

/** SDK clients aimed at the edge: provisioners depend on the services' wire behaviour only. */
export interface ServiceClients {
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly sns: SNSClient;
  readonly logs: CloudWatchLogsClient;
}

export interface ProvisionContext {
  readonly stackName: string;
  readonly stackId: string;
  readonly region: string;
  readonly accountId: string;
  readonly logicalId: string;
  readonly clients: ServiceClients;
  readonly runner: LambdaRunner;
  readonly site: SiteRegistry;
  /** Directory for unpacked function code, kept across engine restarts. */
  readonly codeDirectory: string;
  /** The per-user cache's folder of unpacked code, shared by every stage and project; none: each unpacks its own. */
  readonly sharedCodeDirectory?: string | undefined;
}

export interface ProvisionResult {
  readonly physicalId: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Engine-side state to keep with the resource (not visible through GetAtt). */
  readonly localState?: Readonly<Record<string, unknown>> | undefined;
}

export type Properties = Readonly<Record<string, unknown>>;

export interface Provisioner {
  create(context: ProvisionContext, properties: Properties): Promise<ProvisionResult>;
  /** In-place update; only called when no changed property requires replacement. */
  update(context: ProvisionContext, current: DeployedResource, properties: Properties): Promise<ProvisionResult>;
  delete(context: ProvisionContext, current: DeployedResource): Promise<void>;
  /** Rebuilds in-process state (functions, site routes) when the engine restarts over a saved stack. */
  restore?(context: ProvisionContext, current: DeployedResource): Promise<void>;
}

const upperAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomText(length: number, alphabet = upperAlphabet): string {
  let out = '';
  for (let index = 0; index < length; index += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * A name like CloudFormation generates for an unnamed resource: `stack-LogicalId-RANDOM`,
 * shortening the stack and logical id parts to fit `maxLength`.
 */
export function generatedName(stackName: string, logicalId: string, options: { maxLength?: number; lowercase?: boolean } = {}): string {
  const maxLength = options.maxLength ?? 128;
  const random = randomText(options.lowercase ? 12 : 13);
  const room = maxLength - random.length - 2;
  let stack = stackName;
  let logical = logicalId;
  while (stack.length + logical.length > room) {
    if (stack.length >= logical.length) stack = stack.slice(0, -1);
    else logical = logical.slice(0, -1);
  }
  const name = `${stack}-${logical}-${random}`;
  return options.lowercase ? name.toLowerCase() : name;
}

export const text = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : templateText(value));
export const numberOf = (value: unknown): number | undefined =>
  value === undefined || value === null || value === '' ? undefined : Number(value);
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
export const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const flag = (value: unknown): boolean | undefined => (value === undefined ? undefined : value === true || value === 'true');

/** A provisioning step done in process, as the promise a Provisioner returns; what it throws rejects that promise. */
export function inProcess<T>(step: () => T): Promise<T> {
  return new Promise((resolve) => resolve(step()));
}

/** True when an SDK error says the thing is already gone, which a delete treats as done. */
export function isNotFound(error: unknown): boolean {
  const name = error !== null && typeof error === 'object' && 'name' in error && typeof error.name === 'string' ? error.name : '';
  return /NotFound|NoSuch|ResourceNotFoundException/.test(name);
}
