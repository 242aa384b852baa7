/**
 * What the app reads of a request: its method, URL, headers and body. A fetch `Request` is one;
 * the standalone server hands the app a plain stand-in for a request without a body
 * (http-request.ts), which costs a fraction of a Request to make. Nova's API and its version
 * documents read no more than this; the parts of the mock that read more (the control plane,
 * Keystone, Glance's API) are given a Request made from it (`fetchRequest`).
 */
import { receivedOf, rememberReceived } from './received.ts';

export type AppRequest = Pick<Request, 'method' | 'url' | 'headers' | 'body'>;

/** The request as a fetch Request: itself, or one made from the bodiless stand-in. */
export function fetchRequest(request: AppRequest): Request {
  if (request instanceof Request) return request;
  const made = new Request(request.url, { method: request.method, headers: request.headers });
  const received = receivedOf(request);
  if (received !== undefined) rememberReceived(made, received);
  return made;
}
