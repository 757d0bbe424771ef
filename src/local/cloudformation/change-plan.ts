// What a change set would do to a stack's resources: Add, Modify (with or without replacement), Remove.
import { containsUnknown, Unknown } from './intrinsics.js';
import { changedProperties, propertyRequiresReplacement } from './replacement-rules.js';
import type { DeployedResource, PolicyAction, ResourceChange } from './stack-model.js';
import { resolveProperties, type TemplateEvaluation } from './template-evaluation.js';

/**
 * Compares the evaluated template with the deployed resources. Values of resources being added or
 * replaced are unknown until they exist; properties depending on them count as changed.
 */
export function planChanges(evaluation: TemplateEvaluation, deployed: Readonly<Record<string, DeployedResource>>): ResourceChange[] {
  const changes: ResourceChange[] = [];
  const unknownIds = new Set<string>();
  const lookup = {
    ref: (id: string) => (unknownIds.has(id) || deployed[id] === undefined ? new Unknown(id) : deployed[id].physicalId),
    getAtt: (id: string, attribute: string) => {
      const value = unknownIds.has(id) ? undefined : deployed[id]?.attributes[attribute];
      return value === undefined ? new Unknown(`${id}.${attribute}`) : value;
    },
  };
  for (const logicalId of evaluation.order) {
    const type = evaluation.resources[logicalId]?.Type ?? '';
    const current = deployed[logicalId];
    if (current === undefined) {
      unknownIds.add(logicalId);
      changes.push({ action: 'Add', logicalId, resourceType: type, scope: [], details: [] });
      continue;
    }
    const properties = resolveProperties(evaluation, logicalId, lookup);
    const changed = current.type !== type ? Object.keys(properties) : changedProperties(current.properties, properties);
    if (changed.length === 0) continue;
    const details = changed.map((name) => {
      const replaces = current.type !== type || propertyRequiresReplacement(type, name);
      const uncertain = containsUnknown(properties[name]);
      return { name, requiresRecreation: replaces ? (uncertain ? 'Conditionally' : 'Always') : 'Never' } as const;
    });
    const replacement = details.some((detail) => detail.requiresRecreation === 'Always')
      ? 'True'
      : details.some((detail) => detail.requiresRecreation === 'Conditionally')
        ? 'Conditional'
        : 'False';
    if (replacement !== 'False') unknownIds.add(logicalId);
    changes.push({
      action: 'Modify',
      logicalId,
      resourceType: type,
      physicalId: current.physicalId,
      replacement,
      ...(replacement === 'False' ? {} : { policyAction: replacingPolicyAction(evaluation.resources[logicalId]?.UpdateReplacePolicy) }),
      scope: ['Properties'],
      details,
    });
  }
  for (const [logicalId, resource] of Object.entries(deployed)) {
    if (evaluation.resources[logicalId] === undefined) {
      changes.push({
        action: 'Remove',
        logicalId,
        resourceType: resource.type,
        physicalId: resource.physicalId,
        policyAction: removingPolicyAction(resource.deletionPolicy),
        scope: [],
        details: [],
      });
    }
  }
  return changes;
}

/** A removed resource goes, or stays, by the DeletionPolicy it was deployed with. */
function removingPolicyAction(deletionPolicy: string | undefined): PolicyAction {
  if (deletionPolicy === 'Retain' || deletionPolicy === 'RetainExceptOnCreate') return 'Retain';
  return deletionPolicy === 'Snapshot' ? 'Snapshot' : 'Delete';
}

/** A replaced resource's old physical resource goes, or stays, by the new template's UpdateReplacePolicy. */
function replacingPolicyAction(updateReplacePolicy: string | undefined): PolicyAction {
  if (updateReplacePolicy === 'Retain') return 'ReplaceAndRetain';
  return updateReplacePolicy === 'Snapshot' ? 'ReplaceAndSnapshot' : 'ReplaceAndDelete';
}
