// Names of AWS resources derived from app + stage, within CloudFormation, Lambda and S3 naming rules.

export const BOOTSTRAP_STACK_NAME = 'qrcard-bootstrap';
export const FUNCTION_IDS = ['register-user', 'get-user', 'render-card'] as const;
export type FunctionId = (typeof FUNCTION_IDS)[number];

/** `app-stage`: a valid stack name (letters, digits, hyphens; starts with a letter; <= 128). */
export function stackName(app: string, stage: string): string {
  return `${app}-${stage}`;
}

/** `app-stage-register-user`: within Lambda's 64-character limit for any valid app and stage. */
export function functionName(app: string, stage: string, fn: FunctionId): string {
  return `${app}-${stage}-${fn}`;
}

export function logGroupName(app: string, stage: string, fn: FunctionId): string {
  return `/aws/lambda/${functionName(app, stage, fn)}`;
}

/** Why `name` breaks S3's bucket naming rules, or undefined when it is valid. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3-63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return 'must use only lowercase letters, digits, "." and "-", and start and end with a letter or digit';
  }
  if (name.includes('..')) return 'must not contain two adjacent periods';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'must not start with a reserved prefix';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'must not end with a reserved suffix';
  return undefined;
}

/**
 * A bucket name unique per account and region: `app-stage-purpose-account-region`, shortened
 * from the left part when it would pass 63 characters.
 */
export function bucketName(app: string, stage: string, purpose: string, accountId: string, region: string): string {
  const suffix = `-${purpose}-${accountId}-${region}`;
  const prefix = `${app}-${stage}`.slice(0, Math.max(1, 63 - suffix.length)).replace(/-+$/, '');
  return `${prefix}${suffix}`;
}
