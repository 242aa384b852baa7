/**
 * The answer of Nova's HTTP server (eventlet over Python's http.server) to a request line it
 * cannot parse: http/server.py `BaseHTTPRequestHandler.parse_request` and `send_error`, whose
 * message is also the reason phrase (measured: `GET /v2.1/images?name=a b HTTP/1.1` is
 * `400 Bad request syntax ('GET /v2.1/images?name=a b HTTP/1.1')` with Python's HTML page).
 */
import { pyRepr } from './nova/python-repr.ts';

const EXPLANATIONS: Readonly<Record<number, string>> = {
  400: 'Bad request syntax or unsupported method',
  505: 'Cannot fulfill request.',
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `parse_request`'s refusal of a request line (latin-1 text), or undefined when it has none. */
function refusal(requestLine: string): { status: number; message: string } | undefined {
  const words = requestLine.split(/[ \t\n\r\f\v]+/).filter(Boolean);
  if (words.length === 0) return undefined;
  if (words.length >= 3) {
    const version = words.at(-1) ?? '';
    const numbers = version.startsWith('HTTP/') ? version.slice(5).split('.') : [];
    if (numbers.length !== 2 || numbers.some((part) => !/^\d{1,10}$/.test(part))) {
      return { status: 400, message: `Bad request version (${pyRepr(version)})` };
    }
    if (Number(numbers[0]) >= 2)
      return { status: 505, message: `Invalid HTTP version (${version.slice(5)})` };
  }
  if (words.length < 2 || words.length > 3) {
    return { status: 400, message: `Bad request syntax (${pyRepr(requestLine)})` };
  }
  if (words.length === 2 && words[0] !== 'GET') {
    return { status: 400, message: `Bad HTTP/0.9 request type (${pyRepr(words[0])})` };
  }
  return undefined;
}

/** The bytes `send_error` writes for a packet whose request line Python refuses; undefined otherwise. */
export function pythonRequestLineError(packet: Buffer): Buffer | undefined {
  const text = packet.toString('latin1');
  const end = text.indexOf('\n');
  if (end < 0) return undefined;
  const line = text
    .slice(0, end)
    .replace(/\r?\n?$/, '')
    .replace(/\r$/, '');
  const refused = refusal(line);
  if (refused === undefined) return undefined;
  const { status, message } = refused;
  const body = Buffer.from(
    '<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n' +
      '        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n' +
      `        <p>Error code: ${status}</p>\n        <p>Message: ${escapeHtml(message)}.</p>\n` +
      `        <p>Error code explanation: ${status} - ${escapeHtml(EXPLANATIONS[status] ?? '???')}.</p>\n` +
      '    </body>\n</html>\n',
  );
  const head =
    `HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Type: text/html;charset=utf-8\r\n` +
    `Content-Length: ${body.byteLength}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
