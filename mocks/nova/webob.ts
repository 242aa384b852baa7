/**
 * Errors that WebOb, not Nova, writes: routing 404s (§2.4) and the body-size 413 (§7).
 * Their body follows the request's Accept header, unlike Nova faults.
 */

export interface PlainError {
  status: number;
  contentType: string;
  body: string;
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [media = '', ...params] = part.split(';').map((piece) => piece.trim());
    const [type, subtype] = media.toLowerCase().split('/');
    if (!type || !subtype) continue;
    const qParam = params.find((param) => /^q=/i.test(param));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    ranges.push({ type, subtype, q: Number.isFinite(q) ? q : 0 });
  }
  return ranges;
}

/** The q of the most specific range matching `offer` (RFC 7231 §5.3.2), 0 if none. */
function qualityOf(offer: string, ranges: MediaRange[]): number {
  const [type, subtype] = offer.split('/');
  let best = { specificity: -1, q: 0 };
  for (const range of ranges) {
    const typeMatches = range.type === '*' || range.type === type;
    const subtypeMatches = range.subtype === '*' || range.subtype === subtype;
    if (!typeMatches || !subtypeMatches) continue;
    const specificity = (range.type === '*' ? 0 : 1) + (range.subtype === '*' ? 0 : 1);
    if (specificity > best.specificity) best = { specificity, q: range.q };
  }
  return best.q;
}

/** WebOb offers HTML then JSON; with neither acceptable (or no Accept) it falls back to plain text. */
function negotiate(accept: string | null): 'html' | 'json' | 'plain' {
  const ranges = parseAccept(accept ?? '');
  const html = qualityOf('text/html', ranges);
  const json = qualityOf('application/json', ranges);
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
