// What API Gateway answers for an HTTP API origin: the stage from the path, CORS preflights, then the
// matching route's Lambda integration called with a payload format 2.0 event.
import {
  buildHttpApiEvent,
  functionErrorResponse,
  jsonMessage,
  mapLambdaResult,
  newRequestId,
  type HttpResponseData,
} from './http-api-event.js';
import { isPreflight, preflightHeaders, responseCorsHeaders } from './http-api-cors.js';
import { selectRoute } from './http-api-routes.js';
import { writeAccessLog, type AccessLogSink } from './access-log.js';
import type { InvokeResult } from '../functions/lambda-runner.js';
import type { HttpApi, HttpApiIntegration } from './site-registry.js';
import type { SiteRequest } from './site-request.js';

export interface HttpApiOriginOptions {
  readonly region: string;
  readonly accountId: string;
  /** Runs a function synchronously (the Lambda runner's invoke). */
  readonly invoke: (functionArn: string, event: unknown) => Promise<InvokeResult>;
  /** Where the stages' access log lines go; without it none are written. */
  readonly accessLog?: AccessLogSink | undefined;
}

/** `arn:aws:apigateway:region:lambda:path/2015-03-31/functions/<arn>/invocations` or a plain ARN, to the function ARN. */
export function integrationFunctionArn(integrationUri: string): string {
  const wrapped = /:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(integrationUri);
  return wrapped?.[1] ?? integrationUri;
}

/** Answers `request` for the API; `path` is the request path with the origin path in front. */
export async function answerFromApi(
  api: HttpApi,
  path: string,
  request: SiteRequest,
  options: HttpApiOriginOptions,
): Promise<HttpResponseData> {
  const headers = singleHeaders(request.headers);
  const staged = stageOf(api, path);
  if (staged === undefined) return jsonMessage(404, 'Not Found');
  if (api.cors && isPreflight(request.method, headers)) {
    return { statusCode: 204, headers: preflightHeaders(api.cors, headers), body: Buffer.alloc(0) };
  }
  const receivedAt = new Date();
  const requestId = newRequestId();
  const sourceIp = request.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
  const match = selectRoute(api.routes.values(), request.method, staged.routePath);
  const integration = integrationOf(api, match?.route.target);
  const logged = (response: HttpResponseData, integrated?: Integrated): HttpResponseData => {
    writeAccessLog(
      api.stages.get(staged.stage)?.accessLog,
      {
        apiId: api.apiId,
        stage: staged.stage,
        requestId,
        receivedAt,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
        method: request.method,
        path,
        protocol: 'HTTP/1.1',
        routeKey: match?.routeKey ?? '-',
        status: response.statusCode,
        responseLength: response.body.length,
        latencyMs: Date.now() - receivedAt.getTime(),
        ...(integrated ? { integration: { ...integrated, status: response.statusCode } } : {}),
      },
      options.accessLog,
    );
    return response;
  };
  if (match === undefined || integration === undefined) return logged(jsonMessage(404, 'Not Found'));
  const event = buildHttpApiEvent(
    {
      method: request.method,
      rawPath: path,
      rawQueryString: request.query,
      headers: request.headers,
      body: request.body,
      sourceIp,
      receivedAt,
    },
    {
      apiId: api.apiId,
      region: options.region,
      accountId: options.accountId,
      stage: staged.stage,
      routeKey: match.routeKey,
      pathParameters: match.pathParameters,
      stageVariables: api.stages.get(staged.stage)?.stageVariables,
      requestId,
    },
  );
  const invokedAt = Date.now();
  const { response, errorMessage } = await integrationResponse(options.invoke, integration, event);
  const cors = api.cors ? responseCorsHeaders(api.cors, headers['origin']) : {};
  return logged(
    { ...response, headers: { ...response.headers, ...cors, 'apigw-requestid': requestId } },
    { latencyMs: Date.now() - invokedAt, errorMessage },
  );
}

/** The integration's part of an access log line. */
interface Integrated {
  readonly latencyMs: number;
  readonly errorMessage: string | undefined;
}

/** The stage a path addresses and the rest of the path, which routes match; undefined for an unknown stage. */
function stageOf(api: HttpApi, path: string): { stage: string; routePath: string } | undefined {
  // A named stage is the first path segment and is not part of route matching; `$default` has none.
  if (api.stages.has('$default')) return { stage: '$default', routePath: path };
  const first = path.split('/')[1] ?? '';
  if (!api.stages.has(first)) return undefined;
  return { stage: first, routePath: path.slice(first.length + 1) || '/' };
}

/** The integration a route target (`integrations/<id>`) names. */
function integrationOf(api: HttpApi, target: string | undefined): HttpApiIntegration | undefined {
  const integrationId = target?.replace(/^integrations\//, '');
  return integrationId === undefined ? undefined : api.integrations.get(integrationId);
}

async function integrationResponse(
  invoke: HttpApiOriginOptions['invoke'],
  integration: HttpApiIntegration,
  event: unknown,
): Promise<{ response: HttpResponseData; errorMessage: string | undefined }> {
  try {
    const result = await invoke(integrationFunctionArn(integration.integrationUri), event);
    if (result.ok) return { response: mapLambdaResult(result.payload), errorMessage: undefined };
    return { response: functionErrorResponse(), errorMessage: 'The Lambda function returned an error.' };
  } catch {
    return { response: functionErrorResponse(), errorMessage: 'The Lambda function could not be invoked.' };
  }
}

function singleHeaders(headers: SiteRequest['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value.join(',') : value;
  return out;
}
