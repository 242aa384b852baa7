/** The credentials of a Keystone v3 auth request (`POST /v3/auth/tokens`), read leniently as Keystone does. */
import type { Credentials } from './identity.ts';

/** A malformed auth request: Keystone's 400, with this message. */
export class BadAuthRequest extends Error {}

function objectAt(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadAuthRequest(
      `Invalid input for field '${name}': ${JSON.stringify(value ?? null)} is not of type 'object'`,
    );
  }
  return value as Record<string, unknown>;
}

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Reads a v3 auth request; unknown keys (pkgcloud's `auth.tenantName`) are ignored. */
export function readCredentials(body: unknown): Credentials | 'unsupported' {
  const auth = objectAt(objectAt(body, 'body').auth, 'auth');
  const identity = objectAt(auth.identity, 'identity');
  const methods = identity.methods;
  if (!Array.isArray(methods) || methods.length === 0) {
    throw new BadAuthRequest("Invalid input for field 'identity': 'methods' is a required property");
  }
  let project: Credentials['project'];
  const scope = auth.scope;
  if (typeof scope === 'object' && scope !== null) {
    const scoped = (scope as Record<string, unknown>).project;
    if (typeof scoped === 'object' && scoped !== null) {
      const fields = scoped as Record<string, unknown>;
      project = { id: optionalString(fields.id), name: optionalString(fields.name) };
      if (project.id === undefined && project.name === undefined) project = undefined;
    }
  }
  if (methods.includes('password')) {
    const user = objectAt(objectAt(identity.password, 'password').user, 'user');
    return {
      method: 'password',
      userName: optionalString(user.name),
      userId: optionalString(user.id),
      password: optionalString(user.password),
      project,
    };
  }
  if (methods.includes('token')) {
    return { method: 'token', tokenId: optionalString(objectAt(identity.token, 'token').id), project };
  }
  return 'unsupported';
}
