/**
 * What the app reads of a request: its method, URL, headers and body. A fetch `Request` is one;
 * the standalone server hands the app a plain stand-in for a GET without a body, a DELETE, a POST
 * or a PUT (http-request.ts), which costs a fraction of a Request to make, and whose body the app
 * reads without a web stream (received.ts `ReceivedBody`). Nova's API and its version
 * documents read no more than this; the parts of the mock that read more (the control plane,
 * Keystone, Glance's API) are given a Request made from it (`fetchRequest`).
 */
import { receivedOf, rememberReceived } from './received.ts';

/**
 * What the app reads of a request's headers: names looked up, and the pairs to copy into a
 * Request. A fetch Headers is one; so is the standalone server's ReceivedHeaders, read in place.
 */
export type RequestHeaders = Pick<Headers, 'get' | 'has'> & Iterable<[string, string]>;

export type AppRequest = Pick<Request, 'method' | 'url' | 'body'> & { readonly headers: RequestHeaders };

/** The request as a fetch Request: itself, or one made from the bodiless stand-in. */
export function fetchRequest(request: AppRequest): Request {
  if (request instanceof Request) return request;
  const made = new Request(request.url, {
    method: request.method,
    headers: [...request.headers],
    body: request.body,
    duplex: 'half',
  } as RequestInit);
  const received = receivedOf(request);
  // The Request reads its body through its stream.
  if (received !== undefined) rememberReceived(made, { ...received, body: undefined });
  return made;
}
