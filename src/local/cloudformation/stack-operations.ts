// Runs stack operations against the provisioners: create and update from a change set (with
// rollback on failure), delete, and restore after an engine restart. Statuses and events follow
// CloudFormation's; callers start these without awaiting and clients poll.
import { validationError } from './template.js';
import { parseTemplate } from './template.js';
import { changedProperties, propertyRequiresReplacement } from './replacement-rules.js';
import type { ProvisionContext, Provisioner } from './provisioners/provisioner.js';
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

export interface OperationDependencies {
  readonly store: StackStore;
  readonly region: string;
  readonly provisioners: Readonly<Record<string, Provisioner>>;
  /** Everything but the logical id, which each call fills in. */
  readonly context: (stack: StackRecord) => Omit<ProvisionContext, 'logicalId'>;
  /** Where operation failures inside the engine are reported (not user-visible stack failures). */
  readonly log?: (line: string) => void;
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

async function deleteResource(deps: OperationDependencies, stack: StackRecord, resource: DeployedResource): Promise<boolean> {
  const base = { logicalId: resource.logicalId, physicalId: resource.physicalId, resourceType: resource.type };
  if (resource.deletionPolicy === 'Retain') {
    recordEvent(stack, { ...base, status: 'DELETE_SKIPPED' });
    return true;
  }
  recordEvent(stack, { ...base, status: 'DELETE_IN_PROGRESS' });
  try {
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

/** Executes a CREATE or UPDATE change set; resolves when the stack reaches a final status. */
export async function executeChangeSet(deps: OperationDependencies, stack: StackRecord, changeSet: ChangeSetRecord): Promise<void> {
  const creating = changeSet.changeSetType === 'CREATE';
  changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
  for (const other of stack.changeSets)
    if (other !== changeSet && other.executionStatus === 'AVAILABLE') other.executionStatus = 'OBSOLETE';
  if (!creating) stack.lastUpdatedTime = new Date().toISOString();
  await setStatus(deps, stack, creating ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS', 'User Initiated');

  const previous: Record<string, DeployedResource> = { ...stack.resources };
  const current: Record<string, DeployedResource> = {};
  const created: string[] = [];
  const updatedInPlace: DeployedResource[] = [];
  const replaced: DeployedResource[] = [];
  let evaluation: TemplateEvaluation | undefined;
  try {
    evaluation = evaluateTemplate(parseTemplate(changeSet.templateBody), changeSet.parameters, identityOf(stack, deps.region));
    const lookup = lookupOver(current);
    for (const logicalId of evaluation.order) {
      const declaration = evaluation.resources[logicalId];
      const type = declaration?.Type ?? '';
      const existing = previous[logicalId];
      const deletionPolicy = declaration?.DeletionPolicy;
      const context = { ...deps.context(stack), logicalId };
      try {
        const provisioner = provisionerFor(deps, logicalId, type);
        const properties = resolveProperties(evaluation, logicalId, lookup);
        if (existing === undefined) {
          recordEvent(stack, { logicalId, resourceType: type, status: 'CREATE_IN_PROGRESS', properties });
          const result = await provisioner.create(context, properties);
          current[logicalId] = deployed(logicalId, type, properties, result, 'CREATE_COMPLETE', deletionPolicy);
          created.push(logicalId);
          recordEvent(stack, { logicalId, physicalId: result.physicalId, resourceType: type, status: 'CREATE_COMPLETE', properties });
          continue;
        }
        const changed = changedProperties(existing.properties, properties);
        const replace = existing.type !== type || changed.some((name) => propertyRequiresReplacement(type, name));
        if (replace) {
          recordEvent(stack, {
            logicalId,
            physicalId: existing.physicalId,
            resourceType: type,
            status: 'UPDATE_IN_PROGRESS',
            reason: 'Requested update requires the creation of a new physical resource; hence creating one.',
          });
          const result = await provisioner.create(context, properties);
          current[logicalId] = deployed(logicalId, type, properties, result, 'UPDATE_COMPLETE', deletionPolicy);
          created.push(logicalId);
          replaced.push(existing);
          recordEvent(stack, { logicalId, physicalId: result.physicalId, resourceType: type, status: 'UPDATE_COMPLETE' });
        } else if (changed.length > 0) {
          recordEvent(stack, { logicalId, physicalId: existing.physicalId, resourceType: type, status: 'UPDATE_IN_PROGRESS', properties });
          const result = await provisioner.update(context, existing, properties);
          current[logicalId] = deployed(logicalId, type, properties, result, 'UPDATE_COMPLETE', deletionPolicy);
          updatedInPlace.push(existing);
          recordEvent(stack, { logicalId, physicalId: result.physicalId, resourceType: type, status: 'UPDATE_COMPLETE' });
        } else {
          current[logicalId] = { ...existing, deletionPolicy };
        }
      } catch (error) {
        if (error instanceof ResourceFailure) throw error;
        throw new ResourceFailure(logicalId, type, existing?.physicalId, errorMessage(error));
      }
    }
    stack.outputs = resolveOutputs(evaluation, lookup);
  } catch (error) {
    const failure = error instanceof ResourceFailure ? error : undefined;
    if (failure) {
      recordEvent(stack, {
        logicalId: failure.logicalId,
        physicalId: failure.physicalId,
        resourceType: failure.resourceType,
        status: creating || !(failure.logicalId in previous) ? 'CREATE_FAILED' : 'UPDATE_FAILED',
        reason: failure.message,
      });
    }
    await rollBack(deps, stack, { creating, previous, current, created, updatedInPlace, failure, error });
    changeSet.executionStatus = 'EXECUTE_FAILED';
    await deps.store.save(stack);
    return;
  }

  // The update succeeded: resources that left the template or were replaced go now.
  stack.resources = current;
  stack.templateBody = changeSet.templateBody;
  stack.parameters = { ...changeSet.parameters };
  stack.capabilities = [...changeSet.capabilities];
  stack.description = evaluation.template.Description;
  if (!creating) {
    await setStatus(deps, stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    // Resources the new template dropped, in reverse of their saved order.
    const removed = Object.entries(previous)
      .filter(([id]) => !(id in evaluation.resources))
      .map(([, resource]) => resource)
      .reverse();
    for (const resource of [...replaced.reverse(), ...removed]) await deleteResource(deps, stack, resource);
  }
  changeSet.executionStatus = 'EXECUTE_COMPLETE';
  await setStatus(deps, stack, creating ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE');
}

async function rollBack(
  deps: OperationDependencies,
  stack: StackRecord,
  state: {
    creating: boolean;
    previous: Record<string, DeployedResource>;
    current: Record<string, DeployedResource>;
    created: string[];
    updatedInPlace: DeployedResource[];
    failure: ResourceFailure | undefined;
    error: unknown;
  },
): Promise<void> {
  const failed = state.failure ? `[${state.failure.logicalId}]` : '';
  if (state.creating) {
    const reason = state.failure
      ? `The following resource(s) failed to create: ${failed}. Rollback requested by user.`
      : errorMessage(state.error);
    await setStatus(deps, stack, 'ROLLBACK_IN_PROGRESS', reason);
    let clean = true;
    for (const id of [...state.created].reverse()) {
      const resource = state.current[id];
      if (resource && !(await deleteResource(deps, stack, resource))) clean = false;
      else delete state.current[id];
    }
    stack.resources = state.current;
    await setStatus(
      deps,
      stack,
      clean ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED',
      clean ? undefined : 'The following resource(s) failed to delete during rollback.',
    );
    return;
  }
  const reason = state.failure ? `The following resource(s) failed to update: ${failed}. ` : errorMessage(state.error);
  await setStatus(deps, stack, 'UPDATE_ROLLBACK_IN_PROGRESS', reason);
  let clean = true;
  for (const before of [...state.updatedInPlace].reverse()) {
    const now = state.current[before.logicalId];
    if (now === undefined) continue;
    const base = { logicalId: before.logicalId, physicalId: before.physicalId, resourceType: before.type };
    recordEvent(stack, { ...base, status: 'UPDATE_IN_PROGRESS' });
    try {
      await deps.provisioners[before.type]?.update({ ...deps.context(stack), logicalId: before.logicalId }, now, before.properties);
      recordEvent(stack, { ...base, status: 'UPDATE_COMPLETE' });
    } catch (error) {
      clean = false;
      recordEvent(stack, { ...base, status: 'UPDATE_FAILED', reason: errorMessage(error) });
    }
  }
  await setStatus(deps, stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  for (const id of [...state.created].reverse()) {
    const resource = state.current[id];
    if (resource && !(await deleteResource(deps, stack, resource))) clean = false;
  }
  stack.resources = state.previous;
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
