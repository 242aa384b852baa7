/**
 * One request's path through Nova (DESIGN.md), in Nova's processing order (behaviour spec §3):
 * routing (pure, so injection can name the endpoint) -> error injection -> body size -> auth ->
 * route 404 -> microversion -> Content-Type -> JSON body -> project id -> microversion gate ->
 * validation + Nova's proxy to Glance + view. The version is negotiated, the caller resolved and
 * the body read once each; every step returns or throws, and a NovaFault thrown anywhere after
 * routing becomes Nova's error body with the version headers.
 */

import type { AppRequest } from '../app-request.ts';
import type { Journal } from '../control/journal.ts';
import type { Identity } from '../identity/identity.ts';
import { authenticate, novaUnauthorized } from '../identity/middleware.ts';
import { injectedNovaFault } from '../injection/bodies.ts';
import { injectionOf, MOCK_ERROR_PARAM, withDelay } from '../injection/guard.ts';
import type { ErrorInjector, Injection } from '../injection/injector.ts';
import { type RequestBody, readRequestBody } from '../request-body.ts';
import type { Caller } from '../types.ts';
import { resourceBody, responseContentType } from './content-type.ts';
import { badRequest, notFound, RESOURCE_NOT_FOUND, ServerErredFault, unexpectedApiError } from './faults.ts';
import type { HeaderList } from './header-list.ts';
import type { MetadataContext } from './image-metadata.ts';
import { type ApiResult, callImagesApi } from './images-api.ts';
import { type LinkContext, projectSegmentFor } from './links.ts';
import { routingMethod } from './method-override.ts';
import {
  assertVersionAtMost,
  IMAGES_MAX_VERSION,
  METADATA_MAX_VERSION,
  MIN_VERSION,
  type Microversion,
} from './microversion.ts';
import { type Negotiated, negotiate, withVersion } from './negotiation.ts';
import { novaQuery } from './query-string.ts';
import type { ReleaseProfile } from './release.ts';
import {
  faultResponse,
  jsonAnswer,
  jsonResponse,
  type NovaAnswer,
  plainErrorResponse,
  requestId,
  requestIdHeaders,
  toFault,
} from './responses.ts';
import { type Endpoint, matchRoute, type RouteMatch, routablePath } from './routes.ts';
import { v20Document, v21Document, v21MountDocument } from './versions.ts';
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
  request: AppRequest;
  /** `/v2.1` or `/v2` */
  prefix: string;
  legacyV2: boolean;
  /** The path below the mount prefix. */
  rest: string;
  query: URLSearchParams;
  /** False when the query string is no UTF-8 (query-string.ts). */
  queryUtf8: boolean;
  href: string;
  publicUrl: string;
  accept: string | null;
  release: ReleaseProfile;
}

const MOUNT = /^\/(v2(?:\.1)?)(\/.*)?$/;

/** Everything under `/v2.1` and `/v2`. */
export async function handleNova(
  request: AppRequest,
  site: Site,
  context: NovaApiContext,
): Promise<Response | NovaAnswer> {
  // Each answer gets headers of its own, made only for the answer the request gets (by a call,
  // not a closure: tsx names every closure made, per request).
  const id = requestId();
  const call = callOf(request, site, context.config.release);
  if (call === undefined)
    return plainErrorResponse(routeNotFound(request.headers.get('accept')), requestIdHeaders(id));
  const body = await readRequestBody(request, context.config.maxBodyBytes);
  const bare = call.rest === '' || call.rest === '/';
  const routing = routingMethod(request.method, site.search, request.headers.get('content-type'), body.text);
  const route = bare ? undefined : matchRoute(routing.method, call.rest);
  const negotiated = negotiate(request.headers, id, call.legacyV2, call.release.maxVersion);

  if (route && route.endpoint !== 'version.show') {
    const decided = injectionOf(request, context, {
      endpoint: route.endpoint,
      imageId: route.imageId || undefined,
    });
    if (decided !== undefined) {
      const injected = await injectedAnswer(call, route, context, id, negotiated, decided);
      if (injected) return injected;
    }
  }
  // §2.1: the bare mount is the version document, served to any method without routing or auth;
  // api-paste.ini maps it to the version pipeline, which has no sizelimit filter.
  if (bare) return versionDocument(call, negotiated, body);
  if (body.tooLarge) {
    return plainErrorResponse(
      forMethod(bodyTooLarge(context.config.maxBodyBytes, call.accept), request.method),
      requestIdHeaders(id),
    );
  }
  // §6: keystonemiddleware, before routing.
  const { caller, rejected } = authenticate(context.identity, request.headers, context.config.projectId);
  if (rejected) return novaUnauthorized(identityUrlOf(call), requestIdHeaders(id));
  if (routing.formFails) return faultResponse(new ServerErredFault(), requestIdHeaders(id));
  if (!route)
    return plainErrorResponse(forMethod(routeNotFound(call.accept), request.method), requestIdHeaders(id));
  try {
    if (negotiated.fault) throw negotiated.fault;
    const json = resourceBody(request, body);
    if (route.projectId !== undefined && route.projectId !== caller.projectId) {
      throw badRequest(
        `Malformed request URL: URL's project_id '${route.projectId}' doesn't match Context's project_id '${caller.projectId}'`,
      );
    }
    if (route.endpoint === 'version.show') return versionShow(call, route, json, negotiated);
    assertVersionAtMost(negotiated.version, maxVersionOf(route.endpoint));
    assertBodyArgument(route.endpoint, json);
    const result = runEndpoint(call, route.endpoint, route, caller, json, context);
    const out = result.status === 204 ? null : result.json;
    return jsonAnswer(result.status, out, negotiated.headers, responseContentType(call.accept));
  } catch (error) {
    return faultResponse(toFault(error, call.release), faultHeaders(error, call, negotiated));
  }
}

/**
 * The action is called with a `body` argument exactly when the request's own method is POST or
 * PUT, whatever method it was routed by (method-override.ts): a create/update without one fails
 * in `validation.schema` on `kwargs['body']` (KeyError), any other action given one fails on the
 * unexpected keyword (TypeError); `expected_errors` makes either a 500 naming the class (measured).
 */
function assertBodyArgument(endpoint: RouteMatch['endpoint'], json: unknown): void {
  const takesBody =
    endpoint === 'metadata.create' || endpoint === 'metadata.replace' || endpoint === 'metadata.set';
  if (takesBody && json === undefined) throw unexpectedApiError('KeyError');
  if (!takesBody && json !== undefined) throw unexpectedApiError('TypeError');
}

/** The version controller's `show`, for the mount it is called under (`req.is_legacy_v2()`). */
function versionShow(call: Call, route: RouteMatch, json: unknown, negotiated: Negotiated): Response {
  assertBodyArgument(route.endpoint, json);
  const document = call.legacyV2
    ? v20Document(call.publicUrl, call.release)
    : v21MountDocument(route.versionId ?? 'v2.1', call.publicUrl, call.release);
  if (document === undefined) throw notFound(RESOURCE_NOT_FOUND);
  return jsonResponse(200, document, negotiated.headers);
}

/** §4.4: FaultWrapper's 500 is made outside the `/v2` wrapper, so it keeps the 2.1 headers. */
function faultHeaders(error: unknown, call: Call, negotiated: Negotiated): HeaderList {
  return call.legacyV2 && error instanceof ServerErredFault
    ? withVersion(negotiated.headers, MIN_VERSION)
    : negotiated.headers;
}

/** The mount a request landed on, or undefined outside `/v2` and `/v2.1` (WebOb's 404). */
function callOf(request: AppRequest, site: Site, release: ReleaseProfile): Call | undefined {
  const match = MOUNT.exec(routablePath(site.path));
  if (!match) return undefined;
  const { params: query, utf8: queryUtf8 } = novaQuery(site.search);
  // The one-off error rule is the mock's, not Nova's: Nova never sees it (§15.1 would 500 on it).
  query.delete(MOCK_ERROR_PARAM);
  return {
    request,
    prefix: `/${match[1]}`,
    legacyV2: match[1] === 'v2',
    rest: match[2] ?? '',
    query,
    queryUtf8,
    href: site.href,
    publicUrl: site.publicUrl,
    accept: request.headers.get('accept'),
    release,
  };
}

/** Keystone's URL, for keystonemiddleware's 401 (`WWW-Authenticate`). */
function identityUrlOf(call: Call): string {
  return `${call.publicUrl}/identity`;
}

/**
 * The link context of the last request, reused while requests come in the same one (clients send
 * the same Host and URL form every time): the view cache finds its views by it.
 */
let lastLinks: LinkContext | undefined;

function linksOf(appUrl: string, projectSegment: string, glanceUrl: string): LinkContext {
  if (
    lastLinks === undefined ||
    lastLinks.appUrl !== appUrl ||
    lastLinks.projectSegment !== projectSegment ||
    lastLinks.glanceUrl !== glanceUrl
  )
    lastLinks = { appUrl, projectSegment, glanceUrl };
  return lastLinks;
}

/** Validation, Nova's controllers over Glance, the view. */
function runEndpoint(
  call: Call,
  endpoint: Endpoint,
  route: RouteMatch,
  caller: Caller,
  body: unknown,
  context: NovaApiContext,
): ApiResult {
  // The call's fields named one by one: spreading the route cost show more than its view.
  return callImagesApi({
    endpoint,
    imageId: route.imageId,
    key: route.key,
    nova: context.nova,
    caller,
    query: call.query,
    queryUtf8: call.queryUtf8,
    body,
    legacyV2: call.legacyV2,
    links: linksOf(
      `${call.publicUrl}${call.prefix}`,
      projectSegmentFor(call.href, caller.projectId),
      context.config.glanceUrl ?? `${call.publicUrl}/image`,
    ),
    maxLimit: context.config.maxLimit,
    release: call.release,
  });
}

/**
 * §2.1, §5.4: `/v2` gets the v2.0 document without version headers; `/v2.1` is negotiated. The
 * version app is a wsgi.Resource too (versions.py `VersionsV2`): Content-Type, UTF-8 and, for
 * POST and PUT, JSON are checked first (measured: `POST /v2.1` with `{` is a 400). A body over the
 * size limit was not kept, so it is taken as read (Nova's version pipeline reads it whole).
 */
function versionDocument(call: Call, negotiated: Negotiated, body: RequestBody): Response {
  try {
    if (negotiated.fault) throw negotiated.fault;
    if (!body.tooLarge) resourceBody(call.request, body);
  } catch (error) {
    return faultResponse(toFault(error, call.release), faultHeaders(error, call, negotiated));
  }
  if (call.legacyV2) return jsonResponse(200, v20Document(call.publicUrl, call.release), negotiated.headers);
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
  id: string,
  negotiated: Negotiated,
  decision: Injection | Response,
): Promise<Response | undefined> {
  const decided = decision instanceof Response ? decision : await withDelay(decision, context);
  if (decided === undefined || decided instanceof Response) return decided;
  const { status } = decided;
  if (status === 'network') return Response.error();
  if (status === 401) return novaUnauthorized(identityUrlOf(call), requestIdHeaders(id), decided.message);
  if (status === undefined) return undefined;
  const fault = injectedNovaFault(status, route.endpoint, route.imageId, call.query, decided);
  return faultResponse(toFault(fault, call.release), negotiated.headers);
}

/** §5.3: images endpoints end at 2.35, metadata endpoints at 2.38. */
function maxVersionOf(endpoint: string): Microversion {
  return endpoint.startsWith('images.') ? IMAGES_MAX_VERSION : METADATA_MAX_VERSION;
}
