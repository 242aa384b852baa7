/**
 * Where links point (behaviour spec §8.4, §11.5). Links are absolute: real clients follow
 * `images_links` hrefs as-is and break on relative ones (identity-and-clients.md).
 */

/** What a view needs to build links for one request. */
export interface LinkContext {
  /** `<public url><mount>`, e.g. `http://127.0.0.1:8774/v2.1` (no trailing slash). */
  appUrl: string;
  /** Project id segment to put in links, or '' (§8.4: only when it occurs in the request URL). */
  projectSegment: string;
  /** Glance endpoint for `alternate` links, e.g. `http://glance.openstack.example.com`. */
  glanceUrl: string;
}

const VERSION_SEGMENT = /\/v\d+(\.\d+)?$/;

function withProject(base: string, context: LinkContext): string {
  return context.projectSegment ? `${base}/${context.projectSegment}` : base;
}

/** `<app url>/[pid/]<path>`. */
export function selfHref(context: LinkContext, path: string): string {
  return `${withProject(context.appUrl, context)}/${path}`;
}

/** §8.4: the bookmark drops the version segment of the app URL. */
export function bookmarkHref(context: LinkContext, path: string): string {
  return `${withProject(context.appUrl.replace(VERSION_SEGMENT, ''), context)}/${path}`;
}

/** §8.4: no version in the Glance link. */
export function alternateHref(context: LinkContext, imageId: string): string {
  return `${context.glanceUrl}/images/${imageId}`;
}

/**
 * §8.4 quirk: Nova puts the caller's project id in links when that string occurs anywhere in
 * the request URL (a substring test, §15.7), not only when the path has a project segment.
 */
export function projectSegmentFor(requestUrl: string, projectId: string): string {
  return projectId !== '' && requestUrl.includes(projectId) ? projectId : '';
}
