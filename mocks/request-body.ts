/**
 * Reads a request body without ever holding more than the limit (§7): a declared Content-Length
 * over it is refused before a byte is read, and a body without one is counted as it streams and
 * cut off at the limit, as oslo.middleware's RequestBodySizeLimiter and its LimitingReader do.
 * Every runtime reads its bodies through this, so no request can make the mock buffer a huge one.
 * The rest of a refused body is left unread, not cancelled: cancelling node:http's stream would
 * destroy the socket before the 413 is written (the standalone server closes it after the answer).
 */

import type { AppRequest } from './app-request.ts';
import { receivedBody, receivedGetBody } from './received.ts';

export interface RequestBody {
  /** The body as text (a BOM dropped, invalid UTF-8 replaced); '' when there is none or it is too large. */
  text: string;
  /** The body's bytes as received; empty when there is none or it is too large. */
  raw: Uint8Array;
  /** Its size: the declared Content-Length if any, else the bytes counted (up to the cut). */
  bytes: number;
  /** Over the limit: nothing was kept. */
  tooLarge: boolean;
}

const NOTHING = new Uint8Array(0);
/** Stateless between calls: each body is decoded whole. */
const decoder = new TextDecoder();
const EMPTY: RequestBody = { text: '', raw: NOTHING, bytes: 0, tooLarge: false };

function declaredLength(request: AppRequest): number | undefined {
  const value = request.headers.get('content-length');
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/**
 * A stream's bytes to its end, or, once more than `limit` have come, how many were counted at the
 * cut (nothing more is read; what to do with the rest is the caller's: release or cancel).
 */
export async function readUpTo(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
): Promise<{ over: false; bytes: Uint8Array<ArrayBuffer> } | { over: true; counted: number }> {
  const chunks: Uint8Array[] = [];
  let counted = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    counted += value.byteLength;
    if (counted > limit) return { over: true, counted };
    chunks.push(value);
  }
  const bytes = new Uint8Array(counted);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { over: false, bytes };
}

type BodyRead = Awaited<ReturnType<typeof readUpTo>>;

/** `readUpTo` of a stream, whose reader lets go of it at the cut. */
async function readStreamUpTo(stream: ReadableStream<Uint8Array>, limit: number): Promise<BodyRead> {
  const reader = stream.getReader();
  const read = await readUpTo(reader, limit);
  if (read.over) reader.releaseLock();
  return read;
}

/** How the request's body is read, if it has one: the standalone server's stand-in reads its own. */
function bodyReader(request: AppRequest): ((limit: number) => Promise<BodyRead>) | undefined {
  if (request.method === 'HEAD') return undefined;
  const received = request.method === 'GET' ? undefined : receivedBody(request);
  if (received) return (limit) => received.readUpTo(limit);
  const stream = request.method === 'GET' ? receivedGetBody(request) : request.body;
  return stream ? (limit) => readStreamUpTo(stream, limit) : undefined;
}

export async function readRequestBody(request: AppRequest, maxBytes: number): Promise<RequestBody> {
  const declared = declaredLength(request);
  // The limiter reads Content-Length whatever the method: a GET with a large body is a 413 too.
  if (declared !== undefined && declared > maxBytes) {
    return { text: '', raw: NOTHING, bytes: declared, tooLarge: true };
  }
  const read = bodyReader(request);
  if (read === undefined) return EMPTY;
  // WebOb reads a body by its Content-Length; eventlet hands Nova a chunked one unread, so Nova
  // sees no body at all, and nothing to limit (measured: tests/conformance, bodies "a chunked body").
  if (/chunked/i.test(request.headers.get('transfer-encoding') ?? '')) return EMPTY;
  const body = await read(maxBytes);
  if (body.over) return { text: '', raw: NOTHING, bytes: body.counted, tooLarge: true };
  const buffer = body.bytes;
  const counted = buffer.byteLength;
  return { text: decoder.decode(buffer), raw: buffer, bytes: declared ?? counted, tooLarge: false };
}
