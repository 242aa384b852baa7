/**
 * One request's path through Nova (DESIGN.md), in Nova's processing order (behaviour spec §3):
 * routing (pure, so injection can name the endpoint) -> error injection -> body size -> auth ->
 * route 404 -> microversion -> Content-Type -> JSON body -> project id -> microversion gate ->
 * validation + Nova's proxy to Glance + view. The version is negotiated, the caller resolved and
 * the body read once each; every step returns or throws, and a NovaFault thrown anywhere after
 * routing becomes Nova's error body with the version headers.
 */

import type { Journal } from '../control/journal.ts';
import type { Identity } from '../identity/identity.ts';
import { authenticate, novaUnauthorized } from '../identity/middleware.ts';
import { injectedNovaFault } from '../injection/bodies.ts';
import { decideInjection, MOCK_ERROR_PARAM } from '../injection/guard.ts';
import type { ErrorInjector } from '../injection/injector.ts';
import { readRequestBody } from '../request-body.ts';
import type { Caller } from '../types.ts';
import { assertAcceptedContentType, parseJsonBody, responseContentType } from './content-type.ts';
import { badRequest, ServerErredFault } from './faults.ts';
import type { MetadataContext } from './image-metadata.ts';
import { type ApiResult, callImagesApi } from './images-api.ts';
import { projectSegmentFor } from './links.ts';
import {
  assertVersionAtMost,
  IMAGES_MAX_VERSION,
  METADATA_MAX_VERSION,
  MIN_VERSION,
  type Microversion,
} from './microversion.ts';
import { type Negotiated, negotiate, withVersion } from './negotiation.ts';
import type { ReleaseProfile } from './release.ts';
import {
  faultResponse,
  jsonResponse,
  jsonTextResponse,
  plainErrorResponse,
  requestIdHeaders,
  toFault,
} from './responses.ts';
import { type Endpoint, matchRoute, type RouteMatch, routablePath } from './routes.ts';
import { v20Document, v21Document } from './versions.ts';
import { bodyTooLarge, forMethod, routeNotFound } from './webob.ts';

/** What the Nova API needs of the mock. */
export interface NovaApiContext {
  nova: MetadataContext;
  identity: Identity;
  errors: ErrorInjector;
  journal: Journal;
  config: {
    projectId: string;
    maxLimit: number;
    maxBodyBytes: number;
    glanceUrl: string | undefined;
    release: ReleaseProfile;
  };
}

/** Where a request landed below the mock's base path. */
export interface Site {
  url: URL;
  /** The path below the base path, as sent. */
  path: string;
  /** The query string as sent, without `?` (a `#` is part of it). */
  search: string;
  /** The request's URL as Nova sees it. */
  href: string;
  /** `<public url>`: the configured one, or the request's origin + base path. */
  publicUrl: string;
}

/** The parts of a request every later step reads, worked out once. */
interface Call {
  request: Request;
  /** `/v2.1` or `/v2` */
  prefix: string;
  legacyV2: boolean;
  /** The path below the mount prefix. */
  rest: string;
  query: URLSearchParams;
  href: string;
  publicUrl: string;
  identityUrl: string;
  accept: string | null;
  release: ReleaseProfile;
}

const MOUNT = /^\/(v2(?:\.1)?)(\/.*)?$/;

/** Everything under `/v2.1` and `/v2`. */
export async function handleNova(request: Request, site: Site, context: NovaApiContext): Promise<Response> {
  const headers = requestIdHeaders();
  const call = callOf(request, site, context.config.release);
  if (call === undefined) return plainErrorResponse(routeNotFound(request.headers.get('accept')), headers);
  const bodyText = await readRequestBody(request, context.config.maxBodyBytes);
  const bare = call.rest === '' || call.rest === '/';
  const route = bare ? undefined : matchRoute(request.method, call.rest);
  const negotiated = negotiate(request.headers, headers, call.legacyV2, call.release.maxVersion);

  if (route && route.endpoint !== 'version.show') {
    const injected = await injectedAnswer(call, route, context, headers, negotiated);
    if (injected) return injected;
  }
  // §2.1: the bare mount is the version document, served to any method without routing or auth;
  // api-paste.ini maps it to the version pipeline, which has no sizelimit filter.
  if (bare) return versionDocument(call, negotiated);
  if (bodyText.tooLarge) {
    return plainErrorResponse(
      forMethod(bodyTooLarge(context.config.maxBodyBytes, call.accept), request.method),
      headers,
    );
  }
  // §6: keystonemiddleware, before routing.
  const { caller, rejected } = authenticate(context.identity, request.headers, context.config.projectId);
  if (rejected) return novaUnauthorized(call.identityUrl, headers);
  if (!route) return plainErrorResponse(forMethod(routeNotFound(call.accept), request.method), headers);
  try {
    if (negotiated.fault) throw negotiated.fault;
    assertAcceptedContentType(request.headers.get('content-type'));
    const body = hasJsonBody(request.method) ? parseJsonBody(bodyText.text) : undefined;
    if (route.projectId !== undefined && route.projectId !== caller.projectId) {
      throw badRequest(
        `Malformed request URL: URL's project_id '${route.projectId}' doesn't match Context's project_id '${caller.projectId}'`,
      );
    }
    if (route.endpoint === 'version.show') {
      // The version controller answers for the mount it is called under (`req.is_legacy_v2()`).
      const document = call.legacyV2 ? v20Document : v21Document;
      return jsonResponse(200, document(call.publicUrl, call.release), negotiated.headers);
    }
    assertVersionAtMost(negotiated.version, maxVersionOf(route.endpoint));
    const result = runEndpoint(call, { ...route, endpoint: route.endpoint }, caller, body, context);
    const json = result.status === 204 ? null : result.json;
    return jsonTextResponse(result.status, json, negotiated.headers, responseContentType(call.accept));
  } catch (error) {
    return faultResponse(toFault(error), faultHeaders(error, call, negotiated));
  }
}

/** §4.4: FaultWrapper's 500 is made outside the `/v2` wrapper, so it keeps the 2.1 headers. */
function faultHeaders(error: unknown, call: Call, negotiated: Negotiated): Headers {
  return call.legacyV2 && error instanceof ServerErredFault
    ? withVersion(negotiated.headers, MIN_VERSION)
    : negotiated.headers;
}

/** The mount a request landed on, or undefined outside `/v2` and `/v2.1` (WebOb's 404). */
function callOf(request: Request, site: Site, release: ReleaseProfile): Call | undefined {
  const match = MOUNT.exec(routablePath(site.path));
  if (!match) return undefined;
  const query = new URLSearchParams(site.search);
  // The one-off error rule is the mock's, not Nova's: Nova never sees it (§15.1 would 500 on it).
  query.delete(MOCK_ERROR_PARAM);
  return {
    request,
    prefix: `/${match[1]}`,
    legacyV2: match[1] === 'v2',
    rest: match[2] ?? '',
    query,
    href: site.href,
    publicUrl: site.publicUrl,
    identityUrl: `${site.publicUrl}/identity`,
    accept: request.headers.get('accept'),
    release,
  };
}

/** Validation, Nova's controllers over Glance, the view. */
function runEndpoint(
  call: Call,
  route: Omit<RouteMatch, 'endpoint'> & { endpoint: Endpoint },
  caller: Caller,
  body: unknown,
  context: NovaApiContext,
): ApiResult {
  return callImagesApi({
    ...route,
    nova: context.nova,
    caller,
    query: call.query,
    body,
    legacyV2: call.legacyV2,
    links: {
      appUrl: `${call.publicUrl}${call.prefix}`,
      projectSegment: projectSegmentFor(call.href, caller.projectId),
      glanceUrl: context.config.glanceUrl ?? `${call.publicUrl}/image`,
    },
    maxLimit: context.config.maxLimit,
    querySchemas: call.release.querySchemas,
  });
}

/** §2.1, §5.4: `/v2` gets the v2.0 document without version headers; `/v2.1` is negotiated. */
function versionDocument(call: Call, negotiated: Negotiated): Response {
  if (call.legacyV2) return jsonResponse(200, v20Document(call.publicUrl, call.release), negotiated.headers);
  if (negotiated.fault) return faultResponse(negotiated.fault, negotiated.headers);
  return jsonResponse(200, v21Document(call.publicUrl, call.release), negotiated.headers);
}

/**
 * The first guard (DESIGN.md): decided from the route alone, before anything is read from or
 * written to the image service. An injected fault carries the version headers any Nova fault
 * would (§5.2); an injected 401 is keystonemiddleware's, without them.
 */
async function injectedAnswer(
  call: Call,
  route: RouteMatch,
  context: NovaApiContext,
  headers: Headers,
  negotiated: Negotiated,
): Promise<Response | undefined> {
  const decided = await decideInjection(call.request, context, {
    endpoint: route.endpoint,
    imageId: route.imageId || undefined,
  });
  if (decided === undefined || decided instanceof Response) return decided;
  const { status } = decided;
  if (status === 'network') return Response.error();
  if (status === 401) return novaUnauthorized(call.identityUrl, headers, decided.message);
  if (status === undefined) return undefined;
  const fault = injectedNovaFault(status, route.endpoint, route.imageId, call.query, decided);
  return faultResponse(fault, negotiated.headers);
}

/** §5.3: images endpoints end at 2.35, metadata endpoints at 2.38. */
function maxVersionOf(endpoint: string): Microversion {
  return endpoint.startsWith('images.') ? IMAGES_MAX_VERSION : METADATA_MAX_VERSION;
}

function hasJsonBody(method: string): boolean {
  return method === 'POST' || method === 'PUT';
}
