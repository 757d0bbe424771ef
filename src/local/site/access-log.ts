// The HTTP API's access log: one line per request that reaches a stage with AccessLogSettings, in the
// stage's Format, with the $context variables API Gateway fills (the rest become "-", as there).
import { requestTime } from './http-api-event.js';

export interface AccessLogSettings {
  /** The log group's ARN, with or without the trailing ":*". */
  readonly destinationArn: string;
  readonly format: string;
}

/** What API Gateway knows of one request once it has answered it. */
export interface AccessLogRequest {
  readonly apiId: string;
  readonly stage: string;
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly method: string;
  readonly path: string;
  readonly protocol: string;
  /** `-` when no route matched. */
  readonly routeKey: string;
  readonly status: number;
  readonly responseLength: number;
  readonly latencyMs: number;
  readonly integration?: {
    readonly latencyMs: number;
    readonly status: number;
    readonly errorMessage?: string | undefined;
  };
}

/** Where access log lines go: the Logs service's in-process append. */
export type AccessLogSink = (
  logGroupName: string,
  logStreamName: string,
  events: ReadonlyArray<{ timestamp: number; message: string }>,
) => Promise<void>;

/** `arn:aws:logs:region:account:log-group:NAME[:*]` to NAME; undefined for anything else. */
export function accessLogGroupName(destinationArn: string): string | undefined {
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(destinationArn);
  return match?.[1];
}

/** The `$context.` variables this engine knows for `request`, by name without the prefix. */
export function contextVariables(request: AccessLogRequest): Record<string, string> {
  const integration = request.integration;
  return {
    requestId: request.requestId,
    extendedRequestId: request.requestId,
    apiId: request.apiId,
    stage: request.stage,
    requestTime: requestTime(request.receivedAt),
    requestTimeEpoch: String(Math.floor(request.receivedAt.getTime() / 1000)),
    'identity.sourceIp': request.sourceIp,
    'identity.userAgent': request.userAgent,
    httpMethod: request.method.toUpperCase(),
    path: request.path,
    protocol: request.protocol,
    routeKey: request.routeKey,
    status: String(request.status),
    responseLength: String(request.responseLength),
    responseLatency: String(request.latencyMs),
    domainName: `${request.apiId}.execute-api.amazonaws.com`,
    ...(integration
      ? {
          integrationLatency: String(integration.latencyMs),
          integrationStatus: String(integration.status),
          'integration.latency': String(integration.latencyMs),
          'integration.status': String(integration.status),
          ...(integration.errorMessage === undefined
            ? {}
            : { integrationErrorMessage: integration.errorMessage, 'integration.error': integration.errorMessage }),
        }
      : {}),
  };
}

/** `format` with each `$context.name` replaced by its value (escaped for a JSON string), or "-" when unknown. */
export function accessLogLine(format: string, variables: Readonly<Record<string, string>>): string {
  return format.replace(/\$context\.([A-Za-z0-9_.]*[A-Za-z0-9_])/g, (_whole, name: string) => {
    const value = variables[name];
    return value === undefined || value === '' ? '-' : JSON.stringify(value).slice(1, -1);
  });
}

/** Writes the request's line to the stage's access log group; a lost line never fails the request. */
export function writeAccessLog(settings: AccessLogSettings | undefined, request: AccessLogRequest, sink: AccessLogSink | undefined): void {
  const group = settings === undefined ? undefined : accessLogGroupName(settings.destinationArn);
  if (settings === undefined || group === undefined || sink === undefined) return;
  const message = accessLogLine(settings.format, contextVariables(request));
  sink(group, `${request.apiId}_${request.stage}`, [{ timestamp: request.receivedAt.getTime(), message }]).catch(() => undefined);
}
