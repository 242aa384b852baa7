/**
 * keystonemiddleware's auth_token in front of Nova (behaviour spec §6): the request's
 * `X-Auth-Token`, looked up once, decides who is calling and whether the request is refused.
 */
import type { RequestHeaders } from '../app-request.ts';
import type { Caller } from '../types.ts';
import type { Identity, Token } from './identity.ts';
import { KEYSTONE_MESSAGES } from './keystone-views.ts';

export interface Authentication {
  /** The valid token's project and roles (`admin` role = admin), else the configured project. */
  caller: Caller;
  /** §6: with `auth: 'token'`, a request without a valid token gets keystonemiddleware's 401. */
  rejected: boolean;
}

/** The request's valid token, if any. */
export function requestToken(identity: Identity, headers: RequestHeaders): Token | undefined {
  const tokenId = headers.get('x-auth-token');
  return tokenId ? identity.validate(tokenId) : undefined;
}

export function authenticate(
  identity: Identity,
  headers: RequestHeaders,
  defaultProjectId: string,
): Authentication {
  const token = requestToken(identity, headers);
  const caller: Caller = token
    ? { projectId: token.project.id, admin: token.roles.some((role) => role.name === 'admin') }
    : { projectId: defaultProjectId };
  return { caller, rejected: identity.auth === 'token' && token === undefined };
}

/** The body keystonemiddleware sends with its 401 (behaviour spec §6); the same shape as Keystone's. */
export const UNAUTHORIZED_BODY = {
  error: { code: 401, title: 'Unauthorized', message: KEYSTONE_MESSAGES[401] as string },
};

/**
 * §6: keystonemiddleware's 401 in front of Nova: its JSON body, `WWW-Authenticate`, Nova's
 * request-id headers (given), no microversion headers.
 */
export function novaUnauthorized(identityUrl: string, headers: Headers, message?: string): Response {
  const out = new Headers(headers);
  // keystonemiddleware builds it with webob.exc.HTTPUnauthorized(content_type='application/json',
  // charset='UTF-8'); WebOb 1.8 adds no charset to a JSON type (measured: tests/conformance).
  out.set('content-type', 'application/json');
  out.set('www-authenticate', `Keystone uri="${identityUrl}"`);
  const body = message ? { error: { ...UNAUTHORIZED_BODY.error, message } } : UNAUTHORIZED_BODY;
  return new Response(JSON.stringify(body), { status: 401, headers: out });
}
