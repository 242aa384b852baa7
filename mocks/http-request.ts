/**
 * The app's request (a fetch `Request`, or its bodiless stand-in) from what node:http received,
 * carrying what Nova's server (eventlet) would see even where a Request cannot: the raw target and
 * Host (received.ts), methods fetch refuses, and methods node's parser refuses.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { AppRequest } from './app-request.ts';
import { originForm, rememberReceived } from './received.ts';

/**
 * Methods a fetch Request will not carry. Nova has no route for them, so they answer as any
 * unknown method does (measured: tests/conformance, methods `TRACE`); the Request carries a
 * stand-in token that no route matches either.
 */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
/**
 * Methods a fetch Request upper-cases whatever their spelling. Nova matches methods as sent, so
 * `get` is an unknown method there (measured on Nova 26.2.2: 404, tests/hostile/requests.json
 * "lower-case method"); the Request must not turn it into `GET`.
 */
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

function unroutable(method: string): boolean {
  const upper = method.toUpperCase();
  return FORBIDDEN_METHODS.has(upper) || (method !== upper && NORMALISED_METHODS.has(upper));
}

/** The Host header last seen, and whether it is usable: clients send the same one every time. */
let lastHost: { host: string; usable: boolean } | undefined;

function usableHost(host: string): boolean {
  if (lastHost?.host !== host) lastHost = { host, usable: parsesAsHost(host) };
  return lastHost.usable;
}

function parsesAsHost(host: string): boolean {
  try {
    return new URL(`http://${host}/`).host !== '';
  } catch {
    return false;
  }
}

/** The headers as received, without the lines a fetch Headers refuses; and the Host header. */
function receivedHeaders(rawHeaders: readonly string[]): { headers: Headers; host: string | undefined } {
  const headers = new Headers();
  let host: string | undefined;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] ?? '';
    const value = rawHeaders[index + 1] ?? '';
    if (name.toLowerCase() === 'host') host = value.trim() || undefined;
    try {
      headers.append(name, value);
    } catch {
      // A header value fetch refuses (a control character): Nova's server drops such lines too.
    }
  }
  return { headers, host };
}

/** The URL as a fetch Request serializes it, refused (thrown) where a Request refuses it. */
function requestUrl(href: string): string {
  const url = new URL(href);
  if (url.username !== '' || url.password !== '') throw new TypeError(`credentials in the URL ${href}`);
  return url.href;
}

/**
 * A request as received: a Request, or, for a GET or DELETE without a body, the app's plain
 * stand-in for the same Request (app-request.ts): the same URL, method and headers.
 */
function receivedRequest(
  method: string,
  rawTarget: string,
  rawHeaders: readonly string[],
  body: ReadableStream<Uint8Array> | undefined,
  serverHost: string,
): AppRequest {
  const { headers, host } = receivedHeaders(rawHeaders);
  const target = originForm(rawTarget);
  // The URL only routes the request to the handlers; the app reads the target as received.
  const urlHost = host !== undefined && usableHost(host) ? host : serverHost;
  const href = `http://${urlHost}${target.replace(/#/g, '%23')}`;
  // A fetch Request refuses a GET's body: it travels beside the Request (received.ts).
  const isGet = method === 'GET';
  const request: AppRequest =
    body === undefined && (isGet || method === 'DELETE')
      ? { method, url: requestUrl(href), headers, body: null }
      : new Request(href, {
          method: unroutable(method) ? `${method}-unroutable` : method,
          headers,
          body: isGet ? undefined : body,
          duplex: 'half',
        } as RequestInit);
  rememberReceived(request, { target, host, ...(isGet && body ? { getBody: body } : {}) });
  return request;
}

/**
 * The request with its body as a stream, read by the app (mocks/request-body.ts) only up to the
 * size limit: the server never buffers a body itself.
 */
export function requestFromIncoming(incoming: IncomingMessage, serverHost: string): AppRequest {
  // A HEAD's body is never read (no route answers HEAD); a GET's only when it declares a length.
  const hasBody =
    incoming.method === 'GET'
      ? Number(incoming.headers['content-length'] ?? 0) > 0
      : incoming.method !== 'HEAD';
  return receivedRequest(
    incoming.method ?? 'GET',
    incoming.url ?? '/',
    incoming.rawHeaders,
    hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined,
    serverHost,
  );
}

/**
 * node's parser refuses methods it does not know (`FOO /v2.1/images`, HPE_INVALID_METHOD); Nova
 * routes them like any other (404 below a mount, the version documents above). The head of such a
 * request, from the bytes the parser gave up on; undefined when they are no request head.
 */
export function requestFromUnparsed(packet: Buffer, serverHost: string): AppRequest | undefined {
  const text = packet.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [requestLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/1\.[01]$/.exec(requestLine);
  if (!match) return undefined;
  const rawHeaders: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) rawHeaders.push(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  try {
    return receivedRequest(match[1] ?? '', match[2] ?? '/', rawHeaders, undefined, serverHost);
  } catch {
    return undefined;
  }
}
