// Runs stack operations against the provisioners: create and update from a change set (with
// rollback on failure), delete, and restore after an engine restart. Statuses and events follow
// CloudFormation's; callers start these without awaiting and clients poll.
import { parseTemplate, validationError } from './template.js';
import { changedProperties, propertyRequiresReplacement } from './replacement-rules.js';
import type { ProvisionContext, Provisioner, ProvisionResult } from './provisioners/provisioner.js';
import type { ChangeSetRecord, DeployedResource, StackRecord, StackStatus } from './stack-model.js';
import { recordEvent, type StackStore } from './stack-store.js';
import {
  evaluateTemplate,
  resolveOutputs,
  resolveProperties,
  type ResourceLookup,
  type TemplateEvaluation,
} from './template-evaluation.js';
import { errorMessage } from '../../core/errors.js';
import type { FaultPlan } from './fault-injection.js';

export interface OperationDependencies {
  readonly store: StackStore;
  readonly region: string;
  readonly provisioners: Readonly<Record<string, Provisioner>>;
  /** Everything but the logical id, which each call fills in. */
  readonly context: (stack: StackRecord) => Omit<ProvisionContext, 'logicalId'>;
  /** Where operation failures inside the engine are reported (not user-visible stack failures). */
  readonly log?: (line: string) => void;
  /** Failures to inject into provisioning (QRCARD_LOCAL_FAULTS); none when undefined. */
  readonly faults?: FaultPlan | undefined;
}

class ResourceFailure extends Error {
  constructor(
    readonly logicalId: string,
    readonly resourceType: string,
    readonly physicalId: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

function identityOf(stack: StackRecord, region: string) {
  return { region, stackName: stack.stackName, stackId: stack.stackId };
}

function lookupOver(resources: Readonly<Record<string, DeployedResource>>): ResourceLookup {
  return {
    ref: (id) => {
      const resource = resources[id];
      if (resource === undefined)
        throw validationError(`Template format error: Unresolved resource dependencies [${id}] in the Resources block of the template`);
      return resource.physicalId;
    },
    getAtt: (id, attribute) => {
      const resource = resources[id];
      const value = resource?.attributes[attribute];
      if (value === undefined)
        throw validationError(`Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`);
      return value;
    },
  };
}

function setStatus(deps: OperationDependencies, stack: StackRecord, status: StackStatus, reason?: string): Promise<void> {
  stack.status = status;
  stack.statusReason = reason;
  recordEvent(stack, { status, reason });
  return deps.store.save(stack);
}

function provisionerFor(deps: OperationDependencies, logicalId: string, type: string): Provisioner {
  const provisioner = deps.provisioners[type];
  if (provisioner === undefined) {
    throw new ResourceFailure(logicalId, type, undefined, `Unsupported resource type ${type}: the local engine has no provisioner for it`);
  }
  return provisioner;
}

/**
 * Whether `policy` keeps the resource: Retain always, RetainExceptOnCreate unless the operation that created
 * the resource is being rolled back. A replaced resource's policy is its UpdateReplacePolicy.
 */
function retains(policy: string | undefined, rollingBackItsCreation: boolean): boolean {
  return policy === 'Retain' || (policy === 'RetainExceptOnCreate' && !rollingBackItsCreation);
}

async function deleteResource(
  deps: OperationDependencies,
  stack: StackRecord,
  resource: DeployedResource,
  policy: { readonly name: string | undefined; readonly rollingBackItsCreation?: boolean } = { name: resource.deletionPolicy },
): Promise<boolean> {
  const base = { logicalId: resource.logicalId, physicalId: resource.physicalId, resourceType: resource.type };
  if (retains(policy.name, policy.rollingBackItsCreation ?? false)) {
    recordEvent(stack, { ...base, status: 'DELETE_SKIPPED' });
    return true;
  }
  recordEvent(stack, { ...base, status: 'DELETE_IN_PROGRESS' });
  try {
    deps.faults?.check('delete', resource.logicalId, resource.type);
    const provisioner = deps.provisioners[resource.type];
    await provisioner?.delete({ ...deps.context(stack), logicalId: resource.logicalId }, resource);
    recordEvent(stack, { ...base, status: 'DELETE_COMPLETE' });
    return true;
  } catch (error) {
    recordEvent(stack, { ...base, status: 'DELETE_FAILED', reason: errorMessage(error) });
    return false;
  }
}

function deployed(
  logicalId: string,
  type: string,
  properties: Record<string, unknown>,
  result: { physicalId: string; attributes: Readonly<Record<string, unknown>>; localState?: Readonly<Record<string, unknown>> | undefined },
  status: DeployedResource['status'],
  deletionPolicy: string | undefined,
): DeployedResource {
  return {
    logicalId,
    type,
    physicalId: result.physicalId,
    properties,
    attributes: result.attributes,
    localState: result.localState,
    status,
    lastUpdated: new Date().toISOString(),
    deletionPolicy,
  };
}

/** Creation order of a stack's resources per its saved template; template order when it cannot be evaluated. */
function savedOrder(deps: OperationDependencies, stack: StackRecord): string[] {
  try {
    if (stack.templateBody === undefined) return Object.keys(stack.resources);
    const evaluation = evaluateTemplate(parseTemplate(stack.templateBody), stack.parameters, identityOf(stack, deps.region));
    const order = evaluation.order.filter((id) => id in stack.resources);
    return [...order, ...Object.keys(stack.resources).filter((id) => !order.includes(id))];
  } catch {
    return Object.keys(stack.resources);
  }
}

/** What one execution has done so far, for the next resource, the commit, or the rollback. */
interface Execution {
  readonly creating: boolean;
  /** The stack's resources before the execution. */
  readonly previous: Readonly<Record<string, DeployedResource>>;
  /** The resources as the new template has them so far. */
  readonly current: Record<string, DeployedResource>;
  /** Logical ids with a new physical resource: added, or replaced. */
  readonly created: string[];
  /**
   * The old state of resources updated in place, to put back on rollback; a resource is listed from the
   * moment its update starts, so one that failed half-way is put back too, as CloudFormation does.
   */
  readonly updatedInPlace: DeployedResource[];
  /** Old resources replaced by new ones, deleted (or kept) per their UpdateReplacePolicy once the update succeeds. */
  readonly replaced: Array<{ readonly resource: DeployedResource; readonly updateReplacePolicy: string | undefined }>;
}

/** A resource the execution applies: its declaration resolved, and who provisions it. */
interface ResourceStep {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  readonly deletionPolicy: string | undefined;
  /** The new template's, which decides what happens to the old resource when this one is replaced. */
  readonly updateReplacePolicy: string | undefined;
  readonly provisioner: Provisioner;
  readonly context: ProvisionContext;
}

/** Executes a CREATE or UPDATE change set; resolves when the stack reaches a final status. */
export async function executeChangeSet(deps: OperationDependencies, stack: StackRecord, changeSet: ChangeSetRecord): Promise<void> {
  const execution = await beginExecution(deps, stack, changeSet);
  let evaluation: TemplateEvaluation;
  try {
    evaluation = evaluateTemplate(parseTemplate(changeSet.templateBody), changeSet.parameters, identityOf(stack, deps.region));
    const lookup = lookupOver(execution.current);
    for (const logicalId of evaluation.order) await applyResource(deps, stack, execution, evaluation, lookup, logicalId);
    stack.outputs = resolveOutputs(evaluation, lookup);
  } catch (error) {
    await failExecution(deps, stack, changeSet, execution, error);
    return;
  }
  await completeExecution(deps, stack, changeSet, execution, evaluation);
}

/**
 * Marks the change set running and the stack in progress. As CloudFormation does, it deletes the stack's other
 * change sets, failed ones too: none of them is valid for the stack this one makes.
 */
async function beginExecution(deps: OperationDependencies, stack: StackRecord, changeSet: ChangeSetRecord): Promise<Execution> {
  const creating = changeSet.changeSetType === 'CREATE';
  changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
  stack.changeSets = [changeSet];
  if (!creating) stack.lastUpdatedTime = new Date().toISOString();
  await setStatus(deps, stack, creating ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS', 'User Initiated');
  return { creating, previous: { ...stack.resources }, current: {}, created: [], updatedInPlace: [], replaced: [] };
}

/** Creates, replaces, updates or keeps one resource; any failure becomes a ResourceFailure naming it. */
async function applyResource(
  deps: OperationDependencies,
  stack: StackRecord,
  execution: Execution,
  evaluation: TemplateEvaluation,
  lookup: ResourceLookup,
  logicalId: string,
): Promise<void> {
  const declaration = evaluation.resources[logicalId];
  const type = declaration?.Type ?? '';
  const existing = execution.previous[logicalId];
  const context = { ...deps.context(stack), logicalId };
  try {
    const provisioner = provisionerFor(deps, logicalId, type);
    const properties = resolveProperties(evaluation, logicalId, lookup);
    const step: ResourceStep = {
      logicalId,
      type,
      properties,
      deletionPolicy: declaration?.DeletionPolicy,
      updateReplacePolicy: declaration?.UpdateReplacePolicy,
      provisioner,
      context,
    };
    if (existing === undefined) await createResource(deps, stack, execution, step);
    else await changeResource(deps, stack, execution, step, existing);
  } catch (error) {
    if (error instanceof ResourceFailure) throw error;
    throw new ResourceFailure(logicalId, type, existing?.physicalId, errorMessage(error));
  }
}

async function createResource(deps: OperationDependencies, stack: StackRecord, execution: Execution, step: ResourceStep): Promise<void> {
  const { logicalId, type, properties } = step;
  recordEvent(stack, { logicalId, resourceType: type, status: 'CREATE_IN_PROGRESS', properties });
  deps.faults?.check('create', logicalId, type);
  const result = await step.provisioner.create(step.context, properties);
  execution.current[logicalId] = deployed(logicalId, type, properties, result, 'CREATE_COMPLETE', step.deletionPolicy);
  execution.created.push(logicalId);
  recordEvent(stack, { logicalId, physicalId: result.physicalId, resourceType: type, status: 'CREATE_COMPLETE', properties });
}

/** A new type or a property that requires it replaces the resource; other changes update it in place. */
async function changeResource(
  deps: OperationDependencies,
  stack: StackRecord,
  execution: Execution,
  step: ResourceStep,
  existing: DeployedResource,
): Promise<void> {
  const { logicalId, type, properties } = step;
  const changed = changedProperties(existing.properties, properties);
  const replace = existing.type !== type || changed.some((name) => propertyRequiresReplacement(type, name));
  if (!replace && changed.length === 0) {
    execution.current[logicalId] = { ...existing, deletionPolicy: step.deletionPolicy };
    return;
  }
  const base = { logicalId, physicalId: existing.physicalId, resourceType: type, status: 'UPDATE_IN_PROGRESS' };
  let result: ProvisionResult;
  if (replace) {
    recordEvent(stack, { ...base, reason: 'Requested update requires the creation of a new physical resource; hence creating one.' });
    deps.faults?.check('create', logicalId, type);
    result = await step.provisioner.create(step.context, properties);
    execution.created.push(logicalId);
    execution.replaced.push({ resource: existing, updateReplacePolicy: step.updateReplacePolicy });
    execution.current[logicalId] = deployed(logicalId, type, properties, result, 'UPDATE_COMPLETE', step.deletionPolicy);
  } else {
    recordEvent(stack, { ...base, properties });
    // From here on the resource may be part-way to the new properties: a rollback must put it back.
    execution.updatedInPlace.push(existing);
    execution.current[logicalId] = { ...existing, properties };
    result = await step.provisioner.update(step.context, existing, properties);
    execution.current[logicalId] = deployed(logicalId, type, properties, result, 'UPDATE_COMPLETE', step.deletionPolicy);
    deps.faults?.check('update', logicalId, type);
  }
  recordEvent(stack, { logicalId, physicalId: result.physicalId, resourceType: type, status: 'UPDATE_COMPLETE' });
}

/** Records the failed resource, rolls the stack back, and marks the change set failed. */
async function failExecution(
  deps: OperationDependencies,
  stack: StackRecord,
  changeSet: ChangeSetRecord,
  execution: Execution,
  error: unknown,
): Promise<void> {
  const failure = error instanceof ResourceFailure ? error : undefined;
  if (failure) {
    recordEvent(stack, {
      logicalId: failure.logicalId,
      physicalId: failure.physicalId,
      resourceType: failure.resourceType,
      status: execution.creating || !(failure.logicalId in execution.previous) ? 'CREATE_FAILED' : 'UPDATE_FAILED',
      reason: failure.message,
    });
  }
  await rollBack(deps, stack, execution, failure, error);
  changeSet.executionStatus = 'EXECUTE_FAILED';
  await deps.store.save(stack);
}

/** The execution succeeded: the stack takes the new template, and resources it dropped or replaced go now. */
async function completeExecution(
  deps: OperationDependencies,
  stack: StackRecord,
  changeSet: ChangeSetRecord,
  execution: Execution,
  evaluation: TemplateEvaluation,
): Promise<void> {
  stack.resources = execution.current;
  stack.templateBody = changeSet.templateBody;
  stack.parameters = { ...changeSet.parameters };
  stack.capabilities = [...changeSet.capabilities];
  stack.tags = [...(changeSet.tags ?? stack.tags ?? [])];
  stack.description = evaluation.template.Description;
  if (!execution.creating) {
    await setStatus(deps, stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    // Resources the new template dropped, in reverse of their saved order.
    const removed = Object.entries(execution.previous)
      .filter(([id]) => !(id in evaluation.resources))
      .map(([, resource]) => resource)
      .reverse();
    for (const { resource, updateReplacePolicy } of [...execution.replaced].reverse()) {
      await deleteResource(deps, stack, resource, { name: updateReplacePolicy });
    }
    for (const resource of removed) await deleteResource(deps, stack, resource);
  }
  changeSet.executionStatus = 'EXECUTE_COMPLETE';
  await setStatus(deps, stack, execution.creating ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE');
}

async function rollBack(
  deps: OperationDependencies,
  stack: StackRecord,
  execution: Execution,
  failure: ResourceFailure | undefined,
  error: unknown,
): Promise<void> {
  const failed = failure ? `[${failure.logicalId}]` : '';
  if (execution.creating) {
    const reason = failure ? `The following resource(s) failed to create: ${failed}. Rollback requested by user.` : errorMessage(error);
    await setStatus(deps, stack, 'ROLLBACK_IN_PROGRESS', reason);
    let clean = true;
    for (const id of [...execution.created].reverse()) {
      const resource = execution.current[id];
      if (resource && !(await deleteResource(deps, stack, resource, { name: resource.deletionPolicy, rollingBackItsCreation: true })))
        clean = false;
      else delete execution.current[id];
    }
    stack.resources = execution.current;
    await setStatus(
      deps,
      stack,
      clean ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED',
      clean ? undefined : 'The following resource(s) failed to delete during rollback.',
    );
    return;
  }
  const reason = failure ? `The following resource(s) failed to update: ${failed}. ` : errorMessage(error);
  await setStatus(deps, stack, 'UPDATE_ROLLBACK_IN_PROGRESS', reason);
  let clean = true;
  for (const before of [...execution.updatedInPlace].reverse()) {
    const now = execution.current[before.logicalId];
    if (now === undefined) continue;
    const base = { logicalId: before.logicalId, physicalId: before.physicalId, resourceType: before.type };
    recordEvent(stack, { ...base, status: 'UPDATE_IN_PROGRESS' });
    try {
      await deps.provisioners[before.type]?.update({ ...deps.context(stack), logicalId: before.logicalId }, now, before.properties);
      deps.faults?.check('update', before.logicalId, before.type);
      recordEvent(stack, { ...base, status: 'UPDATE_COMPLETE' });
    } catch (error) {
      clean = false;
      recordEvent(stack, { ...base, status: 'UPDATE_FAILED', reason: errorMessage(error) });
    }
  }
  await setStatus(deps, stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  for (const id of [...execution.created].reverse()) {
    const resource = execution.current[id];
    if (resource && !(await deleteResource(deps, stack, resource, { name: resource.deletionPolicy, rollingBackItsCreation: true })))
      clean = false;
  }
  stack.resources = { ...execution.previous };
  await setStatus(deps, stack, clean ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_FAILED');
}

/** Deletes every resource, last created first; a failure leaves the stack DELETE_FAILED with the rest. */
export async function deleteStack(deps: OperationDependencies, stack: StackRecord): Promise<void> {
  await setStatus(deps, stack, 'DELETE_IN_PROGRESS', 'User Initiated');
  const failed: string[] = [];
  for (const id of savedOrder(deps, stack).reverse()) {
    const resource = stack.resources[id];
    if (resource === undefined) continue;
    if (await deleteResource(deps, stack, resource)) delete stack.resources[id];
    else failed.push(id);
  }
  if (failed.length > 0) {
    await setStatus(deps, stack, 'DELETE_FAILED', `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
    return;
  }
  stack.deletionTime = new Date().toISOString();
  stack.outputs = [];
  for (const changeSet of stack.changeSets) if (changeSet.executionStatus === 'AVAILABLE') changeSet.executionStatus = 'OBSOLETE';
  await setStatus(deps, stack, 'DELETE_COMPLETE');
}

// An operation cut off by an engine stop cannot resume; the stack lands in the matching failed state.
function interruptedStatus(status: StackStatus): StackStatus | undefined {
  switch (status) {
    case 'CREATE_IN_PROGRESS':
    case 'ROLLBACK_IN_PROGRESS':
      return 'ROLLBACK_FAILED';
    case 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS':
      // The new resources were already saved; only old ones may be left over.
      return 'UPDATE_COMPLETE';
    case 'UPDATE_IN_PROGRESS':
    case 'UPDATE_ROLLBACK_IN_PROGRESS':
    case 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS':
      return 'UPDATE_ROLLBACK_FAILED';
    case 'DELETE_IN_PROGRESS':
      return 'DELETE_FAILED';
    default:
      return undefined;
  }
}

/** Re-registers functions and site routes of a saved stack with the freshly started engine. */
export async function restoreStack(deps: OperationDependencies, stack: StackRecord): Promise<void> {
  if (stack.status === 'DELETE_COMPLETE') return;
  const interrupted = interruptedStatus(stack.status);
  if (interrupted !== undefined) {
    await setStatus(deps, stack, interrupted, 'The local engine stopped while this operation was running.');
    for (const changeSet of stack.changeSets)
      if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') changeSet.executionStatus = 'EXECUTE_FAILED';
    await deps.store.save(stack);
  }
  for (const id of savedOrder(deps, stack)) {
    const resource = stack.resources[id];
    const provisioner = resource === undefined ? undefined : deps.provisioners[resource.type];
    if (resource === undefined || provisioner?.restore === undefined) continue;
    try {
      await provisioner.restore({ ...deps.context(stack), logicalId: id }, resource);
    } catch (error) {
      deps.log?.(`could not restore ${stack.stackName}/${id}: ${errorMessage(error)}`);
    }
  }
}
