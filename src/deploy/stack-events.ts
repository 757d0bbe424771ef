// Follows a stack operation to its end: new stack events as they come, the stack's status, back-off on throttling.
import { errorMessage } from '../core/errors.js';
import { DescribeStackEventsCommand, type StackEvent } from '@aws-sdk/client-cloudformation';
import { isStackMissingError, isThrottlingError } from './aws-errors.js';
import type { Reporter } from '../core/reporter.js';
import { defaultSleep, type DeployIo } from './deploy-io.js';
import { describeStack } from './stack-state.js';
import { stackPolling } from './stack-polling.js';

export interface FollowOptions {
  /** The stack's name or id; an id keeps working after the stack is deleted. */
  readonly stackName: string;
  /** Events before this instant belong to earlier operations and are ignored. */
  readonly since: Date;
  /** Progress label, e.g. "deploying qrcard-dev". */
  readonly label: string;
}

export interface FollowResult {
  /** The settled status; DELETE_COMPLETE when the stack is gone. */
  readonly finalStatus: string;
  /** Every event of this operation, oldest first. */
  readonly events: readonly StackEvent[];
}

/** True while CloudFormation is still working on the stack (REVIEW_IN_PROGRESS is idle: it waits for a change set). */
export function isSettled(status: string): boolean {
  return !status.endsWith('_IN_PROGRESS') || status === 'REVIEW_IN_PROGRESS';
}

/** One event as a progress line: `UsersTable  AWS::DynamoDB::Table  CREATE_COMPLETE  (reason)`. */
export function formatEvent(event: StackEvent): string {
  const reason = event.ResourceStatusReason ? `  ${event.ResourceStatusReason}` : '';
  return `${event.LogicalResourceId ?? '?'}  ${event.ResourceType ?? ''}  ${event.ResourceStatus ?? ''}${reason}`;
}

/** What following a stack needs: the target (which sets the poll delays), CloudFormation, a reporter, the poll timer. */
export type FollowIo = Pick<DeployIo, 'target' | 'cloudformation' | 'sleep'> & { readonly output: Reporter };

/** Polls until the stack settles, reporting each new event on one progress display; returns the final status and events. */
export async function followStack(options: FollowOptions, io: FollowIo): Promise<FollowResult> {
  const sleep = io.sleep ?? defaultSleep;
  const backoff = stackPolling(io.target);
  const seen = new Set<string>();
  const events: StackEvent[] = [];
  const progress = await io.output.progress(options.label);
  let finalStatus: string | undefined;
  try {
    for (;;) {
      try {
        const stack = await describeStack(options.stackName, io);
        const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
        // Read events after the status, so the last round sees every event up to the settled state.
        for (const event of await newEvents(options, seen, io)) {
          events.push(event);
          progress.update(`${options.label}: ${formatEvent(event)}`);
        }
        if (isSettled(status)) {
          finalStatus = status;
          break;
        }
        await sleep(backoff.next());
      } catch (error) {
        if (!isThrottlingError(error)) throw error;
        const delay = backoff.throttled();
        io.output.debug(`CloudFormation is throttling requests; next poll in ${delay} ms`);
        await sleep(delay);
      }
    }
  } catch (error) {
    progress.fail(`${options.label}: ${errorMessage(error)}`);
    throw error;
  }
  const failed = /(FAILED|ROLLBACK_COMPLETE)$/.test(finalStatus);
  if (failed) progress.fail(`${options.label}: ${finalStatus}`);
  else progress.succeed(`${options.label}: ${finalStatus}`);
  return { finalStatus, events };
}

/** Events of this operation not reported yet, oldest first. Pages back until it reaches old or known events. */
async function newEvents(options: FollowOptions, seen: Set<string>, io: Pick<DeployIo, 'cloudformation'>): Promise<StackEvent[]> {
  const fresh: StackEvent[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await io.cloudformation.send(
        new DescribeStackEventsCommand({ StackName: options.stackName, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      let reachedKnown = false;
      for (const event of page.StackEvents ?? []) {
        const id = event.EventId ?? `${event.LogicalResourceId}/${event.ResourceStatus}/${event.Timestamp?.toISOString()}`;
        if (seen.has(id) || (event.Timestamp !== undefined && event.Timestamp < options.since)) {
          reachedKnown = true;
          continue;
        }
        seen.add(id);
        fresh.push(event);
      }
      nextToken = reachedKnown ? undefined : page.NextToken;
    } while (nextToken);
  } catch (error) {
    // A deleted stack looked up by name has no events any more.
    if (!isStackMissingError(error)) throw error;
  }
  return fresh.reverse();
}
