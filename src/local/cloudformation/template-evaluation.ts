// A template bound to parameter values: its conditions, the resources they keep, and their order.
import { creationOrder } from './dependency-graph.js';
import { evaluateConditions, resolveValue, type ResolveContext } from './intrinsics.js';
import { parameterRefValues, pseudoParameters, type StackIdentity } from './parameters.js';
import type { ResourceDeclaration, Template } from './template.js';

export interface TemplateEvaluation {
  readonly template: Template;
  readonly identity: StackIdentity;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly conditions: Readonly<Record<string, boolean>>;
  /** Resources whose Condition holds, in creation order. */
  readonly order: readonly string[];
  readonly resources: Readonly<Record<string, ResourceDeclaration>>;
}

export interface ResourceLookup {
  ref(logicalId: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
}

function availabilityZones(region: string): string[] {
  return ['a', 'b', 'c'].map((letter) => `${region}${letter}`);
}

export function evaluateTemplate(
  template: Template,
  parameterValues: Readonly<Record<string, string>>,
  identity: StackIdentity,
): TemplateEvaluation {
  const parameters = { ...pseudoParameters(identity), ...parameterRefValues(template.Parameters ?? {}, parameterValues) };
  const unresolvable = () => {
    throw new Error('conditions cannot reference resources');
  };
  const conditions = evaluateConditions(template.Conditions ?? {}, {
    parameters,
    mappings: template.Mappings,
    ref: unresolvable,
    getAtt: unresolvable,
    availabilityZones,
  });
  const resources: Record<string, ResourceDeclaration> = {};
  for (const [id, declaration] of Object.entries(template.Resources)) {
    if (declaration.Condition === undefined || conditions[declaration.Condition] === true) resources[id] = declaration;
  }
  const order = creationOrder(resources, new Set([...Object.keys(parameters), ...Object.keys(template.Resources)]));
  return { template, identity, parameters, conditions, order, resources };
}

export function resolveContext(evaluation: TemplateEvaluation, lookup: ResourceLookup): ResolveContext {
  return {
    parameters: evaluation.parameters,
    conditions: evaluation.conditions,
    mappings: evaluation.template.Mappings,
    ref: (id) => lookup.ref(id),
    getAtt: (id, attribute) => lookup.getAtt(id, attribute),
    availabilityZones,
  };
}

/** A resource's Properties with every intrinsic resolved. */
export function resolveProperties(evaluation: TemplateEvaluation, logicalId: string, lookup: ResourceLookup): Record<string, unknown> {
  const declaration = evaluation.resources[logicalId];
  return resolveValue(declaration?.Properties ?? {}, resolveContext(evaluation, lookup)) as Record<string, unknown>;
}

/** Outputs whose Condition holds, resolved. */
export function resolveOutputs(
  evaluation: TemplateEvaluation,
  lookup: ResourceLookup,
): Array<{ key: string; value: string; description?: string | undefined; exportName?: string | undefined }> {
  const context = resolveContext(evaluation, lookup);
  const outputs = [];
  for (const [key, declaration] of Object.entries(evaluation.template.Outputs ?? {})) {
    if (declaration.Condition !== undefined && evaluation.conditions[declaration.Condition] !== true) continue;
    const value = resolveValue(declaration.Value, context);
    const exportName = declaration.Export === undefined ? undefined : String(resolveValue(declaration.Export.Name, context));
    outputs.push({ key, value: Array.isArray(value) ? value.join(',') : String(value), description: declaration.Description, exportName });
  }
  return outputs;
}
