/**
 * CORS for the standalone server, so that a browser app on another origin can use it (Nova's own
 * pipeline starts with oslo's cors middleware too). Web APIs only.
 */
import type { AppRequest } from '../app-request.ts';

export interface CorsOptions {
  /** `*` (default: any origin, no credentials) or the allowed origins, e.g. `['http://localhost:5173']`. */
  origins?: '*' | string[];
  /** Send `Access-Control-Allow-Credentials: true` (only with a list of origins). Default false. */
  credentials?: boolean;
  /** How long browsers may cache a preflight. Default 600 s. */
  maxAgeSeconds?: number;
}

/** Request headers a browser app may send (plus whatever a preflight asks for). */
export const CORS_ALLOWED_HEADERS = [
  'Accept',
  'Content-Type',
  'X-Auth-Token',
  'X-Subject-Token',
  'OpenStack-API-Version',
  'X-OpenStack-Nova-API-Version',
  'X-OpenStack-Request-ID',
  'X-Mock-Error',
];

/** Response headers a browser app may read. */
export const CORS_EXPOSED_HEADERS = [
  'X-Subject-Token',
  'x-openstack-request-id',
  'x-compute-request-id',
  'OpenStack-API-Version',
  'X-OpenStack-Nova-API-Version',
  'Retry-After',
  'WWW-Authenticate',
  'Vary',
];

const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** The allowed value of `Access-Control-Allow-Origin` for this request, or undefined (no CORS). */
function allowedOrigin(request: AppRequest, cors: CorsOptions): string | undefined {
  const origin = request.headers.get('origin');
  // No Origin, no CORS request: oslo.middleware's cors filter in Nova's pipeline adds nothing then.
  if (origin === null) return undefined;
  const origins = cors.origins ?? '*';
  if (origins === '*') return '*';
  return origin !== null && origins.includes(origin) ? origin : undefined;
}

/** Headers to add to an ordinary response. */
export function corsHeaders(request: AppRequest, cors: CorsOptions): [string, string][] {
  const origin = allowedOrigin(request, cors);
  if (origin === undefined) return [];
  const headers: [string, string][] = [
    ['access-control-allow-origin', origin],
    ['access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', ')],
  ];
  if (origin !== '*') {
    headers.push(['vary', 'Origin']);
    if (cors.credentials) headers.push(['access-control-allow-credentials', 'true']);
  }
  return headers;
}

/** The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`), else undefined. */
export function preflightResponse(request: AppRequest, cors: CorsOptions): Response | undefined {
  if (request.method !== 'OPTIONS' || !request.headers.has('access-control-request-method')) return undefined;
  const origin = allowedOrigin(request, cors);
  if (origin === undefined) return new Response(null, { status: 403 });
  const requested = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const allowed = [...new Set([...CORS_ALLOWED_HEADERS, ...requested])];
  const headers = new Headers(corsHeaders(request, cors));
  headers.set('access-control-allow-methods', METHODS);
  headers.set('access-control-allow-headers', allowed.join(', '));
  headers.set('access-control-max-age', String(cors.maxAgeSeconds ?? 600));
  return new Response(null, { status: 204, headers });
}
