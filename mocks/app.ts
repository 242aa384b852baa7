/**
 * One request's path through the mock (DESIGN.md), in Nova's processing order (behaviour spec §3):
 * body size -> auth -> routing -> microversion -> Content-Type -> JSON body -> project id ->
 * microversion gate -> validation + store + view. Runtime-agnostic: Request in, Response out.
 */

import { injectNova, MOCK_ERROR_PARAM } from './errors/guard.ts';
import { ErrorInjector } from './errors/injector.ts';
import { Journal } from './errors/journal.ts';
import type { ImageService } from './glance/image-service.ts';
import { GlanceApp } from './glance-api/app.ts';
import { Identity } from './identity/identity.ts';
import { novaUnauthorized } from './identity/keystone.ts';
import { assertAcceptedContentType, parseJsonBody, responseContentType } from './nova/content-type.ts';
import { badRequest, ServerErredFault } from './nova/faults.ts';
import { NovaGlance } from './nova/glance.ts';
import type { MetadataContext } from './nova/image-metadata.ts';
import { callImagesApi, type ImagesApiCall } from './nova/images-api.ts';
import { type LinkContext, projectSegmentFor } from './nova/links.ts';
import {
  assertVersionAtMost,
  IMAGES_MAX_VERSION,
  METADATA_MAX_VERSION,
  MIN_VERSION,
  type Microversion,
  negotiateMicroversion,
  UnsupportedVersionFault,
  versionHeaders,
} from './nova/microversion.ts';
import { MetadataQuota } from './nova/quota.ts';
import {
  faultResponse,
  jsonResponse,
  jsonTextResponse,
  plainErrorResponse,
  requestIdHeaders,
  toFault,
} from './nova/responses.ts';
import { matchRoute, routablePath } from './nova/routes.ts';
import { v20Document, v21Document, versionChoices, versionList } from './nova/versions.ts';
import { bodyTooLarge, routeNotFound } from './nova/webob.ts';
import { readRequestBody } from './request-body.ts';
import type { Caller } from './types.ts';

export interface AppConfig {
  /** Glance's uploads kept in memory, at most this many bytes each. */
  maxImageBytes: number;
  /** Path of the mount below the origin, '' or e.g. `/compute`. */
  basePath: string;
  publicUrl: string | undefined;
  glanceUrl: string | undefined;
  projectId: string;
  maxLimit: number;
  maxBodyBytes: number;
  /** §10.3 `[quota] metadata_items`; -1 = unlimited. */
  metadataQuota: number;
}

/** Where a request landed, worked out once per request. */
interface Mount {
  /** `/v2.1` or `/v2` */
  prefix: string;
  legacyV2: boolean;
  /** The path below the mount prefix. */
  rest: string;
  url: URL;
  publicUrl: string;
}

const MOUNT = /^\/(v2(?:\.1)?)(\/.*)?$/;

/** State beside the store: who may call (tokens), the error rules, the request journal. */
export interface AppServices {
  identity: Identity;
  errors: ErrorInjector;
  journal: Journal;
}

export class NovaImagesApp {
  readonly identity: Identity;
  readonly errors: ErrorInjector;
  readonly journal: Journal;
  /** Nova's proxy to the image service, and Nova's metadata quota. */
  readonly nova: MetadataContext;
  /** Glance's v2 API at `<public url>/image`, on the same image service. */
  readonly glance: GlanceApp;

  constructor(
    readonly store: ImageService,
    readonly config: AppConfig,
    services: Partial<AppServices> = {},
  ) {
    this.nova = { glance: new NovaGlance(store), quota: new MetadataQuota(config.metadataQuota) };
    this.glance = new GlanceApp(this, {
      basePath: config.basePath,
      maxBodyBytes: config.maxBodyBytes,
      maxImageBytes: config.maxImageBytes,
    });
    this.identity = services.identity ?? new Identity({ projectId: config.projectId });
    this.errors = services.errors ?? new ErrorInjector();
    this.journal = services.journal ?? new Journal();
  }

  /** `<public url>`: the configured one, or the request's origin + mount path. */
  publicUrlFor(request: Request): string {
    return this.publicUrlOf(new URL(request.url));
  }

  private publicUrlOf(url: URL): string {
    return this.config.publicUrl ?? `${url.origin}${this.config.basePath}`;
  }

  /** The path below the configured base, as Nova's router sees it. */
  private pathOf(url: URL): string {
    return routablePath(url.pathname.slice(this.config.basePath.length));
  }

  /** §12: `GET /`, no request id. */
  versionList(request: Request): Response {
    return jsonResponse(200, versionList(this.publicUrlFor(request)), new Headers());
  }

  /** §12: any path outside `/v2` and `/v2.1`. */
  versionChoices(request: Request): Response {
    const url = new URL(request.url);
    return jsonResponse(300, versionChoices(this.publicUrlOf(url), this.pathOf(url)), new Headers());
  }

  /** Everything under `/v2.1` and `/v2`. */
  async handleApi(request: Request): Promise<Response> {
    const headers = requestIdHeaders();
    const url = new URL(request.url);
    // The one-off error rule is the mock's, not Nova's: Nova never sees it (§15.1 would 500 on it).
    url.searchParams.delete(MOCK_ERROR_PARAM);
    const match = MOUNT.exec(this.pathOf(url));
    if (!match) return plainErrorResponse(routeNotFound(request.headers.get('accept')), headers);
    const mount: Mount = {
      prefix: `/${match[1]}`,
      legacyV2: match[1] === 'v2',
      rest: match[2] ?? '',
      url,
      publicUrl: this.publicUrlOf(url),
    };
    try {
      return await this.process(request, mount, headers);
    } catch (error) {
      return faultResponse(toFault(error), headers);
    }
  }

  private async process(request: Request, mount: Mount, headers: Headers): Promise<Response> {
    const accept = request.headers.get('accept');
    const bodyText = await readRequestBody(request, this.config.maxBodyBytes);
    // Routing is pure, so the guards can name the endpoint; its 404 still comes after 413 and 401.
    const bare = mount.rest === '' || mount.rest === '/';
    const route = bare ? undefined : matchRoute(request.method, mount.rest);
    if (route && route.endpoint !== 'version.show') {
      const injected = await injectNova(request, this.guardContextFor(mount.publicUrl), {
        endpoint: route.endpoint,
        imageId: route.imageId,
        legacyV2: mount.legacyV2,
        headers,
      });
      if (injected) return injected;
    }
    if (bodyText.tooLarge) {
      return plainErrorResponse(bodyTooLarge(this.config.maxBodyBytes, accept), headers);
    }
    const { publicUrl } = mount;
    // §2.1: the bare mount is the version document, served without routing or auth.
    if (bare) {
      if (mount.legacyV2) return jsonResponse(200, v20Document(publicUrl), headers);
      return this.withVersion(request, headers, (out) => jsonResponse(200, v21Document(publicUrl), out));
    }
    // §6: keystonemiddleware, before routing; the version document at `/{project_id}` needs no token.
    if (route?.endpoint !== 'version.show' && this.identity.rejects(request)) {
      return novaUnauthorized(`${publicUrl}/identity`, headers);
    }
    const caller = this.callerFor(request);
    if (!route) return plainErrorResponse(routeNotFound(accept), headers);

    const respond = (out: Headers, version?: Microversion): Response => {
      assertAcceptedContentType(request.headers.get('content-type'));
      const body = hasJsonBody(request.method) ? parseJsonBody(bodyText.text) : undefined;
      if (route.projectId !== undefined && route.projectId !== caller.projectId) {
        throw badRequest(
          `Malformed request URL: URL's project_id '${route.projectId}' doesn't match Context's project_id '${caller.projectId}'`,
        );
      }
      if (route.endpoint === 'version.show') return jsonResponse(200, v21Document(publicUrl), out);
      if (version) assertVersionAtMost(version, maxVersionOf(route.endpoint));
      return this.runEndpoint(request, { ...route, endpoint: route.endpoint }, mount, caller, body, out);
    };
    // §5.4: `/v2` behaves as 2.1 and sends no version headers.
    if (mount.legacyV2) {
      try {
        return respond(headers);
      } catch (error) {
        // §4.4: FaultWrapper's 500 is made outside the legacy wrapper, so it keeps the 2.1 headers.
        if (!(error instanceof ServerErredFault)) throw error;
        const out = new Headers(headers);
        for (const [name, value] of versionHeaders(MIN_VERSION)) out.append(name, value);
        return faultResponse(error, out);
      }
    }
    return this.withVersion(request, headers, respond);
  }

  private runEndpoint(
    request: Request,
    route: Pick<ImagesApiCall, 'endpoint' | 'imageId' | 'key'>,
    mount: Mount,
    caller: Caller,
    body: unknown,
    headers: Headers,
  ): Response {
    const links: LinkContext = {
      appUrl: `${mount.publicUrl}${mount.prefix}`,
      projectSegment: projectSegmentFor(request.url, caller.projectId),
      glanceUrl: this.config.glanceUrl ?? `${mount.publicUrl}/image`,
    };
    const result = callImagesApi({
      ...route,
      nova: this.nova,
      caller,
      query: mount.url.searchParams,
      body,
      legacyV2: mount.legacyV2,
      links,
      maxLimit: this.config.maxLimit,
    });
    const contentType = responseContentType(request.headers.get('accept'));
    return jsonTextResponse(result.status, result.status === 204 ? null : result.json, headers, contentType);
  }

  /**
   * §5.1/§5.2: negotiate the microversion and put it on the response, success or fault.
   * A malformed version string gets no version headers; an unsupported one echoes the request.
   */
  private withVersion(
    request: Request,
    headers: Headers,
    run: (out: Headers, version: Microversion) => Response,
  ): Response {
    const versioned = (version: Microversion): Headers => {
      const out = new Headers(headers);
      for (const [name, value] of versionHeaders(version)) out.append(name, value);
      return out;
    };
    let version: Microversion;
    try {
      version = negotiateMicroversion(request.headers);
    } catch (error) {
      if (error instanceof UnsupportedVersionFault) return faultResponse(error, versioned(error.requested));
      throw error;
    }
    const out = versioned(version);
    try {
      return run(out, version);
    } catch (error) {
      return faultResponse(toFault(error), out);
    }
  }

  /** Who is calling: the valid token's project and roles, else (auth `none`) the configured project. */
  callerFor(request: Request): Caller {
    return this.identity.callerOf(request) ?? { projectId: this.config.projectId };
  }

  /** What the error-injection guard needs for this request. */
  guardContext(request: Request) {
    return this.guardContextFor(this.publicUrlFor(request));
  }

  private guardContextFor(publicUrl: string) {
    return { errors: this.errors, journal: this.journal, identityUrl: `${publicUrl}/identity` };
  }
}

/** §5.3: images endpoints end at 2.35, metadata endpoints at 2.38. */
function maxVersionOf(endpoint: string): Microversion {
  return endpoint.startsWith('images.') ? IMAGES_MAX_VERSION : METADATA_MAX_VERSION;
}

function hasJsonBody(method: string): boolean {
  return method === 'POST' || method === 'PUT';
}
