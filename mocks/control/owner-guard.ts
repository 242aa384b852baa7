/**
 * The standalone server's control plane belongs to the developer, not to any web page the
 * developer visits. A page on another origin can send simple requests (a POST with `text/plain`
 * needs no preflight, and CORS only hides the answer), and a page whose DNS name rebinds to
 * 127.0.0.1 is even same-origin to the browser. So the calls that change the mock's state —
 * every `/__mock` write and Keystone's token calls — are refused (403) when:
 *
 * - their `Origin` (browsers send it on every POST and DELETE) is neither the server's own origin
 *   nor one of the trusted origins (the `--cors-origin` list; `*` trusts none), or is `null`;
 * - their `Host` is not the server's own: an IP address, `localhost` (or `*.localhost`), or a
 *   configured name (`--allowed-host`, the `--public-url` host), unless any host is allowed.
 *
 * Clients that are not browsers (curl, SDKs, tests) send no Origin and their own Host: unaffected.
 * Nova's own API stays open to any origin, as Nova's is behind oslo's CORS middleware.
 */
import { isIP } from 'node:net';
import type { AppRequest } from '../app-request.ts';
import { parsedUrl } from '../received.ts';

export interface OwnerGuardOptions {
  /** Origins, besides the server's own, whose pages may change the mock's state. */
  trustedOrigins?: readonly string[];
  /** Host names, besides IP addresses and localhost, the server answers to; `'*'`: any. */
  allowedHosts?: readonly string[] | '*';
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The method a request would run: a preflight's announced one, else its own. */
function intendedMethod(request: AppRequest): string {
  const announced = request.headers.get('access-control-request-method');
  return (request.method === 'OPTIONS' && announced ? announced : request.method).toUpperCase();
}

function changesState(request: AppRequest): boolean {
  if (READ_METHODS.has(intendedMethod(request))) return false;
  // The path is part of the URL: a URL without either name needs no parse (a Nova write).
  if (!request.url.includes('__mock') && !request.url.includes('identity')) return false;
  const path = parsedUrl(request).pathname;
  return /^\/+(?:__mock|identity)(?:\/|$)/.test(path);
}

/** `host[:port]` → host, brackets of an IPv6 literal removed. */
function hostnameOf(hostHeader: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(hostHeader);
  if (bracketed) return bracketed[1] ?? '';
  return hostHeader.replace(/:\d*$/, '').toLowerCase();
}

function hostAllowed(hostHeader: string, options: OwnerGuardOptions): boolean {
  if (options.allowedHosts === '*') return true;
  const name = hostnameOf(hostHeader);
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  return (options.allowedHosts ?? []).some((allowed) => allowed.toLowerCase() === name);
}

function originAllowed(origin: string | null, hostHeader: string, options: OwnerGuardOptions): boolean {
  if (origin === null) return true;
  if (origin === `http://${hostHeader}`) return true;
  return (options.trustedOrigins ?? []).includes(origin);
}

function refused(request: AppRequest, message: string): Response {
  const path = parsedUrl(request).pathname;
  const error = /^\/+identity/.test(path)
    ? { code: 403, title: 'Forbidden', message }
    : { code: 403, message };
  return new Response(JSON.stringify({ error }), {
    status: 403,
    headers: { 'content-type': 'application/json' },
  });
}

/** A 403 for a state-changing control or Keystone call from a foreign page or host, else undefined. */
export function ownerGuard(request: AppRequest, options: OwnerGuardOptions): Response | undefined {
  if (!changesState(request)) return undefined;
  // The server builds the request's URL from its Host header.
  const host = parsedUrl(request).host;
  if (!hostAllowed(host, options)) {
    return refused(
      request,
      `Host '${host}' is not this server's name; start it with --allowed-host ${hostnameOf(host)} to answer to it`,
    );
  }
  const origin = request.headers.get('origin');
  if (!originAllowed(origin, host, options)) {
    return refused(
      request,
      `a page on ${origin} may not change this mock; start it with --cors-origin ${origin} to allow it`,
    );
  }
  return undefined;
}
