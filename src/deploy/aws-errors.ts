// Turns the SDK's credential, permission, region and network failures into one clear line with the fix.
// Everything else passes through unchanged, so real bugs keep their stack.
import { QrcardError, userError } from '../core/errors.js';
import type { Target } from '../aws/target.js';

// Deploy's back-off reads it from here; it lives in aws/ so the handlers share it.
export { isThrottlingError } from '../aws/throttling.js';

interface SdkErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly hostname?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const EXPIRED_NAMES = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const INVALID_CREDENTIAL_NAMES = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
]);
const ACCESS_DENIED_NAMES = new Set(['AccessDenied', 'AccessDeniedException', 'Forbidden', 'UnauthorizedOperation']);
const WRONG_REGION_NAMES = new Set(['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException']);

function asSdkError(error: unknown): SdkErrorLike {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The SDK error's name (its AWS error code), or '' when `error` is not one. */
export function awsErrorName(error: unknown): string {
  return asSdkError(error).name ?? '';
}

/** CloudFormation answers a missing stack with a ValidationError "Stack with id X does not exist". */
export function isStackMissingError(error: unknown): boolean {
  const sdk = asSdkError(error);
  return sdk.name === 'ValidationError' && /does not exist/i.test(sdk.message ?? '');
}

export function isNotFoundError(error: unknown): boolean {
  const sdk = asSdkError(error);
  return sdk.name === 'NotFound' || sdk.name === 'NoSuchKey' || sdk.name === 'NoSuchBucket' || sdk.$metadata?.httpStatusCode === 404;
}

/** What an operation was doing when it failed, for the message: "uploading s3://bucket/key". */
export interface AwsErrorContext {
  readonly target: Target;
  readonly doing?: string;
}

/** A user error with a fix for credential, permission, region and connection failures; undefined for anything else. */
export function explainAwsError(error: unknown, context: AwsErrorContext): QrcardError | undefined {
  if (error instanceof QrcardError) return error;
  const sdk = asSdkError(error);
  const name = sdk.name ?? '';
  const message = sdk.message ?? '';
  const { target } = context;
  const doing = context.doing ? ` while ${context.doing}` : '';
  const profileFlag = target.kind !== 'local' && target.profile ? ` --profile ${target.profile}` : '';

  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    if (/sso/i.test(message) && /expired|invalid|refresh/i.test(message)) {
      return userError('aws-sso-expired', `your AWS SSO session has expired${doing}`, {
        hint: `run \`aws sso login${profileFlag}\` and try again`,
        cause: error,
      });
    }
    return userError('aws-no-credentials', `no AWS credentials found${doing}`, {
      hint: 'run `aws configure` or `aws sso login`, set AWS_PROFILE (or --profile), or use --local for the local engine',
      cause: error,
    });
  }
  if (EXPIRED_NAMES.has(name) || /security token included in the request is expired/i.test(message)) {
    return userError('aws-credentials-expired', `your AWS credentials have expired${doing}`, {
      hint: `refresh them (\`aws sso login${profileFlag}\`, or new temporary keys) and try again`,
      cause: error,
    });
  }
  if (INVALID_CREDENTIAL_NAMES.has(name)) {
    return userError('aws-credentials-invalid', `AWS rejected the credentials${doing}: ${message || name}`, {
      hint: `check the access key of the profile in use, and that region ${target.region} is enabled for the account`,
      cause: error,
    });
  }
  if (ACCESS_DENIED_NAMES.has(name) || (sdk.$metadata?.httpStatusCode === 403 && name !== '')) {
    return userError('aws-access-denied', `access denied${doing}${message && message !== name ? `: ${message}` : ''}`, {
      hint: 'the credentials in use lack a permission this command needs; use a role that may manage CloudFormation, S3, Lambda, IAM, DynamoDB, SNS, API Gateway and CloudFront',
      cause: error,
    });
  }
  if (WRONG_REGION_NAMES.has(name)) {
    return userError('aws-wrong-region', `the resource lives in another region than ${target.region}${doing}`, {
      hint: 'pass --region with the right region, or set AWS_REGION',
      cause: error,
    });
  }
  if (sdk.code === 'ENOTFOUND' || sdk.code === 'EAI_AGAIN') {
    const host = sdk.hostname ?? '';
    if (target.kind === 'aws') {
      return userError('aws-unreachable', `cannot reach ${host || 'AWS'}${doing}`, {
        hint: `check the network and that "${target.region}" is a real AWS region (--region or AWS_REGION)`,
        cause: error,
      });
    }
    return userError('endpoint-unreachable', `cannot resolve ${host || target.endpoint}${doing}`, {
      hint: 'check --endpoint-url / AWS_ENDPOINT_URL',
      cause: error,
    });
  }
  if (sdk.code === 'ECONNREFUSED' && target.kind !== 'aws') {
    return userError('endpoint-unreachable', `nothing answers at ${target.endpoint}${doing}`, {
      hint:
        target.kind === 'local' ? 'start the local engine with `qrcard dev`' : 'start the service behind --endpoint-url / AWS_ENDPOINT_URL',
      cause: error,
    });
  }
  return undefined;
}

/** Runs `work`, rethrowing AWS failures that have a known fix as user errors. */
export async function withAwsErrors<T>(context: AwsErrorContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw explainAwsError(error, context) ?? error;
  }
}
