// Messages exchanged over IPC between the Lambda runner and a function's child process.

/** What the child needs to build the Lambda context of one invocation. */
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

/** The child sends these in arrays, several per IPC message. */
export type ChildMessage =
  | { readonly type: 'ready'; readonly initDurationMs: number }
  | { readonly type: 'init-error'; readonly error: FunctionError }
  /** One log event, as the runtime's patched console writes it. */
  | { readonly type: 'log'; readonly message: string }
  /** Raw writes to process.stdout/stderr; the runner splits them into lines. */
  | { readonly type: 'output'; readonly text: string }
  | { readonly type: 'result'; readonly ok: true; readonly value: unknown; readonly maxRssBytes: number }
  | { readonly type: 'result'; readonly ok: false; readonly error: FunctionError; readonly maxRssBytes: number };
