/**
 * Glance's errors are WebOb HTTP exceptions (glance/api/v2/*.py raise `webob.exc.HTTP*`): a body
 * in HTML, JSON or plain text as the request's Accept asks, built from WebOb's templates
 * (webob/exc.py `WSGIHTTPException`). Glance passes its text either as `explanation=`, or
 * positionally, which makes it the `detail` below WebOb's default explanation.
 */
import { negotiate } from '../nova/webob.ts';
import { REASON_PHRASES } from '../reason-phrases.ts';
import { pythonJson } from './python-json.ts';

/** WebOb's own explanation of each status, used when Glance gives none. */
const EXPLANATIONS: Readonly<Record<number, string>> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  401: 'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  409: 'There was a conflict when trying to complete your request.',
  413: 'The request is larger than the server is willing or able to process.',
  429: 'The server has received too many requests from this client.',
  500: 'The server has either erred or is incapable of performing the requested operation.',
  503: 'The server is currently unavailable. Please try again at a later time.',
};

export class GlanceFault extends Error {
  override name = 'GlanceFault';

  constructor(
    readonly status: number,
    /** The template's output before escaping: `${explanation}<br /><br />\n${detail}\n\n`, or a status's own template. */
    readonly parts:
      | { explanation: string; detail: string }
      | { template: (quoteText: (text: string) => string) => string },
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super('explanation' in parts ? parts.detail || parts.explanation : `HTTP ${status}`);
  }
}

/** `webob.exc.HTTP…(explanation=text)`. */
export function glanceError(
  status: number,
  explanation?: string,
  headers?: Record<string, string>,
): GlanceFault {
  return new GlanceFault(
    status,
    { explanation: explanation ?? EXPLANATIONS[status] ?? '', detail: '' },
    headers,
  );
}

/** `webob.exc.HTTP…(text)`: the text is the detail, below WebOb's explanation. */
export function glanceErrorDetail(status: number, detail: string): GlanceFault {
  return new GlanceFault(status, { explanation: EXPLANATIONS[status] ?? '', detail });
}

/** `HTTPMethodNotAllowed` with the route's methods (glance/common/wsgi.py `RejectMethodController`). */
export function methodNotAllowed(method: string, allowed: string): GlanceFault {
  return new GlanceFault(
    405,
    {
      template: (quoteText) =>
        `The method ${quoteText(method)} is not allowed for this resource. <br /><br />\n`,
    },
    { allow: allowed },
  );
}

/** `HTTPUnsupportedMediaType`, which names the request's media type. */
export function unsupportedMediaType(contentType: string, headers?: Record<string, string>): GlanceFault {
  return new GlanceFault(
    415,
    {
      template: (quoteText) =>
        `The request media type ${quoteText(contentType)} is not supported by this server.\n<br /><br />\n`,
    },
    headers,
  );
}

/** Python's `html.escape` (quotes too), as WebOb's templates and glanceclient's messages carry it. */
export function htmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');
}

const noEscape = (text: string) => text;

function body(fault: GlanceFault, quoteText: (text: string) => string): string {
  const { parts } = fault;
  if ('template' in parts) return parts.template(quoteText);
  return `${quoteText(parts.explanation)}<br /><br />\n${quoteText(parts.detail)}\n\n`;
}

/** webob's `strip_tags`: newlines become spaces, `<br>`s newlines, other tags vanish. */
function stripTags(text: string): string {
  return text
    .replace(/\n/g, ' ')
    .replace(/\r/g, '')
    .replace(/<br.*?>/gis, '\n')
    .replace(/<.*?>/gs, '');
}

/** The response for a fault, shaped by the request's Accept as WebOb shapes it. */
export function glanceFaultResponse(fault: GlanceFault, accept: string | null, headers: Headers): Response {
  const out = new Headers(headers);
  for (const [name, value] of Object.entries(fault.headers)) out.set(name, value);
  const title = REASON_PHRASES[fault.status] ?? 'Error';
  const status = `${fault.status} ${title}`;
  let text: string;
  switch (negotiate(accept)) {
    case 'json':
      out.set('content-type', 'application/json');
      text = pythonJson({ message: body(fault, noEscape), code: status, title });
      break;
    case 'html':
      out.set('content-type', 'text/html; charset=UTF-8');
      text = `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${body(fault, htmlEscape)}\n </body>\n</html>`;
      break;
    default:
      out.set('content-type', 'text/plain; charset=UTF-8');
      text = `${status}\n\n${stripTags(body(fault, noEscape))}`;
  }
  return new Response(text, { status: fault.status, headers: out });
}
