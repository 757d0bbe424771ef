// A CloudFormation template as data: its shape, and parsing from the JSON or YAML text a client sends.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { ScalarTag, CollectionTag } from 'yaml';
import { QrcardError } from '../../core/errors.js';
import { once } from '../../core/once.js';

// The YAML parser loads only when a YAML template arrives; qrcard's own templates are JSON.
const yaml = once(() => createRequire(import.meta.url)('yaml') as typeof Yaml);

export interface ParameterDeclaration {
  readonly Type: string;
  readonly Default?: unknown;
  readonly AllowedValues?: readonly unknown[];
  readonly AllowedPattern?: string;
  readonly Description?: string;
  readonly NoEcho?: boolean | string;
  readonly MinLength?: number;
  readonly MaxLength?: number;
}

export interface ResourceDeclaration {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | readonly string[];
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: unknown;
}

export interface OutputDeclaration {
  readonly Value: unknown;
  readonly Description?: string;
  readonly Condition?: string;
  readonly Export?: { readonly Name: unknown };
}

export interface Template {
  readonly AWSTemplateFormatVersion?: string;
  readonly Description?: string;
  readonly Parameters?: Readonly<Record<string, ParameterDeclaration>>;
  readonly Mappings?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly Conditions?: Readonly<Record<string, unknown>>;
  readonly Resources: Readonly<Record<string, ResourceDeclaration>>;
  readonly Outputs?: Readonly<Record<string, OutputDeclaration>>;
}

/**
 * A template value as text where a string is expected: a list is joined with commas (as a CommaDelimitedList
 * default), an object is given as JSON.
 */
export function templateText(value: unknown): string {
  if (Array.isArray(value)) return value.map((item: unknown) => (item === undefined || item === null ? '' : templateText(item))).join(',');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** CloudFormation's own error for a template or request it refuses. */
export function validationError(message: string): QrcardError {
  return new QrcardError('ValidationError', message);
}

// YAML short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) become the long JSON forms.
const functionNames = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
];

function yamlTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  const add = (tag: string, key: string, fromScalar: (text: string) => unknown = (text) => text) => {
    const scalar: ScalarTag = { tag, resolve: (text: string) => ({ [key]: fromScalar(text) }) };
    tags.push(scalar);
    for (const collection of ['seq', 'map'] as const) {
      const collectionTag: CollectionTag = { tag, collection, resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }) };
      tags.push(collectionTag);
    }
  };
  add('!Ref', 'Ref');
  add('!Condition', 'Condition');
  add('!GetAtt', 'Fn::GetAtt', (text) => {
    const dot = text.indexOf('.');
    return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
  });
  for (const name of functionNames) add(`!${name}`, `Fn::${name}`);
  return tags;
}

/** Parses a template body (JSON, or YAML with long or short intrinsic forms) and checks its outline. */
export function parseTemplate(body: string): Template {
  let parsed: unknown;
  const text = body.trim();
  try {
    parsed = text.startsWith('{') ? JSON.parse(text) : yaml().parse(text, { customTags: yamlTags(), uniqueKeys: true });
  } catch (error) {
    throw validationError(`Template format error: ${error instanceof Error ? error.message.split('\n')[0] : 'unreadable template'}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw validationError('Template format error: JSON not well-formed.');
  }
  const template = parsed as Partial<Template>;
  if (template.Resources === undefined || typeof template.Resources !== 'object' || Object.keys(template.Resources).length === 0) {
    throw validationError('Template format error: At least one Resources member must be defined.');
  }
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (!/^[A-Za-z0-9]+$/.test(logicalId)) {
      throw validationError(`Template format error: Resource name ${logicalId} is non alphanumeric.`);
    }
    if (resource === null || typeof resource !== 'object' || typeof resource.Type !== 'string') {
      throw validationError(`Template format error: [/Resources/${logicalId}] Every Resources object must contain a Type member.`);
    }
  }
  return template as Template;
}
