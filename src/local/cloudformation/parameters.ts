// Parameter values of a stack operation (given, previous or default, validated) and the pseudo parameters.
import { LOCAL_ACCOUNT_ID } from '../account.js';
import { templateText, validationError, type ParameterDeclaration } from './template.js';

export interface ParameterInput {
  readonly key: string;
  readonly value?: string | undefined;
  readonly usePreviousValue?: boolean | undefined;
}

/** Chooses each declared parameter's value: given, else previous (when asked), else default. */
export function chooseParameterValues(
  declarations: Readonly<Record<string, ParameterDeclaration>>,
  inputs: readonly ParameterInput[],
  previous: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const unknown = inputs.map((input) => input.key).filter((key) => !(key in declarations));
  if (unknown.length > 0) throw validationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [key, declaration] of Object.entries(declarations)) {
    const input = inputs.find((candidate) => candidate.key === key);
    let value: string | undefined;
    if (input?.usePreviousValue) value = previous[key];
    else if (input?.value !== undefined) value = input.value;
    else if (declaration.Default !== undefined) value = templateText(declaration.Default);
    if (value === undefined) missing.push(key);
    else values[key] = checkParameter(key, declaration, value);
  }
  if (missing.length > 0) throw validationError(`Parameters: [${missing.join(', ')}] must have values`);
  return values;
}

function checkParameter(key: string, declaration: ParameterDeclaration, value: string): string {
  if (declaration.AllowedValues && !declaration.AllowedValues.map(String).includes(value)) {
    throw validationError(`Parameter '${key}' must be one of AllowedValues`);
  }
  if (declaration.AllowedPattern && !new RegExp(`^(?:${declaration.AllowedPattern})$`).test(value)) {
    throw validationError(`Parameter '${key}' must match pattern ${declaration.AllowedPattern}`);
  }
  if (declaration.Type === 'Number' && (value.trim() === '' || Number.isNaN(Number(value)))) {
    throw validationError(`Parameter '${key}' must be a number.`);
  }
  if (declaration.MinLength !== undefined && value.length < declaration.MinLength) {
    throw validationError(`Parameter '${key}' must contain at least ${declaration.MinLength} characters`);
  }
  if (declaration.MaxLength !== undefined && value.length > declaration.MaxLength) {
    throw validationError(`Parameter '${key}' must contain at most ${declaration.MaxLength} characters`);
  }
  return value;
}

/** Values as `Ref` returns them: list types become arrays. */
export function parameterRefValues(
  declarations: Readonly<Record<string, ParameterDeclaration>>,
  values: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const type = declarations[key]?.Type ?? 'String';
    out[key] = type === 'CommaDelimitedList' || type.startsWith('List<') ? value.split(',').map((item) => item.trim()) : value;
  }
  return out;
}

export interface StackIdentity {
  readonly region: string;
  readonly stackName: string;
  readonly stackId: string;
}

export function pseudoParameters(identity: StackIdentity): Record<string, unknown> {
  return {
    'AWS::Region': identity.region,
    'AWS::AccountId': LOCAL_ACCOUNT_ID,
    'AWS::StackName': identity.stackName,
    'AWS::StackId': identity.stackId,
    'AWS::Partition': identity.region.startsWith('cn-') ? 'aws-cn' : identity.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws',
    'AWS::URLSuffix': identity.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::NotificationARNs': [],
  };
}

/** Parameters shown by DescribeStacks: NoEcho ones masked as CloudFormation does. */
export function describedParameters(
  declarations: Readonly<Record<string, ParameterDeclaration>>,
  values: Readonly<Record<string, string>>,
): Array<{ key: string; value: string }> {
  return Object.entries(values).map(([key, value]) => {
    const noEcho = declarations[key]?.NoEcho;
    return { key, value: noEcho === true || noEcho === 'true' ? '****' : value };
  });
}
