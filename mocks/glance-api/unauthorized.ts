/**
 * Glance's 401: keystonemiddleware in front of Glance only marks the request unconfirmed
 * (`delay_auth_decision = true` in Glance's paste file); Glance's ContextMiddleware then raises
 * WebOb's HTTPUnauthorized, and keystonemiddleware's `process_response` adds WWW-Authenticate to
 * it (keystonemiddleware/auth_token/__init__.py). No request id: that middleware comes later.
 */
import { glanceError, glanceFaultResponse } from './faults.ts';

export function glanceUnauthorized(identityUrl: string, accept: string | null, message?: string): Response {
  const headers = new Headers({ 'www-authenticate': `Keystone uri="${identityUrl}"` });
  return glanceFaultResponse(glanceError(401, message), accept, headers);
}
