// Helpers for reading a synthesized template in tests: references, policy statements, resources by type or
// logical id, and their properties with the types the assertions need.
import * as z from 'zod';
import { parse as parseYaml } from 'yaml';
import { isJsonObject } from '../support/json.js';

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

/** One statement of a policy document, its fields left for the assertions apart from the effect. */
const policyStatementSchema = z.looseObject({
  Sid: z.string().optional(),
  Effect: z.string(),
  Principal: z.unknown().optional(),
  Action: z.unknown().optional(),
  Resource: z.unknown().optional(),
  Condition: z.unknown().optional(),
});
export type PolicyStatementFound = z.infer<typeof policyStatementSchema>;

const policyDocumentSchema = z.looseObject({ Statement: z.array(policyStatementSchema) });
const rolePoliciesSchema = z.array(z.looseObject({ PolicyDocument: policyDocumentSchema }));

export interface FoundStatement {
  readonly owner: string;
  readonly Effect: string;
  readonly Action: readonly string[];
  readonly Resource: unknown;
  readonly Sid?: string;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

/** A resource as the helpers below read it: one of a built template, or of a template parsed back from text. */
export interface InspectedResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly DependsOn?: readonly string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface InspectedTemplate {
  readonly Resources: Readonly<Record<string, InspectedResource>>;
}

const parsedTemplateSchema = z.looseObject({
  Resources: z.record(
    z.string(),
    z.looseObject({
      Type: z.string(),
      Properties: z.record(z.string(), z.unknown()).optional(),
      DependsOn: z.array(z.string()).optional(),
      DeletionPolicy: z.string().optional(),
      UpdateReplacePolicy: z.string().optional(),
    }),
  ),
});

/** A template as `qrcard synth` printed or wrote it, checked to have resources the helpers below can read. */
export function parseTemplateText(text: string, format: 'json' | 'yaml'): InspectedTemplate & Readonly<Record<string, unknown>> {
  const value: unknown = format === 'json' ? JSON.parse(text) : parseYaml(text);
  return parsedTemplateSchema.parse(value);
}

/** The statements of a policy document held by `resource` at `path` (a bucket policy's `PolicyDocument`, say). */
export function policyStatements(resource: InspectedResource, ...path: string[]): PolicyStatementFound[] {
  return propAs(policyDocumentSchema, resource, ...path).Statement;
}

/** Statements of every role's inline policies and every bucket policy (trust policies excluded). */
export function permissionStatements(template: InspectedTemplate): FoundStatement[] {
  const found: FoundStatement[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const statements: PolicyStatementFound[] = [];
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of propAs(rolePoliciesSchema.optional(), resource, 'Policies') ?? [])
        statements.push(...policy.PolicyDocument.Statement);
    }
    if (resource.Type === 'AWS::S3::BucketPolicy') statements.push(...policyStatements(resource, 'PolicyDocument'));
    for (const statement of statements) {
      const action = statement.Action;
      found.push({
        ...statement,
        owner: id,
        Effect: statement.Effect,
        Action: Array.isArray(action) ? action.map(String) : [String(action)],
        Resource: statement.Resource,
      });
    }
  }
  return found;
}

export function resourcesOfType<Resource extends InspectedResource>(
  template: { readonly Resources: Readonly<Record<string, Resource>> },
  type: string,
): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The resource with logical id `id`; fails loudly when it is missing. */
export function resource<Resource extends InspectedResource>(
  template: { readonly Resources: Readonly<Record<string, Resource>> },
  id: string,
): Resource {
  const found = template.Resources[id];
  if (!found) throw new Error(`no resource ${id} in the template`);
  return found;
}

/** The property at `path`, e.g. `prop(distribution, 'DistributionConfig', 'Origins')`; undefined when a step is missing. */
export function prop(resource: InspectedResource, ...path: string[]): unknown {
  let value: unknown = resource.Properties;
  for (const key of path) value = isJsonObject(value) ? value[key] : undefined;
  return value;
}

/** The property at `path`, checked against `schema`: for assertions that need its shape, not just its value. */
export function propAs<T>(schema: z.ZodType<T>, resource: InspectedResource, ...path: string[]): T {
  const parsed = schema.safeParse(prop(resource, ...path));
  if (!parsed.success) throw new Error(`${resource.Type} property ${path.join('.')} has another shape:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The number at `path`, for comparisons such as `MemorySize >= 1024`. */
export function numberProp(resource: InspectedResource, ...path: string[]): number {
  return propAs(z.number(), resource, ...path);
}

/** The string at `path`, for matching or building on it. */
export function stringProp(resource: InspectedResource, ...path: string[]): string {
  return propAs(z.string(), resource, ...path);
}
