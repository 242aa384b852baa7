/**
 * The app's request (a fetch `Request`, or its bodiless stand-in) from what node:http received,
 * carrying what Nova's server (eventlet) would see even where a Request cannot: the raw target and
 * Host (received.ts), methods fetch refuses, and methods node's parser refuses.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { AppRequest, RequestHeaders } from './app-request.ts';
import { originForm, type ReceivedBody, rememberReceived } from './received.ts';
import { plainHeaderLines, ReceivedHeaders } from './received-headers.ts';
import { plainHref } from './request-href.ts';

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

/**
 * Whether the URL parser reads the whole Host as the URL's host. Another Host (`a/b`, `a?b`,
 * `a@b`, empty) would put part of itself in the URL's path, query or credentials: the journal
 * would say `/b/v2.1/…`, and a Request refuses credentials. Nova's links still use it as sent.
 */
function parsesAsHost(host: string): boolean {
  try {
    const url = new URL(`http://${host}/`);
    return (
      url.host !== '' &&
      url.pathname === '/' &&
      url.search === '' &&
      url.hash === '' &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

/**
 * The headers as received, without the lines a fetch Headers refuses; and the Host header, its
 * lines joined by `,` as eventlet's environ joins a repeated header (measured on Nova 26.2.2:
 * `Host: a` and `Host: b` make links `http://a,b/…`; an empty line is kept, `http:///…`).
 */
function receivedHeaders(rawHeaders: readonly string[]): {
  headers: RequestHeaders;
  host: string | undefined;
} {
  let host: string | undefined;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if ((rawHeaders[index] as string).toLowerCase() !== 'host') continue;
    const value = (rawHeaders[index + 1] as string).trim();
    host = host === undefined ? value : `${host},${value}`;
  }
  if (plainHeaderLines(rawHeaders)) return { headers: new ReceivedHeaders(rawHeaders), host };
  const headers = new Headers();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    try {
      headers.append(rawHeaders[index] ?? '', rawHeaders[index + 1] ?? '');
    } catch {
      // A header value fetch refuses (a control character): Nova's server drops such lines too.
    }
  }
  return { headers, host };
}

/** The URL as a fetch Request parses it, refused (thrown) where a Request refuses it. */
function requestUrl(href: string): URL {
  const url = new URL(href);
  if (url.username !== '' || url.password !== '') throw new TypeError(`credentials in the URL ${href}`);
  return url;
}

/** Methods whose requests reach the app as a stand-in (a GET only without a body). */
const STAND_IN_METHODS = new Set(['GET', 'DELETE', 'POST', 'PUT']);

/**
 * The app's plain stand-in for a Request (app-request.ts): a class, so that making one is an
 * allocation, not an object literal with a getter (which V8 builds through the runtime).
 */
class StandIn implements AppRequest {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: RequestHeaders,
    readonly received: ReceivedBody | undefined,
  ) {}

  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.received?.stream() ?? null;
  }
}

/**
 * A request as received: a Request, or, for a GET without a body, a DELETE, a POST or a PUT, the
 * app's plain stand-in for the same Request (app-request.ts): the same URL, method, headers and
 * body, which the app reads without a web stream.
 */
function receivedRequest(
  method: string,
  rawTarget: string,
  rawHeaders: readonly string[],
  body: ReceivedBody | undefined,
  serverHost: string,
): AppRequest {
  const { headers, host } = receivedHeaders(rawHeaders);
  const target = originForm(rawTarget);
  // The URL only routes the request to the handlers; the app reads the target as received.
  const urlHost = host !== undefined && usableHost(host) ? host : serverHost;
  // A fetch Request refuses a GET's body: it travels beside the Request (received.ts).
  const isGet = method === 'GET';
  if (STAND_IN_METHODS.has(method) && !(isGet && body)) {
    const plain = plainHref(urlHost, target);
    const url = plain === undefined ? requestUrl(hrefOf(urlHost, target)) : undefined;
    const standIn = new StandIn(method, plain ?? (url as URL).href, headers, body);
    rememberReceived(standIn, { target, host, body, url });
    return standIn;
  }
  const request = new Request(hrefOf(urlHost, target), {
    method: unroutable(method) ? `${method}-unroutable` : method,
    headers: [...headers],
    body: isGet ? undefined : body?.stream(),
    duplex: 'half',
  } as RequestInit);
  rememberReceived(request, { target, host, ...(isGet && body ? { getBody: body.stream() } : {}) });
  return request;
}

/** The URL to parse: a `#` in the target is part of the path or query to Nova, not a fragment. */
function hrefOf(urlHost: string, target: string): string {
  return `http://${urlHost}${target.replace(/#/g, '%23')}`;
}

type BodyRead = Awaited<ReturnType<ReceivedBody['readUpTo']>>;

/**
 * node:http's body chunk by chunk as node hands them over, as a web stream of it would be read, up
 * to the limit. Its listeners are methods bound once per read, not closures: tsx names each
 * closure made, per request.
 */
class ChunkReader {
  readonly #chunks: Buffer[] = [];
  #counted = 0;
  readonly #onData = this.#data.bind(this);
  readonly #onEnd = this.#end.bind(this);
  readonly #onError = this.#error.bind(this);
  readonly #onClose = this.#close.bind(this);

  constructor(
    readonly incoming: IncomingMessage,
    readonly limit: number,
    readonly resolve: (read: BodyRead) => void,
    readonly reject: (error: Error) => void,
  ) {
    incoming.on('data', this.#onData);
    incoming.on('end', this.#onEnd);
    incoming.on('error', this.#onError);
    incoming.on('close', this.#onClose);
  }

  #stop(): void {
    this.incoming.off('data', this.#onData);
    this.incoming.off('end', this.#onEnd);
    this.incoming.off('error', this.#onError);
    this.incoming.off('close', this.#onClose);
  }

  #data(chunk: Buffer): void {
    this.#counted += chunk.byteLength;
    if (this.#counted <= this.limit) {
      this.#chunks.push(chunk);
      return;
    }
    this.#stop();
    this.incoming.pause();
    this.resolve({ over: true, counted: this.#counted });
  }

  #end(): void {
    this.#stop();
    const bytes = new Uint8Array(this.#counted);
    let offset = 0;
    for (const chunk of this.#chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    this.resolve({ over: false, bytes });
  }

  #error(error: Error): void {
    this.#stop();
    this.reject(error);
  }

  /** The client went away before the body ended. */
  #close(): void {
    this.#error(new Error('the body ended early'));
  }
}

/**
 * node:http's body as the app reads it: up to the limit, the rest left unread (request-body.ts).
 * A class, not closures: tsx names each closure made, per request.
 */
class IncomingBody implements ReceivedBody {
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;

  constructor(readonly incoming: IncomingMessage) {}

  stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    this.#stream ??= Readable.toWeb(this.incoming) as ReadableStream<Uint8Array<ArrayBuffer>>;
    return this.#stream;
  }

  readUpTo(limit: number): Promise<BodyRead> {
    return new Promise((resolve, reject) => new ChunkReader(this.incoming, limit, resolve, reject));
  }
}

/**
 * The request with its body, read by the app (mocks/request-body.ts) only up to the size limit:
 * the server never buffers a body itself.
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
    hasBody ? new IncomingBody(incoming) : undefined,
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
