// The shape of a CloudFormation template as plain JSON data, typed just enough to catch slips while building it.

export type Ref = { readonly Ref: string };
export type GetAtt = { readonly 'Fn::GetAtt': readonly [string, string] };
export type Sub = { readonly 'Fn::Sub': string };
export type Join = { readonly 'Fn::Join': readonly [string, readonly CfnValue[]] };
export type Select = { readonly 'Fn::Select': readonly [number, CfnValue] };
export type Split = { readonly 'Fn::Split': readonly [string, CfnValue] };
export type Intrinsic = Ref | GetAtt | Sub | Join | Select | Split;

export type CfnValue = string | number | boolean | Intrinsic | readonly CfnValue[] | { readonly [key: string]: CfnValue };

export type CfnProperties = { readonly [key: string]: CfnValue };

export type DeletionPolicy = 'Delete' | 'Retain';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: CfnProperties;
  readonly DependsOn?: readonly string[];
  readonly DeletionPolicy?: DeletionPolicy;
  readonly UpdateReplacePolicy?: DeletionPolicy;
}

export interface CfnParameter {
  readonly Type: 'String';
  readonly Description: string;
  readonly MinLength?: number;
  readonly AllowedPattern?: string;
  readonly Default?: string;
}

export interface CfnOutput {
  readonly Description: string;
  readonly Value: CfnValue;
}

export type CfnResources = Readonly<Record<string, CfnResource>>;

// A type alias rather than an interface, so a template is also a plain Record<string, unknown> to code that
// only passes it on (deploy, the local engine).
export type CloudFormationTemplate = {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Parameters: Readonly<Record<string, CfnParameter>>;
  readonly Resources: CfnResources;
  readonly Outputs: Readonly<Record<string, CfnOutput>>;
};

/** One statement of an IAM or resource policy, with actions always a list so they read the same everywhere. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | { readonly Service: string };
  readonly Action: readonly string[];
  /** Absent only in trust policies, whose resource is the role itself. */
  readonly Resource?: CfnValue;
  readonly Condition?: CfnValue;
}

export function policyDocument(statements: readonly PolicyStatement[]): CfnValue {
  return { Version: '2012-10-17', Statement: statements as unknown as CfnValue };
}
