/**
 * A lean HTTP/1.1 load client on raw keep-alive sockets: each connection sends one request,
 * reads its whole answer, sends the next. Node's http client costs more CPU per request than
 * some servers under test, and shares their two cores.
 */
import { connect, type Socket } from 'node:net';

export interface HttpCall {
  method: string;
  /** Path and query. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Per-request latency, ms. */
  latencies: number[];
  /** Answers that were not 2xx. */
  failures: number;
  /** Bytes of the last answer's body. */
  bodyBytes: number;
}

/** The request's bytes, once. */
export function encodeCall(url: string, call: HttpCall): Buffer {
  const { host } = new URL(url);
  const body = call.body === undefined ? undefined : Buffer.from(call.body);
  const lines = [`${call.method} ${call.path} HTTP/1.1`, `Host: ${host}`, 'Connection: keep-alive'];
  for (const [name, value] of Object.entries(call.headers ?? {})) lines.push(`${name}: ${value}`);
  if (body) lines.push(`Content-Length: ${body.byteLength}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
  return body ? Buffer.concat([head, body]) : head;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** Reads HTTP/1.1 answers off one socket, one at a time. */
class AnswerReader {
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: ((answer: { status: number; bodyBytes: number }) => void) | undefined;
  #failed: ((error: Error) => void) | undefined;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#tryAnswer();
    });
    const fail = (error: Error) => this.#failed?.(error);
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  next(): Promise<{ status: number; bodyBytes: number }> {
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failed = reject;
      this.#tryAnswer();
    });
  }

  #tryAnswer(): void {
    if (this.#waiting === undefined) return;
    const headEnd = this.#buffer.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = this.#buffer.subarray(0, headEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
    let end: number;
    let bodyBytes: number;
    if (length !== undefined) {
      bodyBytes = Number(length);
      end = headEnd + 4 + bodyBytes;
      if (this.#buffer.length < end) return;
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const parsed = chunkedEnd(this.#buffer, headEnd + 4);
      if (parsed === undefined) return;
      [end, bodyBytes] = parsed;
    } else {
      end = headEnd + 4;
      bodyBytes = 0;
    }
    this.#buffer = this.#buffer.subarray(end);
    const resolve = this.#waiting;
    this.#waiting = undefined;
    resolve({ status, bodyBytes });
  }
}

/** Where a chunked body that starts at `start` ends, and its size; undefined until complete. */
function chunkedEnd(buffer: Buffer, start: number): [end: number, bodyBytes: number] | undefined {
  let at = start;
  let total = 0;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
    const next = lineEnd + 2 + size + 2;
    if (buffer.length < next) return undefined;
    at = next;
    total += size;
    if (size === 0) return [at, total];
  }
}

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * `connections` connections send the calls in turn (round robin) for `seconds`, or `count`
 * requests in all when given.
 */
export async function load(
  url: string,
  calls: readonly HttpCall[],
  options: { connections: number; seconds: number; count?: number },
): Promise<LoadResult> {
  const requests = calls.map((call) => encodeCall(url, call));
  const latencies: number[] = [];
  let failures = 0;
  let sent = 0;
  let bodyBytes = 0;
  const limit = options.count ?? Number.POSITIVE_INFINITY;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const sockets = await Promise.all(Array.from({ length: options.connections }, () => open(url)));
  await Promise.all(
    sockets.map(async (socket) => {
      const reader = new AnswerReader(socket);
      while (sent < limit && performance.now() < deadline) {
        const request = requests[sent++ % requests.length] as Buffer;
        const begun = performance.now();
        socket.write(request);
        const answer = await reader.next();
        latencies.push(performance.now() - begun);
        bodyBytes = answer.bodyBytes;
        if (answer.status < 200 || answer.status > 299) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const socket of sockets) socket.destroy();
  return { requests: latencies.length, seconds, latencies, failures, bodyBytes };
}
