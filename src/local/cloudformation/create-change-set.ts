// CreateChangeSet: checks the request against the stack as CloudFormation does, plans the changes of the new
// template, and records the change set (creating the stack under review for a CREATE). CreateStack plans here too.

import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from '../account.js';
import { indexedGroups, memberList, QueryError, type QueryParameters, type QueryRequest, type QueryResult } from '../protocol/query.js';
import { checkCapabilities } from './capabilities.js';
import { planChanges } from './change-plan.js';
import { operationRunning, templateBodyOf, type CloudFormationState } from './cloudformation-state.js';
import { chooseParameterValues, type ParameterInput } from './parameters.js';
import { sameValue } from './replacement-rules.js';
import type { ChangeSetRecord, StackRecord, StackTag } from './stack-model.js';
import { recordEvent } from './stack-store.js';
import { evaluateTemplate, resolveOutputs, type TemplateEvaluation } from './template-evaluation.js';
import { parseTemplate, validationError } from './template.js';

type ChangeSetType = ChangeSetRecord['changeSetType'];

const CHANGE_SET_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
const EMPTY_CHANGE_SET_REASON = "The submitted information didn't contain changes. Submit different information to create a change set.";
/** Statuses an update cannot start from (besides a running operation). */
const notUpdatable = new Set(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'DELETE_FAILED']);

export interface ChangeSetRequest {
  readonly stackName: string;
  readonly changeSetName: string;
  readonly type: ChangeSetType;
  /** The request's own parameters: template, Parameters, Capabilities, Tags, Description. */
  readonly parameters: QueryParameters;
}

export interface PlannedChangeSet {
  /** The stack the change set is for: an existing one, or a new record the caller adds to the store. */
  readonly stack: StackRecord;
  readonly newStack: boolean;
  readonly changeSet: ChangeSetRecord;
}

/**
 * Checks a request against the stack as CloudFormation does and plans the changes of its template into a change
 * set record; changes nothing. CreateChangeSet and CreateStack both go through here.
 */
export async function planChangeSet(state: CloudFormationState, request: ChangeSetRequest): Promise<PlannedChangeSet> {
  const { stackName, changeSetName, type, parameters } = request;
  const existing = state.store.find(stackName);
  checkStackTakes(type, existing, stackName, changeSetName);
  const templateBody = await templateBodyOf(state, parameters, existing);
  const template = parseTemplate(templateBody);
  const values = chooseParameterValues(template.Parameters ?? {}, parameterInputs(parameters), existing?.parameters);
  const capabilities = memberList(parameters, 'Capabilities');
  checkCapabilities(template, capabilities);
  const stackId = existing?.stackId ?? `arn:aws:cloudformation:${state.region}:${LOCAL_ACCOUNT_ID}:stack/${stackName}/${randomUUID()}`;
  const evaluation = evaluateTemplate(template, values, { region: state.region, stackName, stackId });
  const changes = planChanges(evaluation, existing?.resources ?? {});
  const stack = existing ?? newStackRecord(stackId, stackName);
  const empty = changes.length === 0 && (type === 'CREATE' || changesNothingElse(stack, evaluation, values));
  const injectedFailure = state.faults?.planFailure(stackName, changeSetName);
  const changeSet: ChangeSetRecord = {
    changeSetId: `arn:aws:cloudformation:${state.region}:${LOCAL_ACCOUNT_ID}:changeSet/${changeSetName}/${randomUUID()}`,
    changeSetName,
    changeSetType: type,
    ...outcome(empty, injectedFailure),
    creationTime: new Date().toISOString(),
    description: parameters.Description,
    templateBody,
    parameters: values,
    capabilities,
    tags: tagsOf(parameters, existing),
    changes,
  };
  return { stack, newStack: existing === undefined, changeSet };
}

export async function createChangeSet(state: CloudFormationState, { parameters }: QueryRequest): Promise<QueryResult> {
  const { stack, newStack, changeSet } = await planChangeSet(state, {
    stackName: parameters.StackName ?? '',
    changeSetName: checkedChangeSetName(parameters.ChangeSetName ?? ''),
    type: changeSetTypeOf(parameters.ChangeSetType),
    parameters,
  });
  if (newStack) {
    state.store.add(stack);
    recordEvent(stack, { status: 'REVIEW_IN_PROGRESS', reason: 'User Initiated' });
  }
  stack.changeSets.push(changeSet);
  await state.store.save(stack);
  return [
    ['Id', changeSet.changeSetId],
    ['StackId', stack.stackId],
  ];
}

/** The tags a request gives (`Tags.member.N.Key/Value`); without any, an update keeps the stack's. */
function tagsOf(parameters: QueryParameters, stack: StackRecord | undefined): StackTag[] {
  const given = indexedGroups(parameters, 'Tags.member').map((group) => ({ key: group.Key ?? '', value: group.Value ?? '' }));
  if (given.length > 0 || parameters.Tags !== undefined) return given;
  return [...(stack?.tags ?? [])];
}

function checkedChangeSetName(name: string): string {
  if (CHANGE_SET_NAME.test(name)) return name;
  throw validationError(
    `1 validation error detected: Value '${name}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
  );
}

/** UPDATE when not given, as in CloudFormation; IMPORT is not something the local engine can do. */
function changeSetTypeOf(value: string | undefined): ChangeSetType {
  if (value === undefined || value === 'UPDATE') return 'UPDATE';
  if (value === 'CREATE') return 'CREATE';
  if (value === 'IMPORT') throw validationError('ChangeSetType IMPORT is not supported by the local CloudFormation.');
  throw validationError(
    `1 validation error detected: Value '${value}' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]`,
  );
}

/** A CREATE needs no stack (or one still under review), an UPDATE a stack no operation holds or has left broken. */
function checkStackTakes(type: ChangeSetType, stack: StackRecord | undefined, stackName: string, changeSetName: string): void {
  if (type === 'CREATE' && stack !== undefined && stack.status !== 'REVIEW_IN_PROGRESS') {
    throw validationError(`Stack [${stackName}] already exists and cannot be created again with the changeSet [${changeSetName}].`);
  }
  if (type === 'UPDATE') {
    if (stack === undefined || stack.status === 'REVIEW_IN_PROGRESS') throw validationError(`Stack [${stackName}] does not exist`);
    if (operationRunning(stack) || notUpdatable.has(stack.status)) {
      throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
    }
  }
  if (stack?.changeSets.some((changeSet) => changeSet.changeSetName === changeSetName)) {
    throw new QueryError(400, 'AlreadyExistsException', `ChangeSet ${changeSetName} already exists`);
  }
}

function parameterInputs(parameters: QueryParameters): ParameterInput[] {
  return indexedGroups(parameters, 'Parameters.member').map((group) => ({
    key: group.ParameterKey ?? '',
    value: group.ParameterValue,
    usePreviousValue: group.UsePreviousValue === 'true',
  }));
}

/** The stack a first CREATE makes: no resources yet, REVIEW_IN_PROGRESS until executed. */
function newStackRecord(stackId: string, stackName: string): StackRecord {
  return {
    stackId,
    stackName,
    status: 'REVIEW_IN_PROGRESS',
    creationTime: new Date().toISOString(),
    parameters: {},
    capabilities: [],
    resources: {},
    outputs: [],
    events: [],
    changeSets: [],
  };
}

/** Like CloudFormation, an update with no resource changes still counts when its outputs or parameters differ. */
function changesNothingElse(stack: StackRecord, evaluation: TemplateEvaluation, values: Readonly<Record<string, string>>): boolean {
  let outputs: unknown;
  try {
    outputs = resolveOutputs(evaluation, {
      ref: (id) => stack.resources[id]?.physicalId,
      getAtt: (id, attribute) => stack.resources[id]?.attributes[attribute],
    });
  } catch {
    outputs = undefined;
  }
  return sameValue(outputs, stack.outputs) && sameValue(values, stack.parameters);
}

/** An empty change set, or one a plan fault fails (QRCARD_LOCAL_FAULTS), is FAILED and cannot be executed. */
function outcome(
  empty: boolean,
  injectedFailure: string | undefined,
): Pick<ChangeSetRecord, 'status' | 'statusReason' | 'executionStatus'> {
  if (injectedFailure !== undefined) return { status: 'FAILED', statusReason: injectedFailure, executionStatus: 'UNAVAILABLE' };
  return empty
    ? { status: 'FAILED', statusReason: EMPTY_CHANGE_SET_REASON, executionStatus: 'UNAVAILABLE' }
    : { status: 'CREATE_COMPLETE', statusReason: undefined, executionStatus: 'AVAILABLE' };
}
