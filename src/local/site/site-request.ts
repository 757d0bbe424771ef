// A request to the site URL as the origins need it, read once from the incoming message, body and all.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export interface SiteRequest {
  readonly method: string;
  /** The URL path, still percent-encoded. */
  readonly path: string;
  /** The query string without its `?`; empty when there is none. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The caller's address as the socket reports it (an IPv4 caller may appear IPv6-mapped). */
  readonly remoteAddress: string | undefined;
}

export async function readSiteRequest(request: IncomingMessage): Promise<SiteRequest> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.search.slice(1),
    headers: request.headers,
    body: await readBody(request),
    remoteAddress: request.socket.remoteAddress,
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
