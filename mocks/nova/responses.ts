/** Turning results and errors into Responses with Nova's headers (behaviour spec §4). */
import { NovaFault, unexpectedApiError } from './faults.ts';
import type { PlainError } from './webob.ts';

/** §4.3: one fresh id, sent under both names. */
export function requestIdHeaders(): Headers {
  const id = `req-${crypto.randomUUID()}`;
  return new Headers({ 'x-openstack-request-id': id, 'x-compute-request-id': id });
}

function withHeaders(base: Headers, extra: Iterable<readonly [string, string]>): Headers {
  const headers = new Headers(base);
  for (const [name, value] of extra) headers.append(name, value);
  return headers;
}

/** §4.1: success bodies are `application/json` (no charset); 204s keep the Content-Type too. */
export function jsonTextResponse(
  status: number,
  json: string | Uint8Array<ArrayBuffer> | null,
  headers: Headers,
  contentType = 'application/json',
): Response {
  if (typeof json === 'string' || json === null) {
    return new Response(json, { status, headers: withHeaders(headers, [['content-type', contentType]]) });
  }
  const all = withHeaders(headers, [
    ['content-type', contentType],
    ['content-length', String(json.byteLength)],
  ]);
  return new Response(byteStream(json), { status, headers: all });
}

/**
 * Bytes built for this one response, handed over as a stream: a Response would copy a byte-array
 * body, and list pages run to hundreds of kilobytes. The length travels in Content-Length.
 */
function byteStream(bytes: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array<ArrayBuffer>> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

export function jsonResponse(status: number, body: unknown, headers: Headers): Response {
  return jsonTextResponse(status, JSON.stringify(body), headers);
}

/** §4.2: a fault body with its charset, and `Retry-After` for 413/429 when set. */
export function faultResponse(fault: NovaFault, headers: Headers): Response {
  const extra: [string, string][] = [['content-type', 'application/json; charset=UTF-8']];
  if (fault.retryAfter !== undefined) extra.push(['retry-after', fault.retryAfter]);
  return new Response(JSON.stringify(fault), { status: fault.status, headers: withHeaders(headers, extra) });
}

export function plainErrorResponse(error: PlainError, headers: Headers): Response {
  return new Response(error.body, {
    status: error.status,
    headers: withHeaders(headers, [['content-type', error.contentType]]),
  });
}

/** §4.2: anything unexpected is a 500 computeFault naming the error's class, never a stack trace. */
export function unexpectedFault(error: unknown): NovaFault {
  return unexpectedApiError(error instanceof Error ? error.name : typeof error);
}

export function toFault(error: unknown): NovaFault {
  return error instanceof NovaFault ? error : unexpectedFault(error);
}
