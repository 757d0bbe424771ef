// Change sets under one fixed name: replace a stale one, wait for it, read its changes; empty means "no changes".
import { randomUUID } from 'node:crypto';
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
  type Change,
  type DescribeChangeSetCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { userError } from '../core/errors.js';
import { awsErrorName, isStackMissingError, isThrottlingError } from './aws-errors.js';
import { defaultSleep, type DeployIo } from './deploy-io.js';
import { stackPolling } from './stack-polling.js';

/** The one change set name qrcard uses, so a stale one is always found and replaced. */
export const CHANGE_SET_NAME = 'qrcard-deploy';

/** Templates larger than this must be passed by S3 URL. */
export const TEMPLATE_BODY_LIMIT = 51_200;

export interface ChangeSetRequest {
  readonly stackName: string;
  /** CREATE for a stack that does not exist (or waits in REVIEW_IN_PROGRESS), else UPDATE. */
  readonly type: 'CREATE' | 'UPDATE';
  readonly template: { readonly body: string } | { readonly url: string };
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  /** Default CHANGE_SET_NAME. */
  readonly changeSetName?: string;
  readonly description?: string;
}

export type ChangeSetOutcome =
  | { readonly kind: 'no-changes' }
  | {
      readonly kind: 'ready';
      readonly changeSetId: string;
      readonly stackId: string;
      readonly changeSetName: string;
      /** Events of the execution come after this instant. */
      readonly creationTime: Date;
      readonly changes: readonly Change[];
    };

/** Pure: whether a FAILED change set only says there was nothing to change. */
export function isEmptyChangeSetReason(reason: string | undefined): boolean {
  return /didn't contain changes|no updates are to be performed/i.test(reason ?? '');
}

/** Deletes the change set, ignoring one (or a stack) that is already gone. */
export async function deleteChangeSet(stackName: string, changeSetName: string, io: Pick<DeployIo, 'cloudformation'>): Promise<void> {
  try {
    await io.cloudformation.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
  } catch (error) {
    if (awsErrorName(error) === 'ChangeSetNotFoundException' || awsErrorName(error) === 'ChangeSetNotFound' || isStackMissingError(error))
      return;
    throw error;
  }
}

/** Creates the change set (replacing a stale one of the same name) and waits until CloudFormation has computed it. */
export async function createChangeSet(request: ChangeSetRequest, io: DeployIo): Promise<ChangeSetOutcome> {
  const changeSetName = request.changeSetName ?? CHANGE_SET_NAME;
  const sleep = io.sleep ?? defaultSleep;
  await deleteChangeSet(request.stackName, changeSetName, io);
  const input = {
    StackName: request.stackName,
    ChangeSetName: changeSetName,
    ChangeSetType: request.type,
    ...('body' in request.template ? { TemplateBody: request.template.body } : { TemplateURL: request.template.url }),
    Parameters: Object.entries(request.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const,
    // No Tags at all when none are given: an empty list would ask CloudFormation to remove the stack's tags.
    ...(request.tags ? { Tags: Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    // The same token on the SDK's own retries makes them one request, not two change sets.
    ClientToken: `qrcard-${randomUUID()}`,
    ...(request.description ? { Description: request.description } : {}),
  };
  let created: { Id?: string; StackId?: string } | undefined;
  // A just-deleted change set can hold its name for a moment.
  for (let attempt = 0; created === undefined; attempt++) {
    try {
      created = await io.cloudformation.send(new CreateChangeSetCommand({ ...input, Capabilities: [...input.Capabilities] }));
    } catch (error) {
      if (awsErrorName(error) !== 'AlreadyExistsException' || attempt >= 5) throw error;
      await sleep(500 * (attempt + 1));
    }
  }
  const described = await waitForChangeSet(request.stackName, created.Id ?? changeSetName, io);
  const first = described[0];
  if (first?.Status === 'FAILED') {
    if (isEmptyChangeSetReason(first.StatusReason)) {
      await deleteChangeSet(request.stackName, changeSetName, io);
      return { kind: 'no-changes' };
    }
    throw userError('change-set-failed', `CloudFormation could not plan the change: ${first.StatusReason ?? 'no reason given'}`, {
      hint: 'fix the template or configuration; the failed change set stays visible in the console until the next deploy',
    });
  }
  return {
    kind: 'ready',
    changeSetId: first?.ChangeSetId ?? created.Id ?? changeSetName,
    stackId: first?.StackId ?? created.StackId ?? request.stackName,
    changeSetName,
    creationTime: first?.CreationTime ?? new Date(),
    changes: described.flatMap((page) => page.Changes ?? []),
  };
}

/** Polls DescribeChangeSet until the set is computed; returns every page of its changes. */
async function waitForChangeSet(stackName: string, changeSet: string, io: DeployIo): Promise<DescribeChangeSetCommandOutput[]> {
  const sleep = io.sleep ?? defaultSleep;
  const backoff = stackPolling(io.target);
  for (;;) {
    let first: DescribeChangeSetCommandOutput;
    try {
      first = await io.cloudformation.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSet }));
    } catch (error) {
      if (!isThrottlingError(error)) throw error;
      await sleep(backoff.throttled());
      continue;
    }
    if (first.Status === 'CREATE_COMPLETE' || first.Status === 'FAILED' || first.Status === 'DELETE_COMPLETE') {
      const pages = [first];
      let token = first.NextToken;
      while (token) {
        const page = await io.cloudformation.send(
          new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSet, NextToken: token }),
        );
        pages.push(page);
        token = page.NextToken;
      }
      return pages;
    }
    await sleep(backoff.next());
  }
}

/** Runs the change set; the token marks this execution's stack events. */
export async function executeChangeSet(stackName: string, changeSetName: string, io: Pick<DeployIo, 'cloudformation'>): Promise<string> {
  const token = `qrcard-${randomUUID()}`;
  await io.cloudformation.send(
    new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, ClientRequestToken: token }),
  );
  return token;
}
