/**
 * Where the user is, kept in the URL hash so that a reload, a shared link and a log-in after a 401
 * come back to the same place:
 * - `#/images?status=active&limit=10&pages=<marker>,<marker>`: the list, its filters and page
 *   (page N is the page after the marker N-1: the trail of markers that Next followed);
 * - `#/images/<id>?…`: one image, with the list it was opened from (where "← All images" goes);
 * - `#/login?next=<hash>`: the log-in form, then back to `next`.
 */

export interface Filters {
  name: string;
  status: string;
  type: string;
  server: string;
}

export interface ListPlace {
  filters: Filters;
  limit: number;
  /** The markers Next followed: page `markers.length + 1` is shown. */
  markers: string[];
}

export type Place =
  | { view: 'login'; next?: string }
  | { view: 'list'; list: ListPlace }
  | { view: 'image'; id: string; list: ListPlace };

export const PAGE_SIZES = [3, 5, 10, 20, 50] as const;
export const DEFAULT_LIMIT = 10;
const FILTER_NAMES = ['name', 'status', 'type', 'server'] as const;

export function emptyFilters(): Filters {
  return { name: '', status: '', type: '', server: '' };
}

export function hasFilters(filters: Filters): boolean {
  return FILTER_NAMES.some((name) => filters[name] !== '');
}

function listOf(query: URLSearchParams): ListPlace {
  const filters = emptyFilters();
  for (const name of FILTER_NAMES) filters[name] = query.get(name) ?? '';
  const limit = Number(query.get('limit'));
  return {
    filters,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
    markers: (query.get('pages') ?? '').split(',').filter(Boolean),
  };
}

function queryOf(list: ListPlace): string {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) if (list.filters[name]) query.set(name, list.filters[name]);
  if (list.limit !== DEFAULT_LIMIT) query.set('limit', String(list.limit));
  if (list.markers.length > 0) query.set('pages', list.markers.join(','));
  const text = query.toString();
  return text ? `?${text}` : '';
}

export function parsePlace(hash: string): Place {
  const [path = '', search = ''] = hash.replace(/^#/, '').split(/\?(.*)/s);
  const query = new URLSearchParams(search);
  if (path === '/login') return { view: 'login', next: query.get('next') ?? undefined };
  const image = /^\/images\/([^/]+)$/.exec(path)?.[1];
  if (image) return { view: 'image', id: decodeURIComponent(image), list: listOf(query) };
  return { view: 'list', list: listOf(query) };
}

export function hashOf(place: Place): string {
  if (place.view === 'login') {
    return place.next ? `#/login?${new URLSearchParams({ next: place.next })}` : '#/login';
  }
  const path = place.view === 'image' ? `/images/${encodeURIComponent(place.id)}` : '/images';
  return `#${path}${queryOf(place.list)}`;
}

/** The query Nova gets for this place: the filters, the page size, the marker of the page. */
export function novaQuery(list: ListPlace): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) if (list.filters[name]) query.set(name, list.filters[name]);
  query.set('limit', String(list.limit));
  const marker = list.markers.at(-1);
  if (marker) query.set('marker', marker);
  return query;
}
