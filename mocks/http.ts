/**
 * The standalone runtime: node:http in front of the app (mocks/app.ts), the one the MSW handlers
 * of the in-process runtimes adapt, so a client in any language talks to exactly what they serve.
 * No msw on this path, and, for Nova's successes, no fetch Request or Response either: the app is
 * called directly with a stand-in for the Request (http-request.ts) and its answer written as it
 * is, the same bytes a Response of it would give.
 */

import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type AppRequest, fetchRequest } from './app-request.ts';
import { type CorsOptions, corsHeaders, preflightResponse } from './control/cors.ts';
import { ownerGuard } from './control/owner-guard.ts';
import {
  answerBytes,
  MAX_HEADER_LINES,
  MAX_REQUEST_LINE,
  NO_PATH_ANSWER,
  REQUEST_LINE_TOO_LONG_ANSWER,
  requestLineLength,
  type ServerAnswer,
  TOO_MANY_HEADERS_ANSWER,
} from './eventlet-answers.ts';
import { requestFromIncoming, requestFromUnparsed } from './http-request.ts';
import { closeLingering, lingerOnClose } from './lingering-close.ts';
import { type HeaderList, headerListLines } from './nova/header-list.ts';
import { isPageBytes, releasePageBytes } from './nova/page-buffers.ts';
import {
  answerResponse,
  bodyBytes,
  faultResponse,
  isStreamedBody,
  type NovaAnswer,
  requestIdHeaders,
  unexpectedFault,
} from './nova/responses.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from './options.ts';
import { pythonRequestLineError } from './python-http.ts';
import { REASON_PHRASES } from './reason-phrases.ts';
import { urlMapTakes } from './received.ts';

/** A fetch-style handler: the app's `fetch`, or anything that answers like it. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/**
 * The app itself (mocks/app.ts), which the server calls directly: it takes the server's bodiless
 * stand-in for a Request, and its Nova successes are written without a Response made of them.
 */
export interface AnsweringApp {
  answer(request: AppRequest): Promise<Response | NovaAnswer>;
}

/** What a server serves. */
export type Served = FetchHandler | AnsweringApp;

export interface ListenOptions {
  /** Default `DEFAULT_HOST`, 127.0.0.1. */
  host?: string;
  /** Default `DEFAULT_PORT`, 8774; 0 picks a free port. */
  port?: number;
  /** CORS for browser apps on other origins; default any origin (`*`) without credentials; `false`: none. */
  cors?: CorsOptions | false;
  /**
   * Host names, besides IP addresses and `localhost`, under which the control plane and Keystone
   * accept state-changing calls (DNS rebinding protection, mocks/control/owner-guard.ts); `'*'`: any.
   */
  allowedHosts?: string[] | '*';
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8774` */
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/** One flat list of raw header lines. */
function headerLines(headers: Headers | HeaderList, extra: [string, string][] = []): string[] {
  let raw: string[];
  if (headers instanceof Headers) {
    raw = [];
    for (const [name, value] of headers) pushLine(raw, name, value);
  } else {
    // A plain list goes out as the Headers made from it would (header-list.ts).
    raw = headerListLines(headers);
  }
  for (const [name, value] of extra) pushLine(raw, name, value);
  return raw;
}

function pushLine(raw: string[], name: string, value: string): void {
  // §5.2: Nova sends `Vary` as separate header lines; Headers joined them.
  if (name === 'vary') for (const part of value.split(/,\s*/)) raw.push(name, part);
  else raw.push(name, value);
}

/** The whole answer as bytes, for a socket node's parser gave up on. */
async function rawAnswer(response: Response): Promise<Buffer> {
  const body = Buffer.from(await response.arrayBuffer());
  const raw = headerLines(response.headers);
  let head = `HTTP/1.1 ${response.status} ${reasonOf(response)}\r\n`;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    if (raw[index] !== 'content-length') head += `${raw[index]}: ${raw[index + 1]}\r\n`;
  }
  head += `content-length: ${body.byteLength}\r\nconnection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

function reasonOf(response: Response | NovaAnswer): string {
  const statusText = response instanceof Response ? response.statusText : '';
  return statusText || REASON_PHRASES[response.status] || STATUS_CODES[response.status] || '';
}

/**
 * Ends the answer with the mock's own bytes. Once written (handed to the socket) a page's buffer is
 * read by no one else and serves the next page; other bytes need no callback (each one is a
 * listener added and removed).
 */
function endWith(outgoing: ServerResponse, bytes: Uint8Array): void {
  if (isPageBytes(bytes)) outgoing.end(bytes, () => releasePageBytes(bytes));
  else outgoing.end(bytes);
}

async function writeResponse(
  outgoing: ServerResponse,
  response: Response,
  extra: [string, string][] = [],
): Promise<void> {
  const raw = headerLines(response.headers, extra);
  // The mock's own bytes are written at once, with the head, as node:http would: reading them
  // back out of the Response's stream costs more than the request.
  const bytes = bodyBytes(response);
  if (bytes !== undefined) {
    outgoing.writeHead(response.status, reasonOf(response), raw);
    endWith(outgoing, bytes);
    return;
  }
  // A body whose length is declared, or that is streamed on purpose (a long list), is passed on as
  // it comes, at the pace the client reads it; any other is measured first.
  if (response.body !== null && (response.headers.has('content-length') || isStreamedBody(response))) {
    outgoing.writeHead(response.status, reasonOf(response), raw);
    for await (const chunk of response.body) {
      if (!outgoing.write(chunk)) await once(outgoing, 'drain');
    }
    outgoing.end();
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  raw.push('content-length', String(body.byteLength));
  outgoing.writeHead(response.status, reasonOf(response), raw);
  outgoing.end(body);
}

/**
 * A Nova answer written as `writeResponse` writes the Response `answerResponse` makes of it: the
 * same status line, headers and bytes.
 */
async function writeAnswer(
  outgoing: ServerResponse,
  answer: Response | NovaAnswer,
  extra: [string, string][] = [],
): Promise<void> {
  if (answer instanceof Response) return writeResponse(outgoing, answer, extra);
  const raw = headerLines(answer.headers, extra);
  const { body } = answer;
  if (body instanceof Uint8Array) {
    outgoing.writeHead(answer.status, reasonOf(answer), raw);
    endWith(outgoing, body);
    return;
  }
  if (body instanceof ReadableStream) {
    outgoing.writeHead(answer.status, reasonOf(answer), raw);
    for await (const chunk of body) {
      if (!outgoing.write(chunk)) await once(outgoing, 'drain');
    }
    outgoing.end();
    return;
  }
  const bytes = Buffer.from(body ?? '');
  raw.push('content-length', String(bytes.byteLength));
  outgoing.writeHead(answer.status, reasonOf(answer), raw);
  outgoing.end(bytes);
}

/** Answers one request: a throwing handler is a 500, never a crash. */
async function respond(served: Served, request: AppRequest): Promise<Response | NovaAnswer> {
  try {
    return typeof served === 'function' ? await served(fetchRequest(request)) : await served.answer(request);
  } catch (error) {
    return faultResponse(unexpectedFault(error), requestIdHeaders());
  }
}

/** `address:port` of a listening server (IPv6 in brackets), or `fallback` before it listens. */
function addressOf(server: Server, fallback: string): string {
  const address = server.address() as AddressInfo | null;
  if (!address) return fallback;
  return `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/**
 * The answers of one connection, one after the other: how many are begun and not yet written, and
 * the last begun. Kept on its socket, not in a WeakMap keyed by it: a young collection keeps a
 * WeakMap's values alive whether or not their keys are (received.ts).
 */
interface Turns {
  pending: number;
  last: Promise<void> | undefined;
}
const TURNS = Symbol('turns');
type TurnsCarrier = { [TURNS]?: Turns };

function turnsOf(socket: TurnsCarrier): Turns {
  let turns = socket[TURNS];
  if (turns === undefined) {
    turns = { pending: 0, last: undefined };
    socket[TURNS] = turns;
  }
  return turns;
}

/** node:http's request listener: the owner guard, CORS, then the handler's answer. */
function answerIncoming(served: Served, options: ListenOptions, host: () => string) {
  return async (incoming: IncomingMessage, outgoing: ServerResponse, turns: Turns): Promise<void> => {
    try {
      const serverAnswer = eventletAnswer(incoming);
      if (serverAnswer) {
        outgoing.writeHead(serverAnswer.status, serverAnswer.reason, serverAnswer.headers);
        outgoing.end(serverAnswer.body);
        return;
      }
      const request = requestFromIncoming(incoming, host());
      const cors = options.cors === false ? undefined : (options.cors ?? {});
      const refusal = ownerGuard(request, {
        trustedOrigins: cors && cors.origins !== '*' ? cors.origins : [],
        allowedHosts: options.allowedHosts,
      });
      if (refusal) return await writeResponse(outgoing, refusal, cors ? corsHeaders(request, cors) : []);
      const preflight = cors && preflightResponse(request, cors);
      if (preflight) return await writeResponse(outgoing, preflight);
      const response = await respond(served, request);
      // `HttpResponse.error()`: the client sees the connection drop, as with a dead server.
      if (response instanceof Response && response.type === 'error') {
        incoming.socket.destroy();
        return;
      }
      const extra = cors ? corsHeaders(request, cors) : [];
      // A body left unread (a 413, or a route that ignores it) is not waited for: the connection
      // closes after the answer, lingering so that the client can read it.
      if (!incoming.complete) {
        extra.push(['connection', 'close']);
        lingerOnClose(incoming.socket);
      }
      await writeAnswer(outgoing, response, extra);
    } catch {
      incoming.socket.destroy();
    } finally {
      turns.pending--;
    }
  };
}

/** node's parse error, with the bytes it failed on. */
type ParseError = NodeJS.ErrnoException & { rawPacket?: Buffer; bytesParsed?: number };

/**
 * The bytes of the request the parser failed on: its packet may begin with requests it read
 * before (pipelined); the failure lies in the one after the last head that ended before it.
 */
function unparsedRequest(packet: Buffer, bytesParsed = 0): Buffer {
  const lastHeadEnd = bytesParsed > 0 ? packet.lastIndexOf('\r\n\r\n', bytesParsed - 1) : -1;
  return lastHeadEnd < 0 ? packet : packet.subarray(lastHeadEnd + 4);
}

/** What eventlet answers by itself before Nova sees the request, if it does. */
function eventletAnswer(incoming: IncomingMessage): ServerAnswer | undefined {
  if (!urlMapTakes(incoming.url ?? '/')) return NO_PATH_ANSWER;
  const { method = 'GET', url = '/', httpVersion } = incoming;
  if (requestLineLength(method, url, httpVersion) >= MAX_REQUEST_LINE) return REQUEST_LINE_TOO_LONG_ANSWER;
  if (incoming.rawHeaders.length / 2 > MAX_HEADER_LINES) return TOO_MANY_HEADERS_ANSWER;
  return undefined;
}

/**
 * node:http's `clientError` listener. Bytes after a request node already handed over (a body
 * longer than its Content-Length, a chunked body Nova never reads, framed wrongly) are never
 * parsed by eventlet: the answer in progress goes out and the connection closes after it. Methods
 * and request targets node's parser refuses (unknown methods; raw bytes beyond ASCII or control
 * characters in the target) reach Nova like any other request (the raw request is parsed here);
 * a request line Python cannot parse gets its error page (python-http.ts); anything else a bare 400.
 */
function answerUnparsed(served: Served, host: () => string) {
  return (error: ParseError, socket: Socket): void => {
    const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
    // A request whose body can no longer come (the client closed short of its Content-Length) is
    // not waited for: it would never be answered.
    if (inFlight && !inFlight.writableFinished && error.code !== 'HPE_INVALID_EOF_STATE') {
      inFlight.once('close', () => {
        // node's parser has let go of the connection: what still comes is read and dropped here.
        socket.resume();
        closeLingering(socket);
      });
      return;
    }
    const packet = error.rawPacket;
    // eventlet's 414 for a request line beyond its limit, which node counts among the headers.
    if (error.code === 'HPE_HEADER_OVERFLOW' && !packet?.subarray(0, MAX_REQUEST_LINE).includes('\r\n')) {
      socket.end(answerBytes(REQUEST_LINE_TOO_LONG_ANSWER));
      return;
    }
    const request =
      (error.code === 'HPE_INVALID_METHOD' || error.code === 'HPE_INVALID_URL') && packet
        ? requestFromUnparsed(unparsedRequest(packet, error.bytesParsed), host())
        : undefined;
    if (!request || !socket.writable) {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const refused = error.rawPacket && pythonRequestLineError(error.rawPacket);
      socket.end(refused || 'HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    void respond(served, request)
      .then((answer) => rawAnswer(answer instanceof Response ? answer : answerResponse(answer)))
      .then(
        (bytes) => socket.end(bytes),
        () => socket.destroy(),
      );
  };
}

/** How long answers in progress may take to go out once the server is closing. */
const CLOSE_GRACE_MS = 500;

/**
 * Stops listening and ends every connection: idle ones at once, each busy one as soon as its
 * answer is out (a delayed request released at shutdown is answered, not dropped), any still busy
 * after CLOSE_GRACE_MS cut.
 */
function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    const closeIdle = setInterval(() => server.closeIdleConnections(), 10);
    const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearInterval(closeIdle);
      clearTimeout(cut);
      done();
    });
  });
}

/** Serves the app, or a fetch-style handler, over HTTP until `close()`. */
export function listen(served: Served, options: ListenOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  /** The address while listening, read once: `server.address()` costs a system call. */
  let listening: string | undefined;
  const serverHost = (): string => listening ?? addressOf(server, host);
  const answerRequest = answerIncoming(served, options, serverHost);
  // Nova's server answers a request without Host (HTTP/1.0 style) like any other. Pipelined
  // requests are answered one after the other, as eventlet reads them: a read sent behind a write
  // sees what the write did. A request with none before it on its connection is answered at once.
  const server: Server = createServer({ requireHostHeader: false }, (incoming, outgoing) => {
    const turns = turnsOf(incoming.socket as TurnsCarrier);
    const answer =
      turns.pending === 0 || turns.last === undefined
        ? answerRequest(incoming, outgoing, turns)
        : turns.last.then(() => answerRequest(incoming, outgoing, turns));
    turns.pending++;
    turns.last = answer;
    return answer;
  });
  server.on('clientError', answerUnparsed(served, serverHost));
  // node hands `CONNECT host:port` to 'connect' listeners, and drops the connection without one.
  server.on('connect', (_request: IncomingMessage, socket: Socket) => {
    socket.end(answerBytes(NO_PATH_ANSWER));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      listening = addressOf(server, host);
      server.once('close', () => {
        listening = undefined;
      });
      resolve({
        url: `http://${addressOf(server, host)}`,
        server,
        close: () => closeServer(server),
      });
    });
  });
}
