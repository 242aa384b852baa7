/**
 * Errors that WebOb, not Nova, writes: routing 404s (§2.4) and the body-size 413 (§7).
 * Their body follows the request's Accept header, unlike Nova faults.
 */
import { parseAccept, quality } from './accept.ts';

export interface PlainError {
  status: number;
  contentType: string;
  body: string;
}

/**
 * webob/exc.py `WSGIHTTPException.__call__`: a HEAD gets no negotiated body, just the plain
 * Response with WebOb's default type, whatever the Accept header says.
 */
export function forMethod(error: PlainError, method: string): PlainError {
  return method === 'HEAD' ? { ...error, contentType: 'text/html; charset=UTF-8', body: '' } : error;
}

/**
 * WebOb offers HTML then JSON; with no Accept, or neither acceptable, it falls back to plain text.
 * A header WebOb cannot parse accepts every offer, so HTML.
 */
export function negotiate(accept: string | null): 'html' | 'json' | 'plain' {
  if (accept === null || accept.trim() === '') return 'plain';
  const ranges = parseAccept(accept);
  if (ranges === undefined) return 'html';
  const html = quality('text/html', ranges);
  const json = quality('application/json', ranges);
  if (html <= 0 && json <= 0) return 'plain';
  return html >= json ? 'html' : 'json';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function webobError(status: number, title: string, explanation: string, accept: string | null): PlainError {
  const statusLine = `${status} ${title}`;
  switch (negotiate(accept)) {
    case 'json':
      return {
        status,
        contentType: 'application/json',
        body: JSON.stringify({
          message: `${explanation}<br /><br />\n\n\n`,
          code: statusLine,
          title,
        }),
      };
    case 'html':
      return {
        status,
        contentType: 'text/html; charset=UTF-8',
        body: `<html>\n <head>\n  <title>${statusLine}</title>\n </head>\n <body>\n  <h1>${statusLine}</h1>\n  ${escapeHtml(explanation)}<br /><br />\n\n\n\n </body>\n</html>`,
      };
    default:
      return {
        status,
        contentType: 'text/plain; charset=UTF-8',
        body: `${statusLine}\n\n${explanation}\n\n   `,
      };
  }
}

/** §2.4: unknown path or method. Nova never answers 405 here. */
export function routeNotFound(accept: string | null): PlainError {
  return webobError(404, 'Not Found', 'The resource could not be found.', accept);
}

/** §7: oslo.middleware's sizelimit, before authentication. */
export function bodyTooLarge(maxBodyBytes: number, accept: string | null): PlainError {
  return webobError(
    413,
    'Request Entity Too Large',
    `Request is too large. Larger than max_request_body_size (${maxBodyBytes}).`,
    accept,
  );
}
