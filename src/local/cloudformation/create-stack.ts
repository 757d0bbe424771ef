// CreateStack: CloudFormation's one-call create, run as a CREATE change set planned and executed at once, so a
// stack has one provisioning path whichever way it was asked for.

import { randomUUID } from 'node:crypto';
import { QueryError, type QueryParameters, type QueryRequest, type QueryResult } from '../protocol/query.js';
import type { CloudFormationState } from './cloudformation-state.js';
import { planChangeSet } from './create-change-set.js';
import type { ChangeSetRecord, StackRecord } from './stack-model.js';
import { deleteStack, executeChangeSet } from './stack-operations.js';
import { validationError } from './template.js';

type OnFailure = 'ROLLBACK' | 'DELETE';

/** Requests the local engine cannot honour, refused rather than ignored: it always rolls back, keeps no stack policy. */
const NOT_MODELLED = 'is not supported by the local CloudFormation';

function onFailureOf(parameters: QueryParameters): OnFailure {
  const { OnFailure: onFailure, DisableRollback: disableRollback } = parameters;
  if (onFailure !== undefined && disableRollback !== undefined) {
    throw validationError('You cannot specify both DisableRollback and OnFailure.');
  }
  if (disableRollback === 'true' || onFailure === 'DO_NOTHING') {
    throw validationError(
      `Keeping a failed stack without rolling back (DisableRollback, OnFailure DO_NOTHING) ${NOT_MODELLED}: a failed create rolls back. Use OnFailure ROLLBACK or DELETE.`,
    );
  }
  if (onFailure === undefined || onFailure === 'ROLLBACK') return 'ROLLBACK';
  if (onFailure === 'DELETE') return 'DELETE';
  throw validationError(
    `1 validation error detected: Value '${onFailure}' at 'onFailure' failed to satisfy constraint: Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]`,
  );
}

function refuseUnmodelled(parameters: QueryParameters): void {
  if (parameters.StackPolicyBody !== undefined || parameters.StackPolicyURL !== undefined) {
    throw validationError(`A stack policy ${NOT_MODELLED}.`);
  }
  if (parameters.EnableTerminationProtection === 'true') throw validationError(`Termination protection ${NOT_MODELLED}.`);
}

export async function createStack(state: CloudFormationState, { parameters }: QueryRequest): Promise<QueryResult> {
  const stackName = parameters.StackName ?? '';
  const onFailure = onFailureOf(parameters);
  refuseUnmodelled(parameters);
  refuseExisting(state, stackName);
  const changeSetName = `CreateStack-${randomUUID()}`;
  const { stack, changeSet } = await planChangeSet(state, { stackName, changeSetName, type: 'CREATE', parameters });
  if (changeSet.status === 'FAILED') throw validationError(changeSet.statusReason ?? 'The stack could not be planned.');
  // Checked again: another create may have taken the name while the template was read.
  refuseExisting(state, stackName);
  state.store.add(stack);
  stack.changeSets.push(changeSet);
  state.background.start(createThenClean(state, stack, changeSet, onFailure));
  return [['StackId', stack.stackId]];
}

function refuseExisting(state: CloudFormationState, stackName: string): void {
  if (state.store.find(stackName) !== undefined) throw new QueryError(400, 'AlreadyExistsException', `Stack [${stackName}] already exists`);
}

/** Runs the create; with OnFailure DELETE, a create that rolled back is then deleted. */
async function createThenClean(
  state: CloudFormationState,
  stack: StackRecord,
  changeSet: ChangeSetRecord,
  onFailure: OnFailure,
): Promise<void> {
  await executeChangeSet(state, stack, changeSet);
  if (onFailure === 'DELETE' && stack.status === 'ROLLBACK_COMPLETE') await deleteStack(state, stack);
}
