/** Turning results and errors into Responses with Nova's headers (behaviour spec §4). */
import { NovaFault, UnexpectedApiError, unexpectedApiError } from './faults.ts';
import type { HeaderList } from './header-list.ts';
import type { ReleaseProfile } from './release.ts';
import type { PlainError } from './webob.ts';

/** §4.3: a fresh request id. */
export function requestId(): string {
  return `req-${crypto.randomUUID()}`;
}

/** §4.3: the request id (a fresh one unless given), sent under both names. */
export function requestIdHeaders(id = requestId()): Headers {
  const headers = new Headers();
  headers.append('x-openstack-request-id', id);
  headers.append('x-compute-request-id', id);
  return headers;
}

/** §4.3: the request id headers of `id` as a plain list, for Nova's answers after routing. */
export function requestIdList(id: string): HeaderList {
  return [
    ['x-openstack-request-id', id],
    ['x-compute-request-id', id],
  ];
}

function withHeaders(base: Headers | HeaderList, extra: Iterable<readonly [string, string]>): Headers {
  const headers = new Headers(base);
  for (const [name, value] of extra) headers.append(name, value);
  return headers;
}

type Bytes = Uint8Array<ArrayBuffer>;

/** The bytes behind each byte-array response, for the standalone server to write at once. */
const responseBytes = new WeakMap<Response, Bytes>();
/** Responses whose body is streamed with no length declared (long lists). */
const streamedResponses = new WeakSet<Response>();

/** The bytes a response built here carries, if it was built from bytes. */
export function bodyBytes(response: Response): Bytes | undefined {
  return responseBytes.get(response);
}

/** Whether a response built here streams its body on purpose (chunked, no Content-Length). */
export function isStreamedBody(response: Response): boolean {
  return streamedResponses.has(response);
}

/**
 * A success of Nova's API before it is a Response: the standalone server writes it as it is
 * (mocks/http.ts), the other runtimes get it as the Response `answerResponse` makes of it.
 */
export interface NovaAnswer {
  status: number;
  /** Every header of the answer, Content-Length included when the body is bytes. */
  headers: HeaderList;
  body: string | Bytes | ReadableStream<Bytes> | null;
}

/**
 * §4.1: success bodies are `application/json` (no charset); 204s keep the Content-Type too.
 * `headers`, made for this one answer, become its headers (appended to, not copied).
 */
export function jsonAnswer(
  status: number,
  json: string | Bytes | ReadableStream<Bytes> | null,
  headers: HeaderList,
  contentType = 'application/json',
): NovaAnswer {
  headers.push(['content-type', contentType]);
  if (json instanceof Uint8Array) headers.push(['content-length', String(json.byteLength)]);
  return { status, headers, body: json };
}

/** The Response of an answer: its bytes written at once by the standalone server, a long list streamed. */
export function answerResponse(answer: NovaAnswer): Response {
  const { status, headers, body } = answer;
  if (!(body instanceof Uint8Array)) {
    const response = new Response(body, { status, headers });
    if (body instanceof ReadableStream) streamedResponses.add(response);
    return response;
  }
  const response = new Response(byteStream(body), { status, headers });
  responseBytes.set(response, body);
  return response;
}

export function jsonTextResponse(
  status: number,
  json: string | Bytes | ReadableStream<Bytes> | null,
  headers: HeaderList,
  contentType = 'application/json',
): Response {
  return answerResponse(jsonAnswer(status, json, headers, contentType));
}

/**
 * Bytes built for this one response, handed over as a stream: a Response would copy a byte-array
 * body, and list pages run to hundreds of kilobytes. The length travels in Content-Length.
 */
function byteStream(bytes: Bytes): ReadableStream<Bytes> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

export function jsonResponse(status: number, body: unknown, headers: HeaderList): Response {
  return jsonTextResponse(status, JSON.stringify(body), headers);
}

/** §4.2: a fault body with its charset, and `Retry-After` for 413/429 when set. */
export function faultResponse(fault: NovaFault, headers: Headers | HeaderList): Response {
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

/** The fault an error is, worded for the release served (its `NOVA_SUPPORT` text). */
export function toFault(error: unknown, release: Pick<ReleaseProfile, 'support'>): NovaFault {
  const fault = error instanceof NovaFault ? error : unexpectedFault(error);
  return fault instanceof UnexpectedApiError ? fault.inRelease(release.support) : fault;
}
