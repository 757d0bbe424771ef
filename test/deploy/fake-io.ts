// Test support: a DeployIo over mocked SDK clients, an output port that records, and AWS-shaped errors.
import { CloudFormationClient, CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { DeployIo, DeployReporter } from '../../src/deploy/deploy-io.js';

export interface RecordedOutput extends DeployReporter {
  readonly lines: string[];
}

export function recordingOutput(): RecordedOutput {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    debug: (message) => lines.push(`debug ${message}`),
    success: (message) => lines.push(`success ${message}`),
    changeSet: (rows) => lines.push(`changes ${rows.map((row) => `${row.action} ${row.logicalId}`).join(', ')}`),
    progress: (text) => {
      lines.push(`start ${text}`);
      return Promise.resolve({
        update: (next) => lines.push(`update ${next}`),
        succeed: (next) => lines.push(`succeed ${next ?? text}`),
        warn: (next) => lines.push(`warn ${next ?? text}`),
        fail: (next) => lines.push(`fail ${next ?? text}`),
      });
    },
  };
}

export interface TestIo extends DeployIo {
  readonly output: RecordedOutput;
  readonly sleeps: number[];
}

/** Clients to be stubbed with aws-sdk-client-mock's mockClient(CloudFormationClient) / mockClient(S3Client). */
export function testIo(options: { confirm?: (message: string) => Promise<boolean> } = {}): TestIo {
  const sleeps: number[] = [];
  return {
    target: { kind: 'aws', region: 'us-east-1' },
    cloudformation: new CloudFormationClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    }),
    s3: new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } }),
    output: recordingOutput(),
    sleeps,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...(options.confirm ? { confirm: options.confirm } : {}),
  };
}

/** An awsQuery error as the CloudFormation client deserialises it. */
export function cfnError(name: string, message: string, status = 400): CloudFormationServiceException {
  return new CloudFormationServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: status, requestId: 'b2c5e5f0-0000-4000-8000-000000000000' },
  });
}

export function s3Error(name: string, message: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status, requestId: 'R3Q1D' } });
}

export const stackMissing = (name: string) => cfnError('ValidationError', `Stack with id ${name} does not exist`);
