// The platform lines Lambda writes around each invocation (START / END / REPORT and failure lines).
import type { FunctionError } from './invoke-protocol.js';

export function startLine(requestId: string, version = '$LATEST'): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFields {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Present only on a cold start. */
  readonly initDurationMs?: number | undefined;
  /** `timeout` or `error` when the environment was lost; absent on success. */
  readonly status?: 'timeout' | 'error' | undefined;
}

export function reportLine(fields: ReportFields): string {
  const parts = [
    `REPORT RequestId: ${fields.requestId}`,
    `Duration: ${fields.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(fields.durationMs + (fields.initDurationMs ?? 0)))} ms`,
    `Memory Size: ${fields.memorySizeMb} MB`,
    `Max Memory Used: ${Math.round(fields.maxMemoryUsedMb)} MB`,
  ];
  if (fields.initDurationMs !== undefined) parts.push(`Init Duration: ${fields.initDurationMs.toFixed(2)} ms`);
  if (fields.status !== undefined) parts.push(`Status: ${fields.status}`);
  return `${parts.join('\t')}\t`;
}

export function timeoutMessage(timeoutSeconds: number): string {
  return `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}

/** The line the Node runtime logs when a handler rejects or throws. */
export function invokeErrorLine(requestId: string, error: FunctionError, at: Date): string {
  const body = { errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace ?? [] };
  return `${at.toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(body)}`;
}

/** Lambda's stream names: `YYYY/MM/DD/[$LATEST]` and 32 hex digits, one stream per execution environment. */
export function logStreamName(at: Date, hex32: string, version = '$LATEST'): string {
  const day = at.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${version}]${hex32}`;
}
