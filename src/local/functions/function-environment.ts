// The environment variables a local function sees: the template's, then the ones Lambda reserves; and the few
// the host process of its environments has for itself.
import { LOCAL_CREDENTIALS } from '../../aws/clients.js';

export interface FunctionEnvironmentInput {
  readonly functionName: string;
  readonly handler: string;
  readonly runtime: string;
  readonly memorySizeMb: number;
  readonly codeDirectory: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly region: string;
  /** The engine's edge endpoint, so SDK clients in the handler reach the local services. */
  readonly endpoint: string;
  readonly variables: Readonly<Record<string, string>>;
  /** PATH of the host, so handlers that spawn tools still find them. */
  readonly hostPath?: string | undefined;
}

/** What the whole runtime process shares: the time zone and locale are the process's, not a thread's. */
export function runtimeProcessEnvironment(hostPath: string | undefined): Record<string, string> {
  return { PATH: hostPath ?? '/usr/local/bin:/usr/bin:/bin', LANG: 'en_US.UTF-8', TZ: ':UTC' };
}

export function functionEnvironment(input: FunctionEnvironmentInput): Record<string, string> {
  return {
    ...runtimeProcessEnvironment(input.hostPath),
    ...input.variables,
    // Lambda refuses these in a function's configuration; the runtime always sets them itself.
    _HANDLER: input.handler,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${input.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memorySizeMb),
    AWS_LAMBDA_LOG_GROUP_NAME: input.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    LAMBDA_TASK_ROOT: input.codeDirectory,
    LAMBDA_RUNTIME_DIR: input.codeDirectory,
    // Local only: the one override that points every SDK client at the engine.
    AWS_ENDPOINT_URL: input.endpoint,
  };
}
