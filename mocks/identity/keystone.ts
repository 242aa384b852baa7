/**
 * Keystone v3 over HTTP, as far as real clients need it (identity-and-clients.md §2): version
 * documents, `POST /v3/auth/tokens` (password and token methods) answering 201 with
 * `X-Subject-Token`, token validation and revocation, and Keystone's error bodies.
 */

import { jsonDepth } from '../nova/json-depth.ts';
import { readRequestBody } from '../request-body.ts';
import type { Credentials, Identity, Token } from './identity.ts';
import { stableHexId } from './ids.ts';
import { requestToken } from './middleware.ts';

export const REGION = 'RegionOne';
const KEYSTONE_VERSION = 'v3.14';
const DOMAIN = { id: 'default', name: 'Default' };

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

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

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
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
      title: TITLES[status] ?? 'Error',
      message: message ?? KEYSTONE_MESSAGES[status] ?? TITLES[status] ?? 'Error',
    },
  };
  return json(status, body, headers);
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

class BadAuthRequest extends Error {}

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

export interface KeystoneContext {
  identity: Identity;
  /** `<public url>` of the mock; Keystone answers at `<public url>/identity`. */
  publicUrl: string;
  /** Called after every token issued (scenarios count per token). */
  onTokenIssued?: (token: Token) => void;
  /** Larger log-in bodies get Keystone's 413, unread. */
  maxBodyBytes: number;
}

const MAX_AUTH_BODY_DEPTH = 32;

/** Answers a request below `/identity`; `path` is the part after it (`''`, `/v3`, `/v3/auth/tokens`…). */
export async function handleKeystone(
  request: Request,
  path: string,
  context: KeystoneContext,
): Promise<Response> {
  const identityUrl = `${context.publicUrl}/identity`;
  const method = request.method;
  if (path === '' || path === '/') {
    if (method === 'GET' || method === 'HEAD') return json(300, versionsDocument(identityUrl));
  } else if (path === '/v3' || path === '/v3/') {
    if (method === 'GET' || method === 'HEAD') return json(200, versionDocument(identityUrl));
  } else if (path === '/v3/auth/tokens') {
    if (method === 'POST') return issueToken(request, context, identityUrl);
    if (method === 'GET' || method === 'HEAD')
      return checkToken(request, context, identityUrl, method === 'GET');
    if (method === 'DELETE') return revokeToken(request, context, identityUrl);
    return keystoneError(405, identityUrl, `The method ${method} is not allowed for the requested URL.`);
  }
  return keystoneError(404, identityUrl);
}

async function issueToken(
  request: Request,
  context: KeystoneContext,
  identityUrl: string,
): Promise<Response> {
  let credentials: Credentials | 'unsupported';
  const { text, tooLarge } = await readRequestBody(request, context.maxBodyBytes);
  // keystone/server/flask/request_processing/middleware: oslo's size limiter answers RequestTooLarge.
  if (tooLarge) return keystoneError(413, identityUrl);
  try {
    // An auth request nests six levels; a far deeper one is refused before anything walks it.
    if (jsonDepth(text) > MAX_AUTH_BODY_DEPTH)
      throw new BadAuthRequest(`The request body nests deeper than ${MAX_AUTH_BODY_DEPTH} levels.`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BadAuthRequest(KEYSTONE_MESSAGES[400] as string);
    }
    credentials = readCredentials(body);
  } catch (error) {
    if (error instanceof BadAuthRequest) return keystoneError(400, identityUrl, error.message);
    throw error;
  }
  if (credentials === 'unsupported') return keystoneError(401, identityUrl);
  const token = context.identity.authenticate(credentials);
  if (!token) return keystoneError(401, identityUrl);
  context.onTokenIssued?.(token);
  return json(201, tokenBody(token, context.publicUrl), { 'x-subject-token': token.id });
}

/** `GET|HEAD /v3/auth/tokens`: validates `X-Subject-Token` for the holder of `X-Auth-Token`. */
function checkToken(
  request: Request,
  context: KeystoneContext,
  identityUrl: string,
  withBody: boolean,
): Response {
  if (!requestToken(context.identity, request.headers)) return keystoneError(401, identityUrl);
  const subjectId = request.headers.get('x-subject-token') ?? '';
  const subject = context.identity.validate(subjectId);
  if (!subject) return keystoneError(404, identityUrl, `Could not find token: ${subjectId}.`);
  const response = json(200, tokenBody(subject, context.publicUrl), { 'x-subject-token': subject.id });
  return withBody ? response : new Response(null, { status: 200, headers: response.headers });
}

function revokeToken(request: Request, context: KeystoneContext, identityUrl: string): Response {
  if (!requestToken(context.identity, request.headers)) return keystoneError(401, identityUrl);
  const subjectId = request.headers.get('x-subject-token') ?? '';
  if (!context.identity.validate(subjectId))
    return keystoneError(404, identityUrl, `Could not find token: ${subjectId}.`);
  context.identity.revoke(subjectId);
  return json(204, undefined);
}
