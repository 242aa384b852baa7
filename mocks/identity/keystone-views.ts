/**
 * Keystone v3's documents and bodies (identity-and-clients.md §2): the version documents, the
 * token body with its catalog, and Keystone's error bodies. keystone.ts answers with these.
 */

import { REASON_PHRASES } from '../reason-phrases.ts';
import type { Token } from './identity.ts';
import { stableHexId } from './ids.ts';

export const REGION = 'RegionOne';
const KEYSTONE_VERSION = 'v3.14';
const DOMAIN = { id: 'default', name: 'Default' };

/** Keystone's texts for its errors (keystone/exception.py). */
export const KEYSTONE_MESSAGES: Readonly<Record<number, string>> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
  401: 'The request you have made requires authentication.',
  403: 'You are not authorized to perform the requested action.',
  404: 'The resource could not be found.',
  409: 'Conflict occurred attempting to store token.',
  413: 'Request is too large.',
  429: 'Too many requests. Please try again later.',
  500: 'An unexpected error prevented the server from fulfilling your request.',
  503: 'The service is temporarily unavailable.',
};

function requestId(): string {
  return `req-${crypto.randomUUID()}`;
}

export function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(status === 204 || body === undefined ? null : JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json',
      vary: 'X-Auth-Token',
      'x-openstack-request-id': requestId(),
      ...extra,
    },
  });
}

/** `{"error": {"code", "title", "message"}}`, with `WWW-Authenticate` on 401 as Keystone sends it. */
export function keystoneError(
  status: number,
  identityUrl: string,
  message?: string,
  extra: Record<string, string> = {},
): Response {
  const headers: Record<string, string> = { ...extra };
  if (status === 401) headers['www-authenticate'] = `Keystone uri="${identityUrl}"`;
  const body = {
    error: {
      code: status,
      title: REASON_PHRASES[status] ?? 'Error',
      message: message ?? KEYSTONE_MESSAGES[status] ?? REASON_PHRASES[status] ?? 'Error',
    },
  };
  return json(status, body, headers);
}

function versionValue(identityUrl: string) {
  return {
    id: KEYSTONE_VERSION,
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${identityUrl}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

/** `GET /identity/v3`: keystoneauth requires `status` and a `self` link. */
export const versionDocument = (identityUrl: string) => ({ version: versionValue(identityUrl) });
/** `GET /identity`: Keystone answers 300 Multiple Choices. */
export const versionsDocument = (identityUrl: string) => ({
  versions: { values: [versionValue(identityUrl)] },
});

/** Keystone's timestamp form, e.g. `2026-11-28T05:37:08.000000Z`. */
export function keystoneTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function endpoints(service: string, url: string) {
  return (['public', 'internal', 'admin'] as const).map((iface) => ({
    id: stableHexId(`endpoint:${service}:${iface}`),
    interface: iface,
    region: REGION,
    region_id: REGION,
    url,
  }));
}

/**
 * The catalog: compute at `<public url>/v2.1/<project id>`, image (Glance) at `<public url>/image`
 * as DevStack mounts it, and identity itself; distinct service
 * names (pkgcloud keys services by name), `region` and `region_id` on every endpoint.
 */
export function catalog(publicUrl: string, projectId: string) {
  return [
    {
      id: stableHexId('service:compute'),
      type: 'compute',
      name: 'nova',
      endpoints: endpoints('compute', `${publicUrl}/v2.1/${projectId}`),
    },
    {
      id: stableHexId('service:image'),
      type: 'image',
      name: 'glance',
      endpoints: endpoints('image', `${publicUrl}/image`),
    },
    {
      id: stableHexId('service:identity'),
      type: 'identity',
      name: 'keystone',
      endpoints: endpoints('identity', `${publicUrl}/identity`),
    },
  ];
}

export function tokenBody(token: Token, publicUrl: string) {
  return {
    token: {
      methods: token.methods,
      user: { domain: DOMAIN, id: token.user.id, name: token.user.name, password_expires_at: null },
      audit_ids: [token.auditId],
      expires_at: keystoneTime(token.expiresAt),
      issued_at: keystoneTime(token.issuedAt),
      project: { domain: DOMAIN, id: token.project.id, name: token.project.name },
      is_domain: false,
      roles: token.roles,
      catalog: catalog(publicUrl, token.project.id),
    },
  };
}
