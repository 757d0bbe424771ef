// The local stand-in for CloudFront and API Gateway: one HTTP server, one site URL. Paths go to
// the distribution's origins: the site bucket (through S3) or the HTTP API's Lambda integrations.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { errorMessage } from '../../core/errors.js';
import { LOCAL_ACCOUNT_ID } from '../account.js';
import type { InvokeResult } from '../functions/lambda-runner.js';
import { listenOnLoopback } from '../listen.js';
import type { AccessLogSink } from './access-log.js';
import type { ReadSiteObject } from './bucket-origin.js';
import type { SiteRegistry } from './site-registry.js';
import { readSiteRequest } from './site-request.js';
import { siteResponse, type SiteResponseOptions } from './site-response.js';

export type { SiteObject } from './bucket-origin.js';

export interface SiteServerOptions {
  readonly registry: SiteRegistry;
  readonly region: string;
  /** Default LOCAL_ACCOUNT_ID. */
  readonly accountId?: string;
  /** Runs a function synchronously (the Lambda runner's invoke). */
  readonly invoke: (functionArn: string, event: unknown) => Promise<InvokeResult>;
  /** Reads an object of the site bucket; undefined when it does not exist. */
  readonly readObject: ReadSiteObject;
  /** Where the HTTP APIs' access log lines go (the Logs service's append). */
  readonly accessLog?: AccessLogSink;
  /** Default 0: a free port on 127.0.0.1. */
  readonly port?: number;
}

export interface SiteServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startSiteServer(options: SiteServerOptions): Promise<SiteServer> {
  const responseOptions: SiteResponseOptions = {
    registry: options.registry,
    region: options.region,
    accountId: options.accountId ?? LOCAL_ACCOUNT_ID,
    invoke: options.invoke,
    readObject: options.readObject,
    accessLog: options.accessLog,
  };
  const server = createServer((request, response) => serve(request, response, responseOptions));
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

function serve(request: IncomingMessage, response: ServerResponse, options: SiteResponseOptions): void {
  readSiteRequest(request)
    .then((siteRequest) => siteResponse(siteRequest, options))
    .then(
      (result) => {
        response.writeHead(result.statusCode, { ...result.headers, 'content-length': String(result.body.length) });
        response.end(request.method === 'HEAD' ? undefined : result.body);
      },
      (error: unknown) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`local site server error: ${errorMessage(error)}\n`);
      },
    );
}
