/**
 * The reason phrase of each status the mock answers with, as Nova's server (eventlet + WebOb)
 * sends it, for every runtime: the standalone server writes it on the status line, and a browser
 * `Response` made by the worker has an empty `statusText` unless it is given one. They are also the
 * `title` of Glance's and Keystone's error bodies (WebOb's status titles; keystone/exception.py
 * takes `http.client.responses`), which say the same.
 */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  300: 'Multiple Choices',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  // WebOb's HTTPRequestEntityTooLarge title (node:http would say 'Payload Too Large'); libcloud
  // prints the phrase to its users. Measured: tests/conformance (issue #10 class 9).
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The same response with the status's reason phrase, when it has none. */
export function withReasonPhrase(response: Response): Response {
  const statusText = REASON_PHRASES[response.status];
  if (response.statusText || statusText === undefined) return response;
  return new Response(response.body, { status: response.status, statusText, headers: response.headers });
}
