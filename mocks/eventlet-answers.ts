/**
 * What Nova's server (eventlet.wsgi and the http.server it builds on) answers by itself, before a
 * request reaches Nova: the standalone server sends the same for the same requests.
 */

export interface ServerAnswer {
  status: number;
  reason: string;
  /** Raw header list: name, value, name, value… */
  headers: string[];
  body: string;
}

/** eventlet's answer to a target that is no path (`OPTIONS *`, `CONNECT host:port`): a bare 500. */
export const NO_PATH_ANSWER: ServerAnswer = {
  status: 500,
  reason: 'Internal Server Error',
  headers: ['content-type', 'text/plain', 'content-length', '0'],
  body: '',
};

/**
 * eventlet.wsgi `HttpProtocol.handle_one_request`: a request line (CRLF included) of
 * `url_length_limit` (MAX_REQUEST_LINE, 8192) bytes or more is refused with RESPONSE_414.
 */
export const MAX_REQUEST_LINE = 8192;
export const REQUEST_LINE_TOO_LONG_ANSWER: ServerAnswer = {
  status: 414,
  reason: 'Request URI Too Long',
  headers: ['connection', 'close', 'content-length', '0'],
  body: '',
};

/**
 * http.client `_read_headers` stops at more than `_MAXHEADERS` (100) lines, counting the blank
 * line that ends them, so 100 header lines are too many; http.server then answers with its own
 * HTML error page (BaseHTTPRequestHandler.send_error, DEFAULT_ERROR_MESSAGE). Measured on the
 * real Nova 26.2.2: 99 header lines pass, 100 get this 431.
 */
export const MAX_HEADER_LINES = 99;
const TOO_MANY_HEADERS_PAGE = `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: 431</p>
        <p>Message: Too many headers.</p>
        <p>Error code explanation: 431 - got more than 100 headers.</p>
    </body>
</html>
`;
export const TOO_MANY_HEADERS_ANSWER: ServerAnswer = {
  status: 431,
  reason: 'Too many headers',
  headers: [
    'connection',
    'close',
    'content-type',
    'text/html;charset=utf-8',
    'content-length',
    String(Buffer.byteLength(TOO_MANY_HEADERS_PAGE)),
  ],
  body: TOO_MANY_HEADERS_PAGE,
};

/** The answer as bytes, for a socket node's HTTP server does not write to itself. */
export function answerBytes(answer: ServerAnswer): string {
  let head = `HTTP/1.1 ${answer.status} ${answer.reason}\r\n`;
  for (let index = 0; index + 1 < answer.headers.length; index += 2) {
    head += `${answer.headers[index]}: ${answer.headers[index + 1]}\r\n`;
  }
  return `${head}\r\n${answer.body}`;
}

/** The length of the request line eventlet compares with MAX_REQUEST_LINE. */
export function requestLineLength(method: string, target: string, httpVersion: string): number {
  return Buffer.byteLength(`${method} ${target} HTTP/${httpVersion}\r\n`, 'latin1');
}
