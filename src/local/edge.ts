// The local engine's one loopback endpoint: routes each AWS request to the service its signature or target names.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { requestScope, signedWithVersion2 } from './protocol/sigv4-scope.js';
import { errorProtocolOf } from './protocol/error-protocol.js';
import { AwsJsonError, jsonErrorReply } from './protocol/json.js';
import { queryErrorXml, sendQueryXml } from './protocol/query.js';
import type { ServiceHandler } from './protocol/service-handler.js';
import { listenOnLoopback } from './listen.js';
import { errorMessage } from '../core/errors.js';

export interface EdgeOptions {
  /** Port on 127.0.0.1. Default 0: a free one. */
  readonly port?: number;
  /** Largest request body accepted. Default 1 GiB. */
  readonly maxBodyBytes?: number;
}

export interface Edge {
  /** `http://127.0.0.1:<port>`: the endpoint to give SDK clients. */
  readonly url: string;
  readonly port: number;
  /** Routes requests for `service` (the SigV4 scope name, e.g. `s3`, `dynamodb`, `cloudformation`) to `handler`. */
  mount(service: string, handler: ServiceHandler): void;
  unmount(service: string): void;
  stop(): Promise<void>;
}

/** JSON-protocol target prefixes, for requests whose scope does not say (or that carry no signature). */
const targetServices: Readonly<Record<string, string>> = {
  DynamoDB_20120810: 'dynamodb',
  DynamoDB_20111205: 'dynamodb',
  Logs_20140328: 'logs',
};

export type RouteDecision = { readonly kind: 'service'; readonly service: string } | { readonly kind: 'anonymous' };

/** Pure routing rule: credential scope (header or presigned query) first, then a SigV2 signature (S3), then `X-Amz-Target`. */
export function routeRequest(headers: IncomingMessage['headers'], url: string): RouteDecision {
  const query = new URL(url, 'http://localhost').searchParams;
  const authorization = typeof headers.authorization === 'string' ? headers.authorization : undefined;
  const scope = requestScope(authorization, query);
  if (scope) return { kind: 'service', service: scope.service };
  // Signature version 2 names no service; S3 is the one that used it, and answers it with its own error.
  if (signedWithVersion2(authorization, query)) return { kind: 'service', service: 's3' };
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    const prefix = target.split('.')[0] ?? '';
    const service = targetServices[prefix];
    if (service) return { kind: 'service', service };
  }
  return { kind: 'anonymous' };
}

/** Writes an error in the shape the caller's protocol expects (see errorProtocolOf): JSON with its content type, or XML. */
export function sendEdgeError(request: IncomingMessage, response: ServerResponse, status: number, code: string, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const route = routeRequest(request.headers, request.url ?? '/');
  const protocol = errorProtocolOf(request.headers, route.kind === 'service' ? route.service : undefined);
  if (protocol.kind === 'json') {
    const reply = jsonErrorReply(new AwsJsonError(code, message, status), protocol.contentType);
    response.writeHead(reply.status, reply.headers);
    response.end(reply.body);
    return;
  }
  sendQueryXml(response, status, queryErrorXml(undefined, code, message));
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge(`request body over ${limit} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks, size)));
    request.on('error', reject);
  });
}

/** Starts the endpoint on 127.0.0.1 (default: a free port). Services are mounted afterwards. */
export async function startEdge(options: EdgeOptions = {}): Promise<Edge> {
  const handlers = new Map<string, ServiceHandler>();
  const maxBodyBytes = options.maxBodyBytes ?? 1024 ** 3;

  const server = createServer((request, response) => {
    void dispatch(request, response);
  });

  async function dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const route = routeRequest(request.headers, request.url ?? '/');
    if (route.kind === 'anonymous') {
      request.resume();
      sendEdgeError(
        request,
        response,
        403,
        'MissingAuthenticationToken',
        'Request is not signed; the local engine routes by the SigV4 credential scope or X-Amz-Target.',
      );
      return;
    }
    const handler = handlers.get(route.service);
    if (!handler) {
      request.resume();
      const mounted = [...handlers.keys()].sort().join(', ') || 'nothing yet';
      const message = `qrcard's local engine does not emulate ${route.service}; it serves ${mounted}.`;
      sendEdgeError(request, response, 400, 'UnknownService', message);
      return;
    }
    try {
      const body = await readBody(request, maxBodyBytes);
      await handler(request, body, response);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendEdgeError(request, response, 413, 'EntityTooLarge', error.message);
        return;
      }
      const message = errorMessage(error);
      sendEdgeError(request, response, 500, 'InternalFailure', `${route.service}: ${message}`);
    }
  }

  // Longer than the SDK's idle sockets live, so a client never reuses a socket the server is closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const port = await listenOnLoopback(server, options.port);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    mount(service, handler) {
      if (handlers.has(service)) throw new Error(`a handler for '${service}' is already mounted`);
      handlers.set(service, handler);
    },
    unmount(service) {
      handlers.delete(service);
    },
    stop() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
