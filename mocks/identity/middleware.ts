/**
 * keystonemiddleware's auth_token in front of Nova (behaviour spec §6): the request's
 * `X-Auth-Token`, looked up once, decides who is calling and whether the request is refused.
 */
import type { Caller } from '../types.ts';
import type { Identity, Token } from './identity.ts';

export interface Authentication {
  /** The valid token's project and roles (`admin` role = admin), else the configured project. */
  caller: Caller;
  /** §6: with `auth: 'token'`, a request without a valid token gets keystonemiddleware's 401. */
  rejected: boolean;
}

/** The request's valid token, if any. */
export function requestToken(identity: Identity, headers: Headers): Token | undefined {
  const tokenId = headers.get('x-auth-token');
  return tokenId ? identity.validate(tokenId) : undefined;
}

export function authenticate(identity: Identity, headers: Headers, defaultProjectId: string): Authentication {
  const token = requestToken(identity, headers);
  const caller: Caller = token
    ? { projectId: token.project.id, admin: token.roles.some((role) => role.name === 'admin') }
    : { projectId: defaultProjectId };
  return { caller, rejected: identity.auth === 'token' && token === undefined };
}
