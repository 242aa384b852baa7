/**
 * Glance v2's routes (glance/api/v2/router.py), matched against the path below `/v2`, with the
 * names error-injection rules and the request journal use. A known path with another method is
 * Glance's 405 with `Allow` (its `RejectMethodController`); an unknown path is a 404.
 */

export const GLANCE_ENDPOINTS = [
  'glance.images.list',
  'glance.images.create',
  'glance.images.show',
  'glance.images.update',
  'glance.images.delete',
  'glance.images.upload',
  'glance.images.download',
  'glance.images.deactivate',
  'glance.images.reactivate',
  'glance.tags.add',
  'glance.tags.delete',
  'glance.members.list',
  'glance.members.create',
  'glance.members.show',
  'glance.members.update',
  'glance.members.delete',
  'glance.schemas.show',
] as const;
export type GlanceEndpoint = (typeof GLANCE_ENDPOINTS)[number];

export interface GlanceRoute {
  endpoint: GlanceEndpoint;
  imageId: string;
  /** The tag, member id or schema name of the path. */
  item: string;
}

export type GlanceRouting = GlanceRoute | { allowed: string } | undefined;

const VAR = '([^/]+)';

type RouteSpec = readonly [
  pattern: RegExp,
  allowed: string,
  methods: Readonly<Record<string, GlanceEndpoint>>,
];

const ROUTES: readonly RouteSpec[] = [
  [/^\/images$/, 'GET, POST', { GET: 'glance.images.list', POST: 'glance.images.create' }],
  [
    new RegExp(`^/images/${VAR}$`),
    'GET, PATCH, DELETE',
    { GET: 'glance.images.show', PATCH: 'glance.images.update', DELETE: 'glance.images.delete' },
  ],
  [
    new RegExp(`^/images/${VAR}/file$`),
    'GET, PUT',
    { GET: 'glance.images.download', PUT: 'glance.images.upload' },
  ],
  [new RegExp(`^/images/${VAR}/actions/deactivate$`), 'POST', { POST: 'glance.images.deactivate' }],
  [new RegExp(`^/images/${VAR}/actions/reactivate$`), 'POST', { POST: 'glance.images.reactivate' }],
  [
    new RegExp(`^/images/${VAR}/tags/${VAR}$`),
    'PUT, DELETE',
    { PUT: 'glance.tags.add', DELETE: 'glance.tags.delete' },
  ],
  [
    new RegExp(`^/images/${VAR}/members$`),
    'GET, POST',
    { GET: 'glance.members.list', POST: 'glance.members.create' },
  ],
  [
    new RegExp(`^/images/${VAR}/members/${VAR}$`),
    'GET, PUT, DELETE',
    { GET: 'glance.members.show', PUT: 'glance.members.update', DELETE: 'glance.members.delete' },
  ],
  [/^\/schemas\/(image|images|member|members)$/, 'GET', { GET: 'glance.schemas.show' }],
];

/** The route of a method and a path below `/v2`: a route, the methods of a 405, or undefined (404). */
export function matchGlanceRoute(method: string, path: string): GlanceRouting {
  for (const [pattern, allowed, methods] of ROUTES) {
    const match = pattern.exec(path);
    if (!match) continue;
    const endpoint = methods[method];
    if (endpoint === undefined) return { allowed };
    if (endpoint === 'glance.schemas.show') return { endpoint, imageId: '', item: match[1] ?? '' };
    return { endpoint, imageId: match[1] ?? '', item: match[2] ?? '' };
  }
  return undefined;
}
