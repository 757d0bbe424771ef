// What an invocation's outcome means to the caller and to the log, as Lambda reports it: the result, the
// failure line if any, then END and REPORT (pure: the runner writes the lines).
import type { InvocationOutcome } from './function-worker.js';
import type { FunctionError } from './invoke-protocol.js';
import { endLine, invokeErrorLine, reportLine, timeoutMessage } from './lambda-log-lines.js';

export type InvokeResult =
  | { readonly requestId: string; readonly ok: true; readonly payload: unknown }
  | { readonly requestId: string; readonly ok: false; readonly error: FunctionError };

export interface InvocationFacts {
  readonly requestId: string;
  readonly outcome: InvocationOutcome;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  /** Wall time from sending the event to the outcome. */
  readonly durationMs: number;
  /** Present only on a cold start. */
  readonly initDurationMs: number | undefined;
  /** The environment's peak memory so far, for outcomes that bring no figure of their own. */
  readonly maxMemoryBytes: number;
  /** When the outcome was known; stamps the failure lines. */
  readonly at: Date;
}

export interface InvocationRecord {
  readonly result: InvokeResult;
  /** Log lines to write after the function's own, in order. */
  readonly lines: readonly string[];
}

export function invocationRecord(facts: InvocationFacts): InvocationRecord {
  const { requestId, outcome } = facts;
  const { result, failureLine, status } = outcomeResult(requestId, outcome, facts.timeoutSeconds, facts.at);
  const maxMemoryBytes = outcome.kind === 'result' ? outcome.maxMemoryBytes : facts.maxMemoryBytes;
  const report = reportLine({
    requestId,
    durationMs: facts.durationMs,
    memorySizeMb: facts.memorySizeMb,
    maxMemoryUsedMb: maxMemoryBytes / (1024 * 1024),
    initDurationMs: facts.initDurationMs,
    status,
  });
  const lines = failureLine === undefined ? [] : [failureLine];
  return { result, lines: [...lines, endLine(requestId), report] };
}

interface OutcomeResult {
  readonly result: InvokeResult;
  readonly failureLine?: string;
  /** Set when the environment was lost (REPORT's `Status:`). */
  readonly status?: 'timeout' | 'error';
}

function outcomeResult(requestId: string, outcome: InvocationOutcome, timeoutSeconds: number, at: Date): OutcomeResult {
  switch (outcome.kind) {
    case 'result':
      if (outcome.ok) return { result: { requestId, ok: true, payload: outcome.value } };
      return { result: { requestId, ok: false, error: outcome.error }, failureLine: invokeErrorLine(requestId, outcome.error, at) };
    case 'init-error':
      return {
        result: { requestId, ok: false, error: outcome.error },
        failureLine: invokeErrorLine(requestId, outcome.error, at),
        status: 'error',
      };
    case 'timeout': {
      const message = timeoutMessage(timeoutSeconds);
      const error = { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: ${message}` };
      return { result: { requestId, ok: false, error }, failureLine: `${at.toISOString()} ${requestId} ${message}`, status: 'timeout' };
    }
    case 'exit': {
      const how = outcome.signal ? `signal: ${signalDescription(outcome.signal)}` : `exit status ${outcome.code ?? 'unknown'}`;
      const message = `RequestId: ${requestId} Error: Runtime exited with error: ${how}`;
      return {
        result: { requestId, ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: message } },
        failureLine: message,
        status: 'error',
      };
    }
  }
}

// Lambda words signals the way Go's os/exec does.
function signalDescription(signal: NodeJS.Signals): string {
  const words: Partial<Record<NodeJS.Signals, string>> = {
    SIGKILL: 'killed',
    SIGTERM: 'terminated',
    SIGSEGV: 'segmentation fault',
    SIGABRT: 'aborted',
  };
  return words[signal] ?? signal.toLowerCase();
}
