/**
 * A bare HTTP/1.1 client over a socket: the request target, the method and every header go out
 * exactly as written (no URL parsing, no dot-segment removal, no fragment cut), and the answer
 * comes back with its reason phrase. The recorder and the replay both speak through it, so the
 * real Nova and the mock receive the same bytes.
 */
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target as sent: `/v2.1/images?limit=1`, `*`, or an absolute URL. */
  target: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body?: Uint8Array;
  /** The whole request, sent as it is instead of a head built from the fields above. */
  raw?: Buffer;
  /** Half-close after the body (a client that sent all it will send, whatever it declared). */
  endAfterBody?: boolean;
}

export type RawResponse =
  | {
      status: number;
      reason: string;
      /** Header lines in order, names lower-cased. */
      headers: Array<[string, string]>;
      body: Buffer;
    }
  /** `closed`: the server hung up without a status line; `timeout`: nothing came in time. */
  | { noAnswer: 'closed' | 'timeout' };

const CRLF = '\r\n';

/** The first response in `bytes`, as an answer to `method`. */
export function parseResponse(bytes: Buffer, method: string): RawResponse {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return { noAnswer: 'closed' };
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split(CRLF);
  const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!match) return { noAnswer: 'closed' };
  const headers: Array<[string, string]> = lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  let body = bytes.subarray(end + 4);
  const status = Number(match[1]);
  if (method === 'HEAD' || status === 204 || status === 304) body = Buffer.alloc(0);
  else if (headers.some(([name, value]) => name === 'transfer-encoding' && /chunked/i.test(value)))
    body = dechunk(body);
  else {
    const length = headers.find(([name]) => name === 'content-length');
    if (length) body = body.subarray(0, Number(length[1]));
  }
  return { status, reason: match[2] ?? '', headers, body };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const lineEnd = bytes.indexOf(CRLF, offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Sends one request on a fresh connection (`Connection: close`) and reads until the server closes
 * it, at most `timeoutMs`.
 */
export function sendRaw(
  host: string,
  port: number,
  request: RawRequest,
  timeoutMs = 10_000,
): Promise<RawResponse> {
  const head =
    `${request.method} ${request.target} HTTP/1.1${CRLF}` +
    request.headers.map(([name, value]) => `${name}: ${value}${CRLF}`).join('') +
    CRLF;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host, port });
    const finish = (answer: () => RawResponse) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer());
    };
    const timer = setTimeout(() => {
      const received = Buffer.concat(chunks);
      finish(() => (received.length > 0 ? parseResponse(received, request.method) : { noAnswer: 'timeout' }));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => finish(() => parseResponse(Buffer.concat(chunks), request.method)));
    socket.on('end', () => finish(() => parseResponse(Buffer.concat(chunks), request.method)));
    socket.on('connect', () => {
      socket.write(request.raw ?? Buffer.from(head, 'latin1'));
      if (request.body) socket.write(request.body);
      if (request.endAfterBody) socket.end();
    });
  });
}
