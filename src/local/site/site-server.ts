// The local stand-in for CloudFront and API Gateway: one HTTP server, one site URL. Paths go to
// the distribution's origins: the site bucket (through S3) or the HTTP API's Lambda integrations.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT_ID } from '../account.js';
import type { InvokeResult } from '../functions/lambda-runner.js';
import { originTarget, policyHeaders, selectBehavior } from './cloudfront-rules.js';
import { isPreflight, preflightHeaders, responseCorsHeaders } from './http-api-cors.js';
import {
  buildHttpApiEvent,
  functionErrorResponse,
  jsonMessage,
  mapLambdaResult,
  newRequestId,
  type HttpResponseData,
} from './http-api-event.js';
import { selectRoute } from './http-api-routes.js';
import type { Distribution, HttpApi, SiteRegistry } from './site-registry.js';
import { listenOnLoopback } from '../listen.js';
import { errorMessage } from '../../core/errors.js';

export interface SiteObject {
  readonly body: Buffer;
  readonly contentType?: string | undefined;
  readonly etag?: string | undefined;
  readonly lastModified?: Date | undefined;
  readonly cacheControl?: string | undefined;
}

export interface SiteServerOptions {
  readonly registry: SiteRegistry;
  readonly region: string;
  /** Default LOCAL_ACCOUNT_ID. */
  readonly accountId?: string;
  /** Runs a function synchronously (the Lambda runner's invoke). */
  readonly invoke: (functionArn: string, event: unknown) => Promise<InvokeResult>;
  /** Reads an object of the site bucket; undefined when it does not exist. */
  readonly readObject: (bucket: string, key: string) => Promise<SiteObject | undefined>;
  /** Default 0: a free port on 127.0.0.1. */
  readonly port?: number;
}

export interface SiteServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** `arn:aws:apigateway:region:lambda:path/2015-03-31/functions/<arn>/invocations` or a plain ARN, to the function ARN. */
export function integrationFunctionArn(integrationUri: string): string {
  const wrapped = /:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(integrationUri);
  return wrapped?.[1] ?? integrationUri;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function singleHeaders(request: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) out[name] = Array.isArray(value) ? value.join(',') : value;
  return out;
}

export async function startSiteServer(options: SiteServerOptions): Promise<SiteServer> {
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;

  async function fromApi(api: HttpApi, path: string, query: string, request: IncomingMessage, body: Buffer): Promise<HttpResponseData> {
    const headers = singleHeaders(request);
    const method = request.method ?? 'GET';
    // A named stage is the first path segment and is not part of route matching; `$default` has none.
    let stage = '$default';
    let routePath = path;
    if (!api.stages.has('$default')) {
      const first = path.split('/')[1] ?? '';
      if (!api.stages.has(first)) return jsonMessage(404, 'Not Found');
      stage = first;
      routePath = path.slice(first.length + 1) || '/';
    }
    if (api.cors && isPreflight(method, headers)) {
      return { statusCode: 204, headers: preflightHeaders(api.cors, headers), body: Buffer.alloc(0) };
    }
    const match = selectRoute(api.routes.values(), method, routePath);
    const integrationId = match?.route.target?.replace(/^integrations\//, '');
    const integration = integrationId === undefined ? undefined : api.integrations.get(integrationId);
    if (match === undefined || integration === undefined) return jsonMessage(404, 'Not Found');
    const requestId = newRequestId();
    const event = buildHttpApiEvent(
      {
        method,
        rawPath: path,
        rawQueryString: query,
        headers: request.headers,
        body,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        receivedAt: new Date(),
      },
      {
        apiId: api.apiId,
        region: options.region,
        accountId,
        stage,
        routeKey: match.routeKey,
        pathParameters: match.pathParameters,
        stageVariables: api.stages.get(stage)?.stageVariables,
        requestId,
      },
    );
    let response: HttpResponseData;
    try {
      const result = await options.invoke(integrationFunctionArn(integration.integrationUri), event);
      response = result.ok ? mapLambdaResult(result.payload) : functionErrorResponse();
    } catch {
      response = functionErrorResponse();
    }
    const cors = api.cors ? responseCorsHeaders(api.cors, headers['origin']) : {};
    return { ...response, headers: { ...response.headers, ...cors, 'apigw-requestid': requestId } };
  }

  async function fromBucket(distribution: Distribution, bucket: string, key: string, method: string): Promise<HttpResponseData> {
    if (method !== 'GET' && method !== 'HEAD')
      return {
        statusCode: 403,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from('This distribution is not configured to allow the HTTP request method that was used for this request.'),
      };
    const object = key === '' ? undefined : await options.readObject(bucket, key);
    if (object) {
      const headers: Record<string, string> = { 'content-type': object.contentType ?? 'binary/octet-stream' };
      if (object.etag) headers['etag'] = object.etag;
      if (object.lastModified) headers['last-modified'] = object.lastModified.toUTCString();
      if (object.cacheControl) headers['cache-control'] = object.cacheControl;
      return { statusCode: 200, headers, body: object.body };
    }
    const custom = distribution.customErrorResponses.find((entry) => entry.errorCode === 404);
    if (custom?.responsePagePath) {
      const page = await options.readObject(bucket, custom.responsePagePath.replace(/^\//, ''));
      if (page)
        return { statusCode: custom.responseCode ?? 404, headers: { 'content-type': page.contentType ?? 'text/html' }, body: page.body };
    }
    return {
      statusCode: 404,
      headers: { 'content-type': 'application/xml' },
      body: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key.replace(/[<>&]/g, '')}</Key></Error>`,
      ),
    };
  }

  async function handle(request: IncomingMessage): Promise<HttpResponseData> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = await readBody(request);
    const distribution = options.registry.currentDistribution();
    if (distribution === undefined) {
      return {
        statusCode: 503,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from('No CloudFront distribution is deployed on this local engine yet.\n'),
      };
    }
    const path = url.pathname;
    const behavior = selectBehavior(distribution, path);
    const origin = distribution.origins.find((candidate) => candidate.id === behavior.targetOriginId);
    const target = origin === undefined ? undefined : originTarget(origin);
    let response: HttpResponseData;
    if (target?.kind === 'bucket') {
      const objectPath = path === '/' && distribution.defaultRootObject ? `/${distribution.defaultRootObject}` : path;
      const key = `${target.originPath}${objectPath}`.replace(/^\/+/, '');
      response = await fromBucket(distribution, target.bucket, decodeURIComponent(key), request.method ?? 'GET');
    } else if (target?.kind === 'http-api') {
      const api = options.registry.apis.get(target.apiId);
      response =
        api === undefined
          ? jsonMessage(404, 'Not Found')
          : await fromApi(api, `${target.originPath}${path}`, url.search.replace(/^\?/, ''), request, body);
    } else {
      response = {
        statusCode: 502,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from(`The local engine cannot reach origin ${origin?.domainName ?? behavior.targetOriginId}.\n`),
      };
    }
    const policy =
      behavior.responseHeadersPolicyId === undefined
        ? undefined
        : options.registry.responseHeadersPolicies.get(behavior.responseHeadersPolicyId);
    if (policy) {
      for (const header of policyHeaders(policy)) {
        if (header.override || response.headers[header.name] === undefined) response.headers[header.name] = header.value;
      }
    }
    response.headers['x-cache'] = 'Miss from cloudfront';
    return response;
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    handle(request).then(
      (result) => {
        response.writeHead(result.statusCode, { ...result.headers, 'content-length': String(result.body.length) });
        response.end(request.method === 'HEAD' ? undefined : result.body);
      },
      (error: unknown) => {
        const message = errorMessage(error);
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`local site server error: ${message}\n`);
      },
    );
  });
  const port = await listenOnLoopback(server, options.port);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
