// Messages between the Lambda runner, a function host process (function-host.ts) and the execution
// environments it runs as worker threads (environment-thread.ts).

/** What an environment needs to build the Lambda context of one invocation. */
export interface InvocationContextData {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Epoch milliseconds when the runner kills the invocation. */
  readonly deadlineMs: number;
}

export interface InvokeMessage {
  readonly type: 'invoke';
  readonly event: unknown;
  readonly context: InvocationContextData;
}

/** The error shape Lambda returns for a failed invocation. */
export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** An environment sends these in arrays, several per message. */
export type EnvironmentMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly error: FunctionError }
  /** One log event, as the runtime's patched console writes it. */
  | { readonly type: 'log'; readonly message: string }
  /** Raw writes to process.stdout/stderr; the runner splits them into lines. */
  | { readonly type: 'output'; readonly text: string }
  /** `payload` is the handler's value as JSON, as Lambda returns it. */
  | { readonly type: 'result'; readonly ok: true; readonly payload: string; readonly maxMemoryBytes: number }
  | { readonly type: 'result'; readonly ok: false; readonly error: FunctionError; readonly maxMemoryBytes: number };

/** What starts an environment: its variables (LAMBDA_TASK_ROOT names its code), and the memory setting its heap is sized from. */
export interface EnvironmentSettings {
  readonly environment: Readonly<Record<string, string>>;
  readonly memorySizeMb: number;
}

/** From the runner to a host; `id` names the environment. */
export type HostCommand =
  | ({ readonly type: 'start'; readonly id: number } & EnvironmentSettings)
  | ({ readonly id: number } & InvokeMessage)
  /** Ends the environment at once, busy or not. */
  | { readonly type: 'end'; readonly id: number };

/** From a host to the runner. */
export type HostReport =
  | { readonly type: 'messages'; readonly id: number; readonly batch: readonly EnvironmentMessage[] }
  /** The environment's thread ended; `code` is its exit code. */
  | { readonly type: 'exited'; readonly id: number; readonly code: number };
