// Log events as the handlers, Lambda and the access log write them, for the logs tests.
import type { LogEvent, LogSource } from '../../src/logs/log-line.js';

let nextId = 0;

export function logEvent(source: LogSource, timestamp: number, message: string, eventId = String((nextId += 1))): LogEvent {
  const logGroupName = source === 'api' ? '/aws/apigateway/app-dev/access' : `/aws/lambda/app-dev-${source}`;
  return { logGroupName, source, eventId, timestamp, message };
}

/** A Powertools line of `fn` with the keys the handlers append. */
export function handlerLine(
  source: Exclude<LogSource, 'api'>,
  timestamp: number,
  fields: {
    level?: string;
    message: string;
    user_id?: string;
    type?: string;
    correlation_id?: string;
    function_request_id?: string;
    error_message?: string;
  },
): LogEvent {
  return logEvent(source, timestamp, JSON.stringify({ level: 'INFO', service: 'qrcard', function: source, ...fields }));
}

export function accessLine(timestamp: number, requestId: string, status = 201, path = '/api/users'): LogEvent {
  const method = path === '/api/users' ? 'POST' : 'GET';
  return logEvent(
    'api',
    timestamp,
    JSON.stringify({ requestId, method, path, status: String(status), latencyMs: '12', integrationError: '-' }),
  );
}
