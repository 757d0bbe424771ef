// Resource types the local engine records without enforcing: IAM, Lambda permissions and invoke
// configs, CloudFront access controls and policies. They get AWS-shaped ids and attributes.
import { randomUUID } from 'node:crypto';
import {
  generatedName,
  inProcess,
  randomText,
  text,
  type Properties,
  type ProvisionContext,
  type Provisioner,
  type ProvisionResult,
} from './provisioner.js';

type Describe = (context: ProvisionContext, properties: Properties, physicalId: string | undefined) => ProvisionResult;

function recorded(describe: Describe): Provisioner {
  return {
    create: (context, properties) => inProcess(() => describe(context, properties, undefined)),
    update: (context, current, properties) => inProcess(() => describe(context, properties, current.physicalId)),
    delete: async () => {},
  };
}

export const iamRole = recorded((context, properties, existing) => {
  const name = existing ?? text(properties['RoleName']) ?? generatedName(context.stackName, context.logicalId, { maxLength: 64 });
  const path = text(properties['Path']) ?? '/';
  return { physicalId: name, attributes: { Arn: `arn:aws:iam::${context.accountId}:role${path}${name}`, RoleId: `AROA${randomText(17)}` } };
});

export const iamPolicy = recorded((context, _properties, existing) => ({
  physicalId: existing ?? `${context.stackName.slice(0, 5)}-${context.logicalId.slice(0, 5)}-${randomText(12)}`.replace(/^-+/, ''),
  attributes: {},
}));

export const iamManagedPolicy = recorded((context, properties, existing) => {
  const name = text(properties['ManagedPolicyName']) ?? generatedName(context.stackName, context.logicalId, { maxLength: 128 });
  const arn = existing ?? `arn:aws:iam::${context.accountId}:policy${text(properties['Path']) ?? '/'}${name}`;
  return { physicalId: arn, attributes: { PolicyArn: arn } };
});

export const lambdaPermission = recorded((context, _properties, existing) => ({
  physicalId: existing ?? generatedName(context.stackName, context.logicalId, { maxLength: 100 }),
  attributes: {},
}));

export const lambdaEventInvokeConfig = recorded((context, _properties, existing) => ({
  physicalId: existing ?? generatedName(context.stackName, context.logicalId, { maxLength: 100 }),
  attributes: {},
}));

const cloudFrontId = () => `E${randomText(13)}`;

export const cloudFrontOriginAccessControl = recorded((_context, _properties, existing) => {
  const id = existing ?? cloudFrontId();
  return { physicalId: id, attributes: { Id: id } };
});

export const cloudFrontPolicy = recorded((_context, _properties, existing) => {
  const id = existing ?? randomUUID();
  return { physicalId: id, attributes: { Id: id, LastModifiedTime: new Date().toISOString() } };
});
