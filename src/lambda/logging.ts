// Structured JSON logs for the handlers: function, correlation id and record key; never phone or email.
import { Logger } from '@aws-lambda-powertools/logger';
import { FUNCTION_ENV } from '../core/function-environment.js';
import type { FunctionId } from '../core/naming.js';
import type { LambdaContext } from './events.js';

export interface RequestKeys {
  readonly correlation_id: string;
  readonly user_id?: string;
  readonly type?: string;
}

/** One logger per container; service name and level come from POWERTOOLS_SERVICE_NAME and LOG_LEVEL. */
export function createLogger(functionId: FunctionId): Logger {
  return new Logger({ serviceName: process.env[FUNCTION_ENV.serviceName] ?? 'qrcard', persistentKeys: { function: functionId } });
}

/** Starts an invocation's log context: clears the previous one's keys, adds Lambda's. */
export function beginInvocation(logger: Logger, context: LambdaContext, keys: RequestKeys): void {
  logger.resetKeys();
  logger.addContext(context);
  logger.appendKeys({ ...keys });
}

/** The parts of an error worth logging, with its cause's: no request payloads, which may carry personal data. */
export function errorFields(error: unknown): Record<string, string> {
  if (!(error instanceof Error)) return { error_message: String(error) };
  const { cause } = error;
  return {
    error_name: error.name,
    error_message: error.message,
    ...(cause instanceof Error ? { error_cause: `${cause.name}: ${cause.message}` } : {}),
  };
}
