/**
 * What the standalone server received, where a fetch `Request` cannot say it: the request target
 * byte for byte and the Host header as sent. A WHATWG URL cuts `#...` off as a fragment, resolves
 * `.` and `..` segments and refuses hosts such as `bad host`; Nova's server (eventlet) does none
 * of that: `DELETE .../metadata/kernel_id#x` names the key `kernel_id#x`, `/v2.1/images/x/../<id>`
 * matches no route, and links are built from the Host header as it came (measured:
 * tests/conformance, methods "a fragment in the path", "dot segments", "request targets and hosts").
 */

export interface Received {
  /** The request target, origin-form (an absolute-form target is reduced to its path and query). */
  target: string;
  /** The Host header, when one was sent (repeated lines joined by `,`, as eventlet does). */
  host: string | undefined;
  /**
   * The body of a GET, which a fetch Request cannot carry. Nova's WebOb reads any body with a
   * Content-Length, whatever the method (a GET's that is no UTF-8 is a 500, §4.4).
   */
  getBody?: ReadableStream<Uint8Array>;
  /** The body of the standalone server's stand-in for a Request (app-request.ts), read without a web stream. */
  body?: ReceivedBody;
  /**
   * The request's `url` as the server parsed it for the stand-in, so that it is parsed once;
   * absent when the server wrote it without parsing (request-href.ts), and then parsed if asked.
   */
  url?: URL;
}

/** A body as the standalone server reads it for the app (http-request.ts). */
export interface ReceivedBody {
  /** As request-body.ts `readUpTo`: the bytes to the end, or the count at the cut once more than `limit` came. */
  readUpTo(
    limit: number,
  ): Promise<{ over: false; bytes: Uint8Array<ArrayBuffer> } | { over: true; counted: number }>;
  /** The same body as a web stream (made once, on the first call), for a Request. */
  stream(): ReadableStream<Uint8Array<ArrayBuffer>>;
}

/** How Nova sees a request's address. */
export interface Address {
  /** The path, not normalised. */
  path: string;
  /** The query string without `?`; a `#` stays part of it. */
  search: string;
  /** `http://<host>` */
  origin: string;
  /** origin + path + `?` + query, as Nova's `request.url`. */
  href: string;
}

/**
 * Kept on the request itself, under a key no one else has, not in a WeakMap: a young garbage
 * collection keeps a WeakMap's values alive whether or not their keys are, so every request's
 * body, socket message and URL outlived two of them and filled the old generation (about 1.5 KB a
 * request, a full collection every few seconds under load). Only the server's own objects (its
 * stand-ins and the Requests it makes) get one.
 */
const RECEIVED = Symbol('received');

type Carrier = { [RECEIVED]?: Received };

/** What the server received, kept beside its request (a Request or the app's stand-in for one). */
export function rememberReceived(request: object, value: Received): void {
  (request as Carrier)[RECEIVED] = value;
}

export function receivedOf(request: object): Received | undefined {
  return (request as Carrier)[RECEIVED];
}

/** The request's `url` parsed: by the standalone server once for all who read it, else here. */
export function parsedUrl(request: Pick<Request, 'url'>): URL {
  return receivedOf(request)?.url ?? new URL(request.url);
}

/** The address as received by the standalone server, else as the Request's URL has it. */
export function addressOf(request: Pick<Request, 'url'>): Address {
  const raw = receivedOf(request);
  if (raw === undefined) {
    const url = new URL(request.url);
    return { path: url.pathname, search: url.search.slice(1), origin: url.origin, href: request.url };
  }
  const question = raw.target.indexOf('?');
  const path = question < 0 ? raw.target : raw.target.slice(0, question);
  const search = question < 0 ? '' : raw.target.slice(question + 1);
  const origin = raw.host === undefined ? parsedUrl(request).origin : hostUrl(raw.host);
  return { path, search, origin, href: `${origin}${raw.target}` };
}

/**
 * webob/request.py `host_url` (WebOb 1.8.6) from a Host header: the text after its last `:` is
 * the port, unless the Host ends in `]`; a port `80` or an empty one is left out (`a:80` makes
 * `http://a`, `[::1]:80` makes `http://[::1]`); anything else is kept as sent.
 */
function hostUrl(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon === -1 || host.endsWith(']')) return `http://${host}`;
  const port = host.slice(colon + 1);
  return port === '' || port === '80' ? `http://${host.slice(0, colon)}` : `http://${host}`;
}

/**
 * `http://host/path?q` → `/path?q`; an origin-form target as it is. paste/urlmap.py
 * `normalize_url`, as Nova's URLMap runs it on the path: only `http://` and `https://` as written
 * (urlMapTakes), the domain up to the first `/`; none leaves the path empty (`http://x?q` → `?q`).
 */
export function originForm(target: string): string {
  const absolute = /^https?:\/\/[^/?]*/.exec(target);
  return absolute === null ? target : target.slice(absolute[0].length);
}

/**
 * Whether Nova's URLMap takes the target: paste/urlmap.py `normalize_url` asserts a path that
 * starts with `/`, `http://` or `https://`, and its AssertionError reaches eventlet, a bare 500
 * (measured on Nova 26.2.2: `*`, `ftp://x/…`, `HTTP://x/…`, `http:/v2.1/…`).
 */
export function urlMapTakes(target: string): boolean {
  return target.startsWith('/') || target.startsWith('http://') || target.startsWith('https://');
}

/** The body of a GET as received by the standalone server, if it had one. */
export function receivedGetBody(request: object): ReadableStream<Uint8Array> | undefined {
  return receivedOf(request)?.getBody;
}

/** The body of the standalone server's stand-in for a Request, if it is one with a body. */
export function receivedBody(request: object): ReceivedBody | undefined {
  return receivedOf(request)?.body;
}
