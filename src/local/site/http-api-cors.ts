// CORS as an HTTP API's CorsConfiguration applies it: preflight answers and headers on responses (pure).
import type { CorsConfiguration } from './site-registry.js';

function allowedOrigin(cors: CorsConfiguration, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  const origins = cors.allowOrigins ?? [];
  if (origins.includes('*')) return cors.allowCredentials ? origin : '*';
  return origins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
}

/** True for a browser preflight: OPTIONS with Origin and Access-Control-Request-Method. */
export function isPreflight(method: string, headers: Readonly<Record<string, string | undefined>>): boolean {
  return method.toUpperCase() === 'OPTIONS' && headers['origin'] !== undefined && headers['access-control-request-method'] !== undefined;
}

/** Headers of the 204 API Gateway sends for a preflight, without invoking any function. */
export function preflightHeaders(cors: CorsConfiguration, headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const origin = allowedOrigin(cors, headers['origin']);
  if (origin === undefined) return {};
  const out: Record<string, string> = { 'access-control-allow-origin': origin };
  if (cors.allowMethods?.length) out['access-control-allow-methods'] = cors.allowMethods.join(',');
  if (cors.allowHeaders?.length) {
    out['access-control-allow-headers'] = cors.allowHeaders.includes('*')
      ? (headers['access-control-request-headers'] ?? '*')
      : cors.allowHeaders.join(',');
  }
  if (cors.maxAge !== undefined) out['access-control-max-age'] = String(cors.maxAge);
  if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  return out;
}

/** CORS headers API Gateway puts on an actual response; they replace the function's own. */
export function responseCorsHeaders(cors: CorsConfiguration, origin: string | undefined): Record<string, string> {
  const allowed = allowedOrigin(cors, origin);
  if (allowed === undefined) return {};
  const out: Record<string, string> = { 'access-control-allow-origin': allowed };
  if (cors.exposeHeaders?.length) out['access-control-expose-headers'] = cors.exposeHeaders.join(',');
  if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  if (allowed !== '*') out['vary'] = 'Origin';
  return out;
}
