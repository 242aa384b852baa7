/**
 * Raw requests for hostile-input tests: fetch would normalise or refuse some of these requests
 * (odd methods, bad escapes, lying Content-Length). `rawRequest` goes through node:http;
 * `socketExchange` writes bytes on a bare socket, for what node:http will not send (raw bytes in
 * the request line, endless or unread bodies, pipelining) or read. Every reply is checked like any
 * other (tests/support/client.ts; of a socket exchange, the answer to the first request), and a
 * connection closed without an answer is an error, never a reply.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { parseResponse, type RawResponse } from '../conformance/raw-http.ts';
import { checkReply, type NovaReply } from './client.ts';

export interface RawOptions {
  headers?: Record<string, string | number>;
  /** Sent whole, then the request ends. */
  body?: string | Buffer;
  /** Time allowed for the answer (default 5 s). */
  timeoutMs?: number;
}

export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: RawOptions = {},
): Promise<NovaReply> {
  return new Promise((resolve, reject) => {
    const url = `${baseUrl}${path}`;
    const outgoing = request(
      url,
      { method, headers: options.headers, timeout: options.timeoutMs ?? 5_000 },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const item of [value ?? []].flat()) headers.append(name, item);
          }
          const reply = replyOf(incoming.statusCode ?? 0, headers, Buffer.concat(chunks));
          checkReply(method, url, reply);
          resolve(reply);
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path}: no answer in time`)));
    outgoing.end(options.body);
  });
}

/** A reply as the tests read one: the body as text, and parsed when it is JSON (not checked yet). */
export function replyOf(status: number, headers: Headers, body: Buffer): NovaReply {
  const text = body.toString();
  const isJson = (headers.get('content-type') ?? '').includes('json');
  return { status, headers, text, json: isJson && text ? JSON.parse(text) : undefined };
}

/** A response read off the wire (tests/conformance/raw-http.ts) as a reply (not checked yet). */
export function rawReply(raw: Exclude<RawResponse, { noAnswer: unknown }>): NovaReply {
  const headers = new Headers();
  for (const [name, value] of raw.headers) headers.append(name, value);
  return replyOf(raw.status, headers, raw.body);
}

/**
 * Checks the first answer of a socket exchange against the first request line sent. A request
 * with no origin-form request line, or an answer that is no HTTP response, has no schema to be
 * checked against: the caller must say so (`unchecked`), or the exchange fails.
 */
function checkFirstAnswer(url: string, sent: string, answer: string, unchecked: string | undefined): void {
  if (unchecked !== undefined) return;
  const requestLine = /^([A-Z]+) (\/\S*) HTTP\/1\.[01]\r\n/.exec(sent);
  if (!requestLine)
    throw new Error(
      `no request line to check the answer against (say why in \`unchecked\`): ${JSON.stringify(sent.slice(0, 80))}`,
    );
  const [, method = 'GET', target = '/'] = requestLine;
  const first = parseResponse(Buffer.from(answer, 'latin1'), method);
  if ('noAnswer' in first)
    throw new Error(
      `the answer is no HTTP response (say why in \`unchecked\`): ${JSON.stringify(answer.slice(0, 80))}`,
    );
  checkReply(method, `${url}${target}`, rawReply(first));
}

export interface ExchangeOptions {
  /**
   * Writes on after the first bytes (a body that goes on, a slow head); `answered()` says whether
   * the answer's head has come or the connection is gone.
   */
  send?: (write: (bytes: string) => void, answered: () => boolean) => void | Promise<void>;
  /** The client reads nothing for this long, as one busy sending (default 0). */
  readAfterMs?: number;
  /** Time allowed until the server closes the connection (default 5 s). */
  timeoutMs?: number;
  /** Why the first answer is not checked against a schema (a request that is no HTTP request). */
  unchecked?: string;
}

export interface Exchange {
  /** Every byte that came back until the server closed the connection, one character a byte. */
  answer: string;
  /** The bytes `send` wrote (not the first ones). */
  sentBytes: number;
}

/**
 * Writes `bytes` (one character a byte) on a fresh connection, then what `send` writes, and
 * resolves with all that came back once the server closes the connection.
 */
export function socketExchange(url: string, bytes: string, options: ExchangeOptions = {}): Promise<Exchange> {
  const { hostname, port } = new URL(url);
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let sentBytes = 0;
    // What was sent, up to its first line: the request the first answer is checked against.
    let sent = bytes;
    let failure: Error | undefined;
    const headIn = () => answer.includes('\r\n\r\n');
    const answered = () => socket.destroyed || headIn();
    const timer = setTimeout(() => {
      failure = new Error(`no close in ${timeoutMs / 1000} s (${sentBytes} bytes sent): ${answer}`);
      socket.destroy();
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', (error) => {
      // Once the answer's head is in, this is the server closing while the client still writes
      // (EPIPE, ECONNRESET): the answer stands.
      if (!headIn()) failure ??= error;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else if (answer === '') reject(new Error(`closed with no answer (${sentBytes} bytes sent)`));
      else {
        try {
          checkFirstAnswer(url, sent, answer, options.unchecked);
          resolve({ answer, sentBytes });
        } catch (error) {
          reject(error);
        }
      }
    });
    if (options.readAfterMs) {
      socket.pause();
      setTimeout(() => socket.resume(), options.readAfterMs);
    }
    socket.write(Buffer.from(bytes, 'latin1'));
    options.send?.((more) => {
      sentBytes += more.length;
      if (!sent.includes('\r\n')) sent += more;
      socket.write(Buffer.from(more, 'latin1'));
    }, answered);
  });
}
