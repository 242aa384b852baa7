/**
 * `GET /v2/images` parameters as Glance reads them (glance/api/v2/images.py
 * `RequestDeserializer.index` and `ImagesController.index`), in its order of checks, and the
 * `first`/`next` links of its `ResponseSerializer.index`.
 */
import type {
  GlanceListQuery,
  MemberStatusFilter,
  SortDirection,
  SortKey,
  VisibilityFilter,
} from '../glance/glance-query.ts';
import { glanceError } from './faults.ts';

/** `[DEFAULT] limit_param_default` and `api_limit_max`. */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

const SORT_KEYS: readonly SortKey[] = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
];
const VISIBILITIES = ['community', 'public', 'private', 'shared', 'all'];
const MEMBER_STATUSES = ['pending', 'accepted', 'rejected', 'all'];

/** A webob MultiDict: `pop` takes the first value of a key, `get` the last. */
class MultiDict {
  constructor(readonly items: [string, string][]) {}

  has(key: string): boolean {
    return this.items.some(([name]) => name === key);
  }

  pop(key: string): string | undefined {
    const index = this.items.findIndex(([name]) => name === key);
    if (index < 0) return undefined;
    const [[, value] = ['', '']] = this.items.splice(index, 1);
    return value;
  }

  get(key: string): string | undefined {
    return this.items.findLast(([name]) => name === key)?.[1];
  }
}

/** Python's `str.strip()`. */
const strip = (text: string) => text.replace(/^\s+|\s+$/g, '');

function validateSortKey(key: string): SortKey {
  if (!(SORT_KEYS as readonly string[]).includes(key)) {
    throw glanceError(
      400,
      `Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`,
    );
  }
  return key as SortKey;
}

function validateSortDir(dir: string): SortDirection {
  if (dir !== 'asc' && dir !== 'desc') throw glanceError(400, `Invalid sort direction: ${dir}`);
  return dir;
}

/** `_get_sorting_params`: `sort=k:dir,...` or repeated `sort_key`/`sort_dir`. */
function sorting(params: MultiDict): { sortKeys: SortKey[]; sortDirs: SortDirection[] } {
  const sortKeys: SortKey[] = [];
  const sortDirs: SortDirection[] = [];
  if (params.has('sort')) {
    if (params.has('sort_key') || params.has('sort_dir')) {
      throw glanceError(400, 'Old and new sorting syntax cannot be combined');
    }
    for (const part of strip(params.pop('sort') ?? '').split(',')) {
      const colon = part.indexOf(':');
      const key = colon < 0 ? part : part.slice(0, colon);
      const dir = colon < 0 ? '' : part.slice(colon + 1);
      sortKeys.push(validateSortKey(strip(key)));
      sortDirs.push(validateSortDir(strip(dir === '' ? 'desc' : dir)));
    }
    return { sortKeys, sortDirs };
  }
  while (params.has('sort_key')) sortKeys.push(validateSortKey(strip(params.pop('sort_key') ?? '')));
  while (params.has('sort_dir')) sortDirs.push(validateSortDir(strip(params.pop('sort_dir') ?? '')));
  if (sortDirs.length > 1 && sortDirs.length !== sortKeys.length) {
    throw glanceError(400, 'Number of sort dirs does not match the number of sort keys');
  }
  return { sortKeys, sortDirs };
}

/** Python's `int()` of a query value. */
function pythonInt(text: string): number | undefined {
  return /^\s*[-+]?\d+\s*$/.test(text) ? Number(strip(text)) : undefined;
}

function booleanFilter(params: MultiDict, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') {
    throw glanceError(
      400,
      `Invalid value '${value}' for '${name}' filter. Valid values are 'true' or 'false'.`,
    );
  }
  return value === 'true';
}

/** The store's query for a request's parameters; GlanceFault 400 for what Glance refuses. */
export function parseGlanceListQuery(search: URLSearchParams): GlanceListQuery {
  const params = new MultiDict([...search]);
  const limitText = params.pop('limit');
  const marker = params.pop('marker');
  const memberStatus = params.pop('member_status') ?? 'accepted';
  const tags: string[] = [];
  while (params.has('tag')) tags.push(strip(params.pop('tag') ?? ''));

  const visibility = params.get('visibility');
  if (visibility && !VISIBILITIES.includes(visibility)) {
    throw glanceError(400, `Invalid visibility value: ${visibility}`);
  }
  if (params.get('changes-since')) {
    throw glanceError(400, 'The "changes-since" filter is no longer available on v2.');
  }
  if (!MEMBER_STATUSES.includes(memberStatus)) throw glanceError(400, `Invalid status: ${memberStatus}`);
  let limit: number | undefined;
  if (limitText !== undefined) {
    limit = pythonInt(limitText);
    if (limit === undefined) throw glanceError(400, 'limit param must be an integer');
    if (limit < 0) throw glanceError(400, 'limit param must be positive');
  }
  const { sortKeys, sortDirs } = sorting(params);

  // ImagesController.index lower-cases os_hidden but not protected.
  const osHiddenText = (params.get('os_hidden') ?? 'false').toLowerCase();
  if (osHiddenText !== 'true' && osHiddenText !== 'false') {
    throw glanceError(
      400,
      `Invalid value '${osHiddenText}' for 'os_hidden' filter. Valid values are 'true' or 'false'.`,
    );
  }
  const isProtected = booleanFilter(params, 'protected');

  // The rest are filters: the last value of each name, in the order names first appear.
  const filters = new Map<string, string>();
  for (const [name, value] of params.items) {
    if (['visibility', 'os_hidden', 'protected'].includes(name)) continue;
    filters.set(name, value);
  }
  const query: GlanceListQuery = {
    memberStatus: memberStatus as MemberStatusFilter,
    osHidden: osHiddenText === 'true',
    filters: [...filters],
    sortKeys,
    sortDirs,
    limit: Math.min(limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
  if (visibility) query.visibility = visibility as VisibilityFilter;
  if (isProtected !== undefined) query.protected = isProtected;
  if (tags.length > 0) query.tags = tags;
  if (marker !== undefined) query.marker = marker;
  return query;
}

/** Python's `urllib.parse.urlencode` of a dict (`quote_plus`: only `_.-~` and alphanumerics stay). */
function urlencode(pairs: Iterable<[string, string]>): string {
  const quote = (text: string) =>
    encodeURIComponent(text)
      .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  return [...pairs].map(([key, value]) => `${quote(key)}=${quote(value)}`).join('&');
}

/**
 * `ResponseSerializer.index`: `dict(request.params)` keeps the last value of each name, so a
 * repeated `tag` appears once; `first` drops the marker, `next` puts the new one last.
 */
export function pageLinks(
  search: URLSearchParams,
  nextMarker: string | undefined,
): { first: string; next?: string } {
  const params = new Map<string, string>();
  for (const [name, value] of search) params.set(name, value);
  params.delete('marker');
  const query = urlencode(params);
  const links: { first: string; next?: string } = { first: query ? `/v2/images?${query}` : '/v2/images' };
  if (nextMarker !== undefined) {
    params.set('marker', nextMarker);
    links.next = `/v2/images?${urlencode(params)}`;
  }
  return links;
}
