// Helpers for reading a synthesized template in tests: references, policy statements, resources by type.
import type { CfnResource, CfnValue, CloudFormationTemplate } from '../../src/templates/cfn-types.js';

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export interface Reference {
  readonly kind: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub';
  readonly target: string;
  /** Where it was found, e.g. `Resources.GetUserRole.Properties...`. */
  readonly at: string;
}

/** Every Ref, GetAtt and `${...}` variable of a Sub in `value`. */
export function collectReferences(value: unknown, at = ''): Reference[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => collectReferences(item, `${at}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  const found: Reference[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const here = `${at}.${key}`;
    if (key === 'Ref' && typeof inner === 'string') found.push({ kind: 'Ref', target: inner, at: here });
    else if (key === 'Fn::GetAtt' && Array.isArray(inner)) found.push({ kind: 'Fn::GetAtt', target: String(inner[0]), at: here });
    else if (key === 'Fn::Sub' && typeof inner === 'string') {
      for (const match of inner.matchAll(/\$\{([^}!]+)\}/g)) {
        const name = match[1] ?? '';
        found.push({ kind: 'Fn::Sub', target: name.startsWith('AWS::') ? name : (name.split('.')[0] ?? name), at: here });
      }
    } else found.push(...collectReferences(inner, here));
  }
  return found;
}

export interface FoundStatement {
  readonly owner: string;
  readonly Effect: string;
  readonly Action: readonly string[];
  readonly Resource: CfnValue | undefined;
  readonly Sid?: string;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

/** Statements of every role's inline policies and every bucket policy (trust policies excluded). */
export function permissionStatements(template: CloudFormationTemplate): FoundStatement[] {
  const found: FoundStatement[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const documents: unknown[] = [];
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (resource.Properties?.Policies ?? []) as Array<{ PolicyDocument: unknown }>)
        documents.push(policy.PolicyDocument);
    }
    if (resource.Type === 'AWS::S3::BucketPolicy') documents.push(resource.Properties?.PolicyDocument);
    for (const document of documents) {
      for (const statement of (document as { Statement: Array<Record<string, unknown>> }).Statement) {
        const action = statement.Action;
        found.push({
          ...(statement as object),
          owner: id,
          Effect: String(statement.Effect),
          Action: Array.isArray(action) ? action.map(String) : [String(action)],
          Resource: statement.Resource as CfnValue | undefined,
        });
      }
    }
  }
  return found;
}

export function resourcesOfType(template: CloudFormationTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The resource with logical id `id`; fails loudly when it is missing. */
export function resource(template: CloudFormationTemplate, id: string): CfnResource {
  const found = template.Resources[id];
  if (!found) throw new Error(`no resource ${id} in the template`);
  return found;
}

/** Loosely typed property access for assertions: `prop(resource, 'DistributionConfig', 'Origins')`. */
export function prop(resource: CfnResource, ...path: string[]): any {
  let value: any = resource.Properties;
  for (const key of path) value = value?.[key];
  return value;
}
