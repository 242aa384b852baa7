/**
 * The method Nova routes a request by. Nova's Router is Routes' RoutesMiddleware with method
 * overriding on (routes/middleware.py `RoutesMiddleware.__call__`, nova/api/wsgi.py `Router`): a
 * `_method` in the query string names the method the route table is matched with, and failing
 * that, so does the `_method` field of a POSTed HTML form. Only routing sees it: the Resource
 * then calls the matched action with the request's own method deciding whether a body is passed
 * (measured: `GET /v2.1/images/{id}?_method=DELETE` deletes the image).
 *
 * Reading the form is WebOb's `Request.POST`, and it can fail: a form in a charset other than
 * UTF-8 (`_check_charset` raises DeprecationWarning) or a multipart body without a valid boundary
 * (cgi.FieldStorage raises ValueError). Nothing catches either until FaultWrapper: a 500 made
 * before the Resource read the microversion, so without version headers (measured on Nova 26.2.2,
 * tests/conformance bodies `content types [multipart/form-data]`).
 */

import { novaQuery } from './query-string.ts';

export interface RoutingMethod {
  /** The method the route table is matched with. */
  method: string;
  /** The form could not be read: FaultWrapper's 500. */
  formFails: boolean;
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export function routingMethod(
  method: string,
  rawQuery: string,
  contentType: string | null,
  body: string,
): RoutingMethod {
  // `'_method' in qs`: a substring test on the query as sent, then WebOb's GET (the last value);
  // a query that is no UTF-8 raises UnicodeDecodeError, which routes takes as no override.
  if (rawQuery.includes('_method')) {
    const query = novaQuery(rawQuery);
    return { method: (query.utf8 && overridden(query.params)) || method, formFails: false };
  }
  const rawType = contentType ?? '';
  // routes' `is_form_post` lower-cases the media type; WebOb's POST then wants it exactly.
  if (method !== 'POST' || !FORM_TYPES.includes(rawType.toLowerCase().split(';', 1)[0] ?? '')) {
    return { method, formFails: false };
  }
  const mediaType = rawType.split(';', 1)[0] ?? '';
  if (!FORM_TYPES.includes(mediaType)) return { method, formFails: false };
  if (!isUtf8Charset(rawType)) return { method, formFails: true };
  if (mediaType === 'multipart/form-data') {
    // A multipart form's fields are not read here: its `_method` is not honoured.
    return { method, formFails: !validBoundary(headerParams(rawType).get('boundary')) };
  }
  return { method: overridden(new URLSearchParams(body)) ?? method, formFails: false };
}

function overridden(params: URLSearchParams): string | undefined {
  const value = params.getAll('_method').at(-1);
  return value ? value.toUpperCase() : undefined;
}

/**
 * `text` without the double quotes at either end. A loop, not `/^"+|"+$/g`: V8 tries `"+$` from
 * each quote of a run that does not end the text, in time quadratic in the run (a charset of `a`,
 * 15,000 quotes and `x` took 2.6 s of CPU a request).
 */
function withoutQuotesAround(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 0x22) start++;
  while (end > start && text.charCodeAt(end - 1) === 0x22) end--;
  return text.slice(start, end);
}

/** webob/request.py `detect_charset` and `_is_utf8`: no charset, or any spelling of UTF-8. */
function isUtf8Charset(contentType: string): boolean {
  const match = /;\s*charset=([^;]*)/i.exec(contentType);
  const charset = withoutQuotesAround(match?.[1] ?? '').trim();
  return charset === '' || charset.toLowerCase().replace(/-/g, '') === 'utf8';
}

/** Python's `cgi.parse_header` parameters: `;` outside quotes separates, names lower-cased. */
function headerParams(line: string): Map<string, string> {
  const params = new Map<string, string>();
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index <= line.length; index++) {
    const char = line[index];
    if (char === '\\' && quoted) index++;
    else if (char === '"') quoted = !quoted;
    else if ((char === ';' && !quoted) || index === line.length) {
      parts.push(line.slice(start, index).trim());
      start = index + 1;
    }
  }
  for (const part of parts.slice(1)) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    let value = part.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1).replace(/\\\\/g, '\\').replace(/\\"/g, '"');
    }
    params.set(part.slice(0, equals).trim().toLowerCase(), value);
  }
  return params;
}

/** Python's `cgi.valid_boundary`, on the boundary's UTF-8 bytes. */
function validBoundary(boundary: string | undefined): boolean {
  return boundary !== undefined && /^[ -~]{0,200}[!-~]$/.test(boundary);
}
