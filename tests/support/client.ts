/**
 * fetch for tests: reads the reply once and checks every body against Nova's schema for its
 * endpoint (200s), the fault shape (Nova errors) or emptiness (204s).
 */

import { assertGlanceResponse } from './glance-schemas.ts';
import {
  assertKeystoneError,
  assertNovaFault,
  assertNovaResponse,
  type SchemaEndpoint,
} from './nova-schemas.ts';

export interface NovaReply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

const ROUTES: readonly [string, RegExp, SchemaEndpoint | null][] = [
  ['GET', /\/images$/, 'images.list'],
  ['GET', /\/images\/detail$/, 'images.detail'],
  ['GET', /\/images\/[^/]+$/, 'images.show'],
  ['GET', /\/images\/[^/]+\/metadata$/, 'metadata.list'],
  ['POST', /\/images\/[^/]+\/metadata$/, 'metadata.create'],
  ['PUT', /\/images\/[^/]+\/metadata$/, 'metadata.replace'],
  ['GET', /\/images\/[^/]+\/metadata\/[^/]+$/, 'metadata.show'],
  ['PUT', /\/images\/[^/]+\/metadata\/[^/]+$/, 'metadata.set'],
];

/** The endpoint a test request is aimed at, judged from method and path alone. */
export function endpointOf(method: string, url: string): SchemaEndpoint | undefined {
  const path = new URL(url).pathname;
  if (!/\/v2(\.1)?\//.test(path)) return undefined;
  return (
    ROUTES.find(([routeMethod, pattern]) => routeMethod === method && pattern.test(path))?.[2] ?? undefined
  );
}

/**
 * Checks one reply: a 200 of an images endpoint against Nova's schema, a 204 for emptiness, a
 * JSON error against Nova's fault shape — or Keystone's, for Keystone and keystonemiddleware's 401.
 */
export function checkReply(method: string, url: string, reply: NovaReply): void {
  const contentType = reply.headers.get('content-type') ?? '';
  const glancePath = new URL(url).pathname;
  if (glancePath.startsWith('/image/') || glancePath === '/image') {
    assertGlanceResponse(method, glancePath, reply.status, contentType, reply.text);
    return;
  }
  const endpoint = endpointOf(method, url);
  if (reply.status === 200 && endpoint) assertNovaResponse(endpoint, reply.json);
  if (reply.status === 204 && reply.text !== '') throw new Error(`204 with a body: ${reply.text}`);
  if (reply.status < 400 || !contentType.startsWith('application/json') || reply.json === undefined) return;
  const path = new URL(url).pathname;
  if (path.startsWith('/identity') || reply.headers.has('www-authenticate')) {
    assertKeystoneError(reply.status, reply.json);
  } else if (contentType === 'application/json; charset=UTF-8') {
    assertNovaFault(reply.status, reply.json);
  }
}

export async function novaFetch(url: string, init: RequestInit = {}): Promise<NovaReply> {
  const response = await fetch(url, init);
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  const reply: NovaReply = {
    status: response.status,
    headers: response.headers,
    text,
    json: isJson && text !== '' ? JSON.parse(text) : undefined,
  };
  checkReply(init.method ?? 'GET', url, reply);
  return reply;
}

/**
 * A drop-in `fetch` for tests: the same Response (re-created from the text read), after
 * `checkReply` has validated it.
 */
export async function checkedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const reply = await novaFetch(url, init);
  const body = reply.status === 204 || reply.status === 304 ? null : reply.text;
  return new Response(body, { status: reply.status, headers: reply.headers });
}

/** JSON body helper: `novaFetch(url, jsonBody('POST', {...}))`. */
export function jsonBody(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}
