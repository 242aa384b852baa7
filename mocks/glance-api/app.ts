/**
 * One Glance request's path, in the order of Glance's paste pipeline (`versionnegotiation
 * authtoken context rootapp`): version documents before authentication, then the token, then
 * the v2 router. Error injection comes first, as for Nova. Runtime-agnostic: Request in,
 * Response out.
 */

import type { Journal } from '../control/journal.ts';
import { GlanceError } from '../glance/errors.ts';
import type { ImageService } from '../glance/image-service.ts';
import type { Identity } from '../identity/identity.ts';
import { authenticate } from '../identity/middleware.ts';
import { injectGlance, MOCK_ERROR_PARAM } from '../injection/guard.ts';
import type { ErrorInjector } from '../injection/injector.ts';
import type { Site } from '../nova/pipeline.ts';
import { routablePath } from '../nova/routes.ts';
import { parsedUrl } from '../received.ts';
import { readUpTo } from '../request-body.ts';
import type { Caller } from '../types.ts';
import { GlanceFault, glanceError, glanceFaultResponse, methodNotAllowed } from './faults.ts';
import { callGlanceApi } from './images-api.ts';
import { pythonJson } from './python-json.ts';
import { type GlanceRouting, matchGlanceRoute } from './routes.ts';
import { faultForRefusal } from './store-faults.ts';
import { glanceUnauthorized } from './unauthorized.ts';
import { ACCEPTED_VERSIONS, glanceVersions } from './versions.ts';

/** Where DevStack mounts Glance below the cloud's public URL, and so does the mock. */
export const GLANCE_MOUNT = '/image';

export { DEFAULT_MAX_IMAGE_BYTES } from '../options.ts';

/** What the Glance API shares with the rest of the mock. */
export interface GlanceHost {
  store: ImageService;
  identity: Identity;
  errors: ErrorInjector;
  journal: Journal;
  /** The caller's project when no token says otherwise. */
  config: { projectId: string };
}

export interface GlanceAppConfig {
  /** Larger JSON bodies get a 413. */
  maxBodyBytes: number;
  /** Larger uploads get Glance's "The incoming image is too large" 413. */
  maxImageBytes: number;
}

const VERSIONED_MEDIA_TYPE = 'application/vnd.openstack.images-';

function requestIdHeaders(): Headers {
  return new Headers({ 'x-openstack-request-id': `req-${crypto.randomUUID()}` });
}

function versionsResponse(status: 200 | 300, glanceUrl: string): Response {
  return new Response(pythonJson(glanceVersions(glanceUrl)), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * The request body, or undefined when it is longer than `limit` (read no further than that). The
 * rest is left unread, not cancelled, as for Nova (request-body.ts): cancelled, an intercepted
 * request's answer never arrived under msw (tests/glance-limits.test.ts), and node:http's socket
 * would be cut before the 413.
 */
async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (request.body === null) return new Uint8Array(0);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return undefined;
  const reader = request.body.getReader();
  const read = await readUpTo(reader, limit);
  if (!read.over) return read.bytes;
  reader.releaseLock();
  return undefined;
}

/**
 * version_negotiation.py: `/versions` is the list itself; a version comes from a vendor media
 * type in Accept or else the first path segment; anything else gets the choices. The path below
 * the version, or the versions document to answer.
 */
function negotiateVersion(below: string, accept: string | null, glanceUrl: string): string | Response {
  const [first = '', ...others] = below.replace(/^\/+/, '').split('/');
  if (first === 'versions') return versionsResponse(200, glanceUrl);
  if (accept?.startsWith(VERSIONED_MEDIA_TYPE)) {
    return ACCEPTED_VERSIONS.has(accept.slice(VERSIONED_MEDIA_TYPE.length))
      ? below
      : versionsResponse(300, glanceUrl);
  }
  if (!ACCEPTED_VERSIONS.has(first)) return versionsResponse(300, glanceUrl);
  return others.length > 0 ? `/${others.join('/')}` : '';
}

/**
 * A path whose percent-escapes are no UTF-8 (`/v2/images/%ff`) breaks WebOb's decoding of it in
 * Glance's first middleware, before any request id; eventlet's wsgi server then answers its own
 * bare 500 (eventlet/wsgi.py `handle_one_response`, measured on Glance 25.1.0).
 */
function escapesAreUtf8(path: string): boolean {
  try {
    decodeURIComponent(path.replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
    return true;
  } catch {
    return false;
  }
}

const EVENTLET_500 = () => new Response(null, { status: 500, headers: { 'content-type': 'text/plain' } });

/** What a step threw, as the fault Glance answers with: the service's refusals in Glance's words. */
function faultOf(error: unknown, routing: GlanceRouting): GlanceFault {
  if (error instanceof GlanceFault) return error;
  if (error instanceof GlanceError && routing !== undefined && 'endpoint' in routing) {
    return faultForRefusal(error, routing);
  }
  return glanceError(500);
}

/** A routed, authenticated request's endpoint call (its body read up to the endpoint's limit). */
interface RoutedCall {
  request: Request;
  routing: GlanceRouting;
  caller: Caller;
  query: URLSearchParams;
  glanceUrl: string;
}

export class GlanceApp {
  constructor(
    readonly host: GlanceHost,
    readonly config: GlanceAppConfig,
  ) {}

  /** Everything under `<base>/image`. */
  async handle(request: Request, site: Site): Promise<Response> {
    const query = new URLSearchParams(parsedUrl(request).search);
    // The one-off error rule is the mock's; Glance would take it for a property filter.
    query.delete(MOCK_ERROR_PARAM);
    const glanceUrl = `${site.publicUrl}${GLANCE_MOUNT}`;
    const accept = request.headers.get('accept');
    const below = site.path.slice(GLANCE_MOUNT.length);
    if (!escapesAreUtf8(below)) return EVENTLET_500();
    const path = negotiateVersion(routablePath(below), accept, glanceUrl);
    if (typeof path !== 'string') return path;
    const routing = matchGlanceRoute(request.method, path);
    const headers = requestIdHeaders();
    const identityUrl = `${site.publicUrl}/identity`;
    if (routing !== undefined && 'endpoint' in routing) {
      const injected = await injectGlance(request, this.host, {
        endpoint: routing.endpoint,
        imageId: routing.imageId,
        headers,
        identityUrl,
      });
      if (injected) return injected;
    }
    const { caller, rejected } = authenticate(
      this.host.identity,
      request.headers,
      this.host.config.projectId,
    );
    if (rejected) return glanceUnauthorized(identityUrl, accept, undefined);
    try {
      const response = await this.#call({ request, routing, caller, query, glanceUrl });
      for (const [name, value] of headers) response.headers.set(name, value);
      return response;
    } catch (error) {
      return glanceFaultResponse(faultOf(error, routing), accept, headers);
    }
  }

  /** The route's 404 or 405, the body's 413, or the endpoint's answer. */
  async #call({ request, routing, caller, query, glanceUrl }: RoutedCall): Promise<Response> {
    if (routing === undefined) throw glanceError(404);
    if (!('endpoint' in routing)) throw methodNotAllowed(request.method, routing.allowed);
    const upload = routing.endpoint === 'glance.images.upload';
    const body = await readBody(request, upload ? this.config.maxImageBytes : this.config.maxBodyBytes);
    if (body === undefined) {
      throw upload
        ? glanceError(413, 'The incoming image is too large: The provided image is too large.')
        : glanceError(413);
    }
    return callGlanceApi(this.host.store, {
      route: routing,
      caller,
      query,
      contentType: request.headers.get('content-type'),
      body,
      glanceUrl,
    });
  }
}
