/**
 * Nova's route table for the images proxy (behaviour spec §1, §2.2, §2.3), matched against the
 * path below the API mount (`/v2.1` or `/v2`).
 */

/** The ten image routes, named as error-injection rules and the request journal name them. */
export const ENDPOINTS = [
  'images.list',
  'images.detail',
  'images.show',
  'images.delete',
  'metadata.list',
  'metadata.show',
  'metadata.create',
  'metadata.replace',
  'metadata.set',
  'metadata.delete',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface RouteMatch {
  /** An images endpoint, or the version document served at `/{project_id}/` and `/versions/{id}`. */
  endpoint: Endpoint | 'version.show';
  /** The project id segment of the URL, when present. */
  projectId: string | undefined;
  imageId: string;
  key: string;
  /** `version.show`: the version asked for (`v2.1` at `/{project_id}/`). */
  versionId?: string;
}

/** §2.2: the optional project segment only matches hex digits and dashes. */
const PROJECT = '(?:/([0-9a-f-]+))?';
/** §2.3: path variables match `[^/]+`. */
const VAR = '([^/]+)';

type RouteSpec = readonly [method: string, pattern: RegExp, endpoint: RouteMatch['endpoint']];

// Registration order matters (§2.3): `/images/detail` is GET-only and precedes `/images/{id}`,
// so `DELETE /images/detail` deletes the image with id "detail".
// nova/api/openstack/compute/routes.py ROUTE_LIST: `/` and `/versions/{id}` are the version
// controller's `show`, and ProjectMapper.create_route adds each with a `/{project_id}` prefix too:
// `/v2.1/<pid>/` is the version document (behind auth), `/v2.1/<pid>` matches nothing.
const ROUTES: readonly RouteSpec[] = [
  ['GET', /^\/([0-9a-f-]+)\/$/, 'version.show'],
  ['GET', new RegExp(`^${PROJECT}/versions/${VAR}$`), 'version.show'],
  ['GET', new RegExp(`^${PROJECT}/images$`), 'images.list'],
  ['GET', new RegExp(`^${PROJECT}/images/detail$`), 'images.detail'],
  ['GET', new RegExp(`^${PROJECT}/images/${VAR}$`), 'images.show'],
  ['DELETE', new RegExp(`^${PROJECT}/images/${VAR}$`), 'images.delete'],
  ['GET', new RegExp(`^${PROJECT}/images/${VAR}/metadata$`), 'metadata.list'],
  ['POST', new RegExp(`^${PROJECT}/images/${VAR}/metadata$`), 'metadata.create'],
  ['PUT', new RegExp(`^${PROJECT}/images/${VAR}/metadata$`), 'metadata.replace'],
  ['GET', new RegExp(`^${PROJECT}/images/${VAR}/metadata/${VAR}$`), 'metadata.show'],
  ['PUT', new RegExp(`^${PROJECT}/images/${VAR}/metadata/${VAR}$`), 'metadata.set'],
  ['DELETE', new RegExp(`^${PROJECT}/images/${VAR}/metadata/${VAR}$`), 'metadata.delete'],
];

/**
 * The path as Nova's router sees it: percent-decoded by the WSGI server and with repeated
 * slashes collapsed by paste's URLMap (§2.3). Invalid escapes stay as written, as in Python.
 */
export function routablePath(rawPath: string): string {
  // Most paths have neither: nothing to decode or collapse.
  if (!rawPath.includes('%') && !rawPath.includes('//')) return rawPath;
  const decoded = rawPath.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
  return decoded.replace(/\/{2,}/g, '/');
}

/** The route for a method and a routable path below the mount, or undefined (→ WebOb 404, §2.4). */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const [routeMethod, pattern, endpoint] of ROUTES) {
    if (routeMethod !== method) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    if (endpoint === 'version.show')
      return { endpoint, projectId: match[1], imageId: '', key: '', versionId: match[2] ?? 'v2.1' };
    return { endpoint, projectId: match[1], imageId: match[2] ?? '', key: match[3] ?? '' };
  }
  return undefined;
}
