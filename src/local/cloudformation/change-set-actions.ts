// The change set actions besides CreateChangeSet: ExecuteChangeSet (which starts the stack operation and
// answers at once), DeleteChangeSet, DescribeChangeSet and ListChangeSets.

import { QueryError, type QueryRequest, type QueryResult } from '../protocol/query.js';
import type { XmlNode } from '../protocol/xml.js';
import { changeSetSummaryXml, changeSetXml } from './cloudformation-xml.js';
import { findChangeSet, operationRunning, requireStack, type CloudFormationState } from './cloudformation-state.js';
import { resultPage } from './result-pages.js';
import type { ExecutionStatus } from './stack-model.js';
import { executeChangeSet } from './stack-operations.js';
import { validationError } from './template.js';

export function executeChangeSetAction(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const { stack, changeSet } = findChangeSet(state, parameters);
  if (changeSet.executionStatus !== 'AVAILABLE') {
    throw new QueryError(
      400,
      'InvalidChangeSetStatus',
      `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current status of [${changeSet.status}]`,
    );
  }
  if (operationRunning(stack)) throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
  if (parameters.DisableRollback === 'true') {
    throw validationError('DisableRollback is not supported by the local CloudFormation: a failed change set rolls back.');
  }
  changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
  state.background.start(executeChangeSet(state, stack, changeSet));
  return [];
}

export async function deleteChangeSet(state: CloudFormationState, { parameters }: QueryRequest): Promise<QueryResult> {
  const { stack, changeSet } = findChangeSet(state, parameters);
  if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
    throw new QueryError(
      400,
      'InvalidChangeSetStatus',
      `ChangeSet [${changeSet.changeSetId}] cannot be deleted in its current status of [${changeSet.executionStatus}]`,
    );
  }
  stack.changeSets = stack.changeSets.filter((candidate) => candidate !== changeSet);
  await state.store.save(stack);
  return [];
}

export function describeChangeSet(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const { stack, changeSet } = findChangeSet(state, parameters);
  return changeSetXml(stack, changeSet);
}

/** Change sets not yet executed (nor made obsolete by a deletion), whether they can run or failed to plan. */
const listedExecutionStatuses: ReadonlySet<ExecutionStatus> = new Set(['AVAILABLE', 'UNAVAILABLE']);
const CHANGE_SETS_PER_PAGE = 100;

/**
 * The stack's active change sets, as CloudFormation lists them: once one is executed it leaves the list (it can
 * still be described by its id), and the others went when its execution began.
 */
export function listChangeSets(state: CloudFormationState, { parameters }: QueryRequest): QueryResult {
  const stack = requireStack(state, parameters.StackName);
  const active = stack.changeSets.filter((changeSet) => listedExecutionStatuses.has(changeSet.executionStatus));
  const page = resultPage(active, parameters.NextToken, CHANGE_SETS_PER_PAGE);
  return [
    ['Summaries', page.items.map((changeSet): XmlNode => ['member', changeSetSummaryXml(stack, changeSet)])],
    ['NextToken', page.nextToken],
  ];
}
