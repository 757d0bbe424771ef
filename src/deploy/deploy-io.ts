// The port every deploy module works through: the SDK clients of its target, a reporter, a way to ask.
// The CLI supplies the real ones; tests pass mocked clients and a reporter that records.
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Target } from '../aws/target.js';
import type { Reporter } from '../core/reporter.js';
import type { ChangeRow } from './change-plan.js';

export interface DeployReporter extends Reporter {
  /** The changes a change set is about to make, shown before it runs (the CLI prints them as a table). */
  changeSet(rows: readonly ChangeRow[]): void;
}

export interface DeployIo {
  /** Where the clients point; names the fix in credential and region errors. */
  readonly target: Target;
  readonly cloudformation: CloudFormationClient;
  readonly s3: S3Client;
  readonly output: DeployReporter;
  /** Asks a yes/no question; called only when the options say a prompt is possible. Default: always no. */
  readonly confirm?: (message: string) => Promise<boolean>;
  /** Waits between polls. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
