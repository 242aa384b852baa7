/**
 * Where links point (behaviour spec §8.4, §11.5). Links are absolute: real clients follow
 * `images_links` hrefs as-is and break on relative ones (identity-and-clients.md).
 */
import { unexpectedApiError } from './faults.ts';
import { urlsplit, urlunsplit } from './python-urlsplit.ts';

/** What a view needs to build links for one request. */
export interface LinkContext {
  /** `<public url><mount>`, e.g. `http://127.0.0.1:8774/v2.1` (no trailing slash). */
  appUrl: string;
  /** Project id segment to put in links, or '' (§8.4: only when it occurs in the request URL). */
  projectSegment: string;
  /** Glance endpoint for `alternate` links, e.g. `http://glance.openstack.example.com`. */
  glanceUrl: string;
}

function withProject(base: string, context: LinkContext): string {
  return context.projectSegment ? `${base}/${context.projectSegment}` : base;
}

/** `<app url>/[pid/]<path>`. */
export function selfHref(context: LinkContext, path: string): string {
  return `${withProject(context.appUrl, context)}/${path}`;
}

/** §8.4: the bookmark drops the version segment of the app URL (bookmarkBase). */
export function bookmarkHref(context: LinkContext, path: string): string {
  return `${withProject(bookmarkBase(context.appUrl), context)}/${path}`;
}

const SLASH = 0x2f;

/** A segment `remove_trailing_version_from_href` takes for a version (`v2`, `v2.1`). */
const VERSION_SEGMENT = /^v(?:[0-9]+|[0-9]+\.[0-9]+)$/;

/** The app URL last asked about and its bookmark base: every request of a client has the same. */
let lastBase: { appUrl: string; base: string | undefined } | undefined;

/**
 * The app URL as nova/api/openstack/common.py `remove_trailing_version_from_href` leaves it: split
 * by Python's urlsplit, the last path segment (a version) dropped, joined again by urlunsplit, and
 * without trailing slashes (`url_join`). Where Nova raises ValueError, a 500 on every call that
 * builds an image's links: urlsplit refuses the URL, or its path does not end in a version (a Host
 * with `?` or `#` moves the version into the query or the fragment; measured on Nova 26.2.2:
 * tests/hostile/requests.json, "Host with a ?"). A Host is used as sent: `a/b` makes
 * `http://a/b/images/…`, an empty one `http:/images/…`, as Nova's do.
 */
export function bookmarkBase(appUrl: string): string {
  if (lastBase?.appUrl !== appUrl) lastBase = { appUrl, base: withoutTrailingVersion(appUrl) };
  if (lastBase.base === undefined) throw unexpectedApiError('ValueError');
  return lastBase.base;
}

function withoutTrailingVersion(appUrl: string): string | undefined {
  const split = urlsplit(appUrl);
  if (split === undefined) return undefined;
  const slash = split.path.lastIndexOf('/');
  if (!VERSION_SEGMENT.test(split.path.slice(slash + 1))) return undefined;
  // url_join of the path before the version: its slashes at either end stripped.
  const path = slash === -1 ? '' : trimSlashes(split.path.slice(0, slash));
  return withoutTrailingSlashes(urlunsplit({ ...split, path }));
}

/**
 * `text` without the slashes at its end. A loop, not `/\/+$/`: V8 tries that pattern from each
 * slash of a run that does not end the text, in time quadratic in the run, and a Host is the
 * client's (`a/x` then 15,000 slashes then `y` took 3.5 s of CPU a request).
 */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === SLASH) end--;
  return text.slice(0, end);
}

/** `text` without the slashes at either end (withoutTrailingSlashes). */
export function trimSlashes(text: string): string {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) === SLASH) start++;
  return withoutTrailingSlashes(text.slice(start));
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
