// The one error type of qrcard: a code to match on, who is at fault, and what to do about it.

export type ErrorSource = 'user' | 'internal';

/** Process exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  partial: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface QrcardErrorOptions {
  /** `user` errors print one line and a hint; `internal` ones a stack with --verbose. Default `user`. */
  readonly source?: ErrorSource;
  /** One line telling the reader what to do next. */
  readonly hint?: string;
  /** Extra lines printed under the message, e.g. one per invalid field. */
  readonly details?: readonly string[];
  /** Default: 2 for code `usage`/`config-invalid`, else 1. */
  readonly exitCode?: ExitCode;
  readonly cause?: unknown;
}

const usageCodes = new Set(['usage', 'config-invalid']);

export class QrcardError extends Error {
  readonly code: string;
  readonly source: ErrorSource;
  readonly hint: string | undefined;
  readonly details: readonly string[];
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, options: QrcardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QrcardError';
    this.code = code;
    this.source = options.source ?? 'user';
    this.hint = options.hint;
    this.details = options.details ?? [];
    this.exitCode = options.exitCode ?? (usageCodes.has(code) ? ExitCode.usage : ExitCode.failed);
  }
}

/** A mistake in how qrcard was called or configured. */
export function userError(code: string, message: string, options: Omit<QrcardErrorOptions, 'source'> = {}): QrcardError {
  return new QrcardError(code, message, { ...options, source: 'user' });
}

/** The message of anything thrown: an Error's own, else its text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The `code` of a system error (`ENOENT`, `EEXIST`, ...), or undefined for anything else. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Wraps anything thrown into a QrcardError; unknown errors are internal. */
export function toQrcardError(error: unknown): QrcardError {
  if (error instanceof QrcardError) return error;
  return new QrcardError('internal', errorMessage(error), { source: 'internal', cause: error });
}
