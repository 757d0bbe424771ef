// Which resources a resource needs (Ref, GetAtt, Sub, DependsOn) and an order that creates them first.
import { intrinsicCall, subReferences } from './intrinsics.js';
import { validationError, type ResourceDeclaration } from './template.js';

/** Logical ids referenced anywhere in `value`, other than parameters and pseudo parameters. */
export function referencedNames(value: unknown, found = new Set<string>()): Set<string> {
  const call = intrinsicCall(value);
  if (call !== undefined) {
    const { name, args } = call;
    const list = listOf(args);
    if (name === 'Ref' && typeof args === 'string') found.add(args);
    else if (name === 'Fn::GetAtt') {
      const target = typeof args === 'string' ? args.split('.')[0] : list?.[0];
      if (typeof target === 'string') found.add(target);
      if (list !== undefined) referencedNames(list[1], found);
    } else if (name === 'Fn::Sub') {
      const [text, variables] = typeof args === 'string' ? [args, {}] : list !== undefined ? [list[0], list[1] ?? {}] : ['', {}];
      const local = new Set(variables !== null && typeof variables === 'object' ? Object.keys(variables) : []);
      if (typeof text === 'string') {
        for (const part of subReferences(text)) {
          if (!('reference' in part) || local.has(part.reference)) continue;
          found.add(part.reference.split('.')[0] ?? part.reference);
        }
      }
      referencedNames(variables, found);
    } else referencedNames(args, found);
    return found;
  }
  if (Array.isArray(value)) for (const item of value) referencedNames(item, found);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) referencedNames(item, found);
  return found;
}

function listOf(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** Resources `declaration` must wait for, among `resourceIds`. */
export function resourceDependencies(declaration: ResourceDeclaration, resourceIds: ReadonlySet<string>): string[] {
  const names = referencedNames(declaration.Properties ?? {});
  const dependsOn =
    declaration.DependsOn === undefined ? [] : typeof declaration.DependsOn === 'string' ? [declaration.DependsOn] : declaration.DependsOn;
  for (const name of dependsOn) names.add(name);
  return [...names].filter((name) => resourceIds.has(name));
}

/**
 * Checks every reference names a parameter, pseudo parameter or resource, and returns the
 * resources in creation order (dependencies first; otherwise template order).
 */
export function creationOrder(resources: Readonly<Record<string, ResourceDeclaration>>, knownNames: ReadonlySet<string>): string[] {
  const ids = new Set(Object.keys(resources));
  const unresolved = new Set<string>();
  const dependencies = new Map<string, string[]>();
  for (const [id, declaration] of Object.entries(resources)) {
    const dependsOn =
      declaration.DependsOn === undefined
        ? []
        : typeof declaration.DependsOn === 'string'
          ? [declaration.DependsOn]
          : declaration.DependsOn;
    for (const name of dependsOn) if (!ids.has(name)) unresolved.add(name);
    for (const name of referencedNames(declaration.Properties ?? {})) {
      if (!ids.has(name) && !knownNames.has(name) && !name.startsWith('AWS::')) unresolved.add(name);
    }
    dependencies.set(id, resourceDependencies(declaration, ids));
  }
  if (unresolved.size > 0) {
    throw validationError(
      `Template format error: Unresolved resource dependencies [${[...unresolved].join(', ')}] in the Resources block of the template`,
    );
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = path.slice(path.indexOf(id));
      throw validationError(`Circular dependency between resources: [${cycle.join(', ')}]`);
    }
    state.set(id, 'visiting');
    for (const dependency of dependencies.get(id) ?? []) visit(dependency, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of ids) visit(id, []);
  return order;
}
