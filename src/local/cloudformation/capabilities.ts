// The capability a template's IAM resources call for, and the check CloudFormation makes before it creates a
// change set.

import { QueryError } from '../protocol/query.js';
import type { Template } from './template.js';

const iamTypes = new Set([
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::AccessKey',
  'AWS::IAM::InstanceProfile',
]);
const iamNameProperties = ['RoleName', 'ManagedPolicyName', 'UserName', 'GroupName', 'InstanceProfileName'];

/** CAPABILITY_NAMED_IAM when an IAM resource has a custom name, CAPABILITY_IAM for other IAM resources. */
export function requiredCapability(template: Template): string | undefined {
  const iam = Object.values(template.Resources).filter((resource) => iamTypes.has(resource.Type));
  if (iam.length === 0) return undefined;
  return iam.some((resource) => iamNameProperties.some((name) => resource.Properties?.[name] !== undefined))
    ? 'CAPABILITY_NAMED_IAM'
    : 'CAPABILITY_IAM';
}

/** Refuses a template whose capability was not acknowledged (CAPABILITY_NAMED_IAM covers CAPABILITY_IAM). */
export function checkCapabilities(template: Template, acknowledged: readonly string[]): void {
  const needed = requiredCapability(template);
  if (needed === undefined || acknowledged.includes(needed)) return;
  if (needed === 'CAPABILITY_IAM' && acknowledged.includes('CAPABILITY_NAMED_IAM')) return;
  throw new QueryError(400, 'InsufficientCapabilitiesException', `Requires capabilities : [${needed}]`);
}
