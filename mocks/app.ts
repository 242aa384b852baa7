/**
 * The app: one fetch-style handler (Request -> Response) that every runtime serves — the MSW
 * handlers adapt it for the browser worker and setupServer, the standalone server calls it
 * directly. It strips the base path (once, here) and hands the request to the part of the mock
 * that answers it: Nova's API, Keystone, the control plane or Nova's version documents.
 */

import { type AppRequest, fetchRequest } from './app-request.ts';
import { handleControl } from './control/handlers.ts';
import { Journal } from './control/journal.ts';
import type { ImageService } from './glance/image-service.ts';
import { GlanceApp } from './glance-api/app.ts';
import { handleIdentity } from './identity/handlers.ts';
import { Identity } from './identity/identity.ts';
import { ErrorInjector } from './injection/injector.ts';
import { resourceBody } from './nova/content-type.ts';
import { NovaGlance } from './nova/glance.ts';
import type { MetadataContext } from './nova/image-metadata.ts';
import { handleNova, type Site } from './nova/pipeline.ts';
import { MetadataQuota } from './nova/quota.ts';
import type { ReleaseProfile } from './nova/release.ts';
import {
  answerResponse,
  faultResponse,
  jsonResponse,
  type NovaAnswer,
  plainErrorResponse,
  requestIdHeaders,
  toFault,
} from './nova/responses.ts';
import { routablePath } from './nova/routes.ts';
import { urlMapFails, urlMapFailure } from './nova/url-map.ts';
import { versionChoices, versionList } from './nova/versions.ts';
import { forMethod, routeNotFound } from './nova/webob.ts';
import { addressOf } from './received.ts';
import { readRequestBody } from './request-body.ts';

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
  /** Which Nova release the app behaves as (`novaRelease`, `maxMicroversion`). */
  release: ReleaseProfile;
}

/** State beside the image service: who may call (tokens), the error rules, the request journal. */
export interface AppServices {
  identity: Identity;
  errors: ErrorInjector;
  journal: Journal;
}

/** Which part of the mock answers a path below the base path. */
export type Area = 'nova' | 'glance' | 'identity' | 'control' | 'root' | 'other';

const AREAS: ReadonlyArray<readonly [RegExp, Area]> = [
  [/^\/+v2(?:\.1)?(?:\/.*)?$/, 'nova'],
  [/^\/image(?:\/.*)?$/, 'glance'],
  [/^\/+identity(?:\/.*)?$/, 'identity'],
  [/^\/+__mock(?:\/.*)?$/, 'control'],
  [/^\/+$/, 'root'],
];

export function areaOf(path: string): Area {
  for (const [pattern, area] of AREAS) if (pattern.test(path)) return area;
  return 'other';
}

/** What Nova's own server answers in a real cloud, behind its URLMap (nova/api/openstack/urlmap.py). */
function onNovasServer(area: Area): boolean {
  return area === 'nova' || area === 'root' || area === 'other';
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
      maxBodyBytes: config.maxBodyBytes,
      maxImageBytes: config.maxImageBytes,
    });
    this.identity = services.identity ?? new Identity({ projectId: config.projectId });
    this.errors = services.errors ?? new ErrorInjector();
    this.journal = services.journal ?? new Journal();
  }

  /** Answers any request on the mock's origin: a throwing step is Nova's 500, never a crash. */
  readonly fetch = async (request: Request): Promise<Response> => {
    const answer = await this.answer(request);
    return answer instanceof Response ? answer : answerResponse(answer);
  };

  /**
   * `fetch`'s answer before it is a Response: the standalone server writes Nova's successes as
   * they are (mocks/http.ts). The request may be the server's bodiless stand-in for a Request.
   */
  async answer(received: AppRequest): Promise<Response | NovaAnswer> {
    try {
      const site = this.siteOf(received);
      if (site === undefined) {
        return plainErrorResponse(
          forMethod(routeNotFound(received.headers.get('accept')), received.method),
          requestIdHeaders(),
        );
      }
      const area = areaOf(site.path);
      // The control plane is the mock's own: never journaled.
      if (area === 'control') return await handleControl(this, fetchRequest(received), site.path);
      // Nova's API and the version documents read no more of a request than its stand-in holds;
      // the same Request is journaled as the part that answers it noted.
      const request = onNovasServer(area) ? received : fetchRequest(received);
      const arrived = this.journal.now();
      const answer =
        onNovasServer(area) && urlMapFails(request.headers.get('accept'), site.path)
          ? urlMapFailure()
          : await this.answerIn(area, request, site);
      const response = novaCors(request, area, answer);
      this.journal.record(request, response, arrived);
      return response;
    } catch (error) {
      return faultResponse(toFault(error, this.config.release), requestIdHeaders());
    }
  }

  private answerIn(
    area: Area,
    request: AppRequest,
    site: Site,
  ): Response | NovaAnswer | Promise<Response | NovaAnswer> {
    switch (area) {
      case 'nova':
        return handleNova(request, site, this);
      case 'glance':
        return this.glance.handle(fetchRequest(request), site);
      case 'identity':
        return handleIdentity(this, fetchRequest(request), site);
      // §12: `/` is the version list, whatever the method (measured: POST, FOO, TRACE too), any
      // other path outside `/v2` and `/v2.1` the 300 version choices; neither has a request id.
      case 'root':
        return this.versionsResource(request, () =>
          jsonResponse(200, versionList(site.publicUrl, this.config.release), []),
        );
      default:
        return this.versionsResource(request, () => this.choices(site));
    }
  }

  /**
   * versions.py `Versions` is a wsgi.Resource like the others, without microversions: its
   * Content-Type, UTF-8 and JSON checks come first (measured: `POST /` with `{` is a 400). A body
   * over the size limit was not kept, so it is taken as read.
   */
  private async versionsResource(request: AppRequest, answer: () => Response): Promise<Response> {
    const body = await readRequestBody(request, this.config.maxBodyBytes);
    try {
      if (!body.tooLarge) resourceBody(request, body);
    } catch (error) {
      return faultResponse(toFault(error, this.config.release), new Headers());
    }
    return answer();
  }

  private choices(site: Site): Response {
    return jsonResponse(
      300,
      versionChoices(site.publicUrl, routablePath(site.path), this.config.release),
      [],
    );
  }

  /**
   * Where a request landed below the base path, as Nova's server received it (received.ts: the
   * standalone server keeps `#`, dot segments and the Host as sent); undefined outside it.
   */
  private siteOf(request: AppRequest): Site | undefined {
    const { basePath } = this.config;
    const address = addressOf(request);
    const below = address.path.slice(basePath.length);
    if (!address.path.startsWith(basePath) || (below !== '' && !below.startsWith('/'))) return undefined;
    return {
      path: below,
      search: address.search,
      href: address.href,
      publicUrl: this.config.publicUrl ?? `${address.origin}${basePath}`,
    };
  }
}

/**
 * oslo_middleware/cors.py `process_response`, outermost in Nova's pipelines: an OPTIONS request
 * Nova did not answer with a 2xx gets an empty `200 OK` with no headers at all (a 401, 404 or
 * 300 included; measured: tests/conformance, methods `OPTIONS`).
 */
function novaCors(request: AppRequest, area: Area, response: Response | NovaAnswer): Response | NovaAnswer {
  if (request.method !== 'OPTIONS' || area === 'glance' || area === 'identity') return response;
  if (response.status >= 200 && response.status < 300) return response;
  return new Response(null, { status: 200 });
}
