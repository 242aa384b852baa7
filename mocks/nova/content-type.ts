/**
 * Media types (§4.1, §4.4): the request Content-Type Nova accepts, the JSON body it parses, and
 * the Content-Type of its success responses.
 */
import type { AppRequest } from '../app-request.ts';
import type { RequestBody } from '../request-body.ts';
import { parseAccept, quality } from './accept.ts';
import { badRequest, NovaFault, ServerErredFault } from './faults.ts';
import { jsonDepth } from './json-depth.ts';
import { parseWithPythonConstants } from './python-json.ts';

const JSON_TYPE = 'application/json';
const COMPUTE_JSON_TYPE = 'application/vnd.openstack.compute+json';

/**
 * §4.4, on every method: absent, empty, text/plain or one of the two JSON types, else 415.
 * WebOb's `Request.content_type` is the raw text before the first ';' (neither trimmed nor
 * lower-cased), so `Application/JSON` and `application/json ;charset=UTF-8` are refused.
 */
export function assertAcceptedContentType(contentType: string | null): void {
  if (contentType === null) return;
  const mediaType = contentType.split(';', 1)[0];
  if (
    mediaType === '' ||
    mediaType === 'text/plain' ||
    mediaType === JSON_TYPE ||
    mediaType === COMPUTE_JSON_TYPE
  ) {
    return;
  }
  throw new NovaFault(415, 'Unsupported Content-Type');
}

/**
 * The deepest body Nova's `jsonutils.loads` reads: Python's C JSON scanner counts each level
 * against the recursion limit (1000), on top of the frames of Nova's WSGI stack below it, and
 * raises RecursionError, which no layer catches until FaultWrapper (a 500). Measured on Nova 26.2.2
 * (docs/nova-behaviour.md §4.4): `{"metadata": [[…]]}` is read up to 891 levels counting the outer
 * object, and 500 from 892; other routes and shapes vary by a few levels with the call stack.
 */
export const NOVA_MAX_JSON_DEPTH = 891;

/**
 * The body as Nova's Resource has it (nova/api/openstack/wsgi.py `Resource._process_stack`): before
 * deserialising, a debug line runs `str(body, 'utf-8')` on any non-empty body, whatever the method,
 * so a body that is no valid UTF-8 raises UnicodeDecodeError there, and FaultWrapper answers 500
 * (measured: tests/conformance bodies `invalid UTF-8`; a UTF-16 body too). A UTF-8 BOM is kept:
 * oslo's `jsonutils.loads` hands json.loads a str that starts with U+FEFF, which it refuses
 * ("Unexpected UTF-8 BOM"): Malformed request body (measured, bodies `metadata bodies`).
 */
export function novaBodyText(raw: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
  } catch {
    throw new ServerErredFault();
  }
}

/**
 * A POST/PUT body: empty → null (then `None is not of type 'object'`), unparseable → 400.
 * Python's NaN/Infinity are read too (python-json.ts); duplicate keys: last wins, as in Python.
 */
export function parseJsonBody(text: string): unknown {
  if (text === '') return null;
  if (jsonDepth(text) > NOVA_MAX_JSON_DEPTH) throw new ServerErredFault();
  try {
    return JSON.parse(text);
  } catch {
    try {
      const withConstants = parseWithPythonConstants(text);
      if (withConstants !== undefined) return withConstants;
    } catch {
      // Malformed with the constants read as well.
    }
    throw badRequest('Malformed request body');
  }
}

/**
 * What every wsgi.Resource does before its action (nova/api/openstack/wsgi.py `Resource.__call__`,
 * `_process_stack`): the Content-Type check (415), the body as UTF-8 (500), and for POST and PUT
 * the JSON body (400; null when empty). Undefined for the other methods: no body is passed.
 */
export function resourceBody(request: Pick<AppRequest, 'method' | 'headers'>, body: RequestBody): unknown {
  assertAcceptedContentType(request.headers.get('content-type'));
  const text = novaBodyText(body.raw);
  return hasJsonBody(request.method) ? parseJsonBody(text) : undefined;
}

/**
 * §4.1: WebOb's `accept.acceptable_offers([application/json, compute+json])`, first pick: the
 * offer whose most specific matching range has the higher q; a tie goes to application/json.
 */
export function responseContentType(accept: string | null): string {
  if (accept === null) return JSON_TYPE;
  const ranges = parseAccept(accept);
  if (ranges === undefined) return JSON_TYPE;
  return quality(COMPUTE_JSON_TYPE, ranges) > quality(JSON_TYPE, ranges) ? COMPUTE_JSON_TYPE : JSON_TYPE;
}

/** `_METHODS_WITH_BODY`: the methods whose body the Resource deserialises. */
function hasJsonBody(method: string): boolean {
  return method === 'POST' || method === 'PUT';
}
