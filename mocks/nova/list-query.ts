/**
 * The query string of GET /images and /images/detail (§11): which parameters survive, their
 * validation (§11.4), the filters Nova hands to Glance (§11.2) and the next link (§11.5).
 */
import type { GlanceFilters } from '../glance/filters.ts';
import { badRequest } from './faults.ts';
import { pyCompare, pyRepr } from './python-repr.ts';

export interface ListRequest {
  /** The kept parameters, every occurrence, in request order. */
  readonly params: ReadonlyArray<readonly [string, string]>;
  /** Last `limit`; 0 (Zed only) means none, and no next link. */
  readonly limit?: number;
  /** Last `marker`, unless empty. */
  readonly marker?: string;
  readonly filters: GlanceFilters;
}

const KNOWN_PARAMS = new Set([
  'name',
  'status',
  'changes-since',
  'server',
  'type',
  'minRam',
  'minDisk',
  'limit',
  'page_size',
  'marker',
  'offset',
]);
// §11.1: Python's re.match('^property-.*$'): `.` stops only at \n, and `$` also matches before a
// final \n.
const PROPERTY_PARAM = /^property-[^\n]*\n?$/;
// In the schema's property order: python-jsonschema's `properties` keyword walks the schema's
// properties (not the request's), then each occurrence of one in request order.
const POSITIVE_INTEGER_PARAMS = ['limit', 'page_size', 'offset'];

// Nova's SUPPORTED_FILTERS: query parameter → Nova filter name.
const NOVA_FILTER_NAMES: Readonly<Record<string, string>> = {
  name: 'name',
  status: 'status',
  'changes-since': 'changes-since',
  server: 'property-instance_uuid',
  type: 'property-image_type',
  minRam: 'min_ram',
  minDisk: 'min_disk',
};

export interface ListQueryOptions {
  /** master's images query schema (default), or Zed's `common.get_pagination_params` (release.ts). */
  querySchema: boolean;
}

/** Keeps the known parameters, validates them (400 NovaFault) and derives Glance's request. */
export function parseListQuery(
  query: URLSearchParams,
  { querySchema }: ListQueryOptions = { querySchema: true },
): ListRequest {
  if (!querySchema) return parseWithoutSchema(query);
  const params = [...query].filter(([name]) => KNOWN_PARAMS.has(name) || PROPERTY_PARAM.test(name));
  for (const name of POSITIVE_INTEGER_PARAMS) {
    for (const [, value] of params.filter(([param]) => param === name)) assertPositiveInteger(name, value);
  }
  const last = new Map(params); // name → its last value
  const limit = last.get('limit');
  // nova/image/glance.py passes only truthy paging values to Glance: `marker=` means no marker.
  const marker = last.get('marker') || undefined;
  return listRequest(
    params,
    limit === undefined ? undefined : Number(limit),
    marker,
    glanceFilters(params, last),
  );
}

/**
 * The request, its paging values set only when given: not spread in, since each spread object
 * outlived young collections (metadata-body.ts; a page promoted 10 bytes).
 */
function listRequest(
  params: ReadonlyArray<readonly [string, string]>,
  limit: number | undefined,
  marker: string | undefined,
  filters: GlanceFilters,
): ListRequest {
  const request: { -readonly [Key in keyof ListRequest]: ListRequest[Key] } = { params, filters };
  if (limit !== undefined) request.limit = limit;
  if (marker !== undefined) request.marker = marker;
  return request;
}

/**
 * Zed (no query schema): every parameter stays in `request.params`, so in next links too; the
 * paging values are read by nova/api/openstack/common.py `get_pagination_params`: the last
 * occurrence only, `utils.validate_integer(value, name, min_value=0)` in the order limit,
 * page_size, (marker), offset.
 */
function parseWithoutSchema(query: URLSearchParams): ListRequest {
  const params = [...query];
  const last = new Map(params);
  let limit: number | undefined;
  for (const name of ['limit', 'page_size', 'offset']) {
    const value = last.get(name);
    if (value === undefined) continue;
    const parsed = pythonInt(value);
    if (parsed === undefined) throw badRequest(`Invalid input received: ${name} must be an integer`);
    if (parsed < 0n) throw badRequest(`Invalid input received: ${name} must be >= 0`);
    if (name === 'limit') limit = Number(parsed);
  }
  const marker = last.get('marker') || undefined;
  const filterParams = params.filter(([name]) => KNOWN_PARAMS.has(name) || PROPERTY_PARAM.test(name));
  return listRequest(params, limit, marker, glanceFilters(filterParams, last));
}

/** Python's `int(str)`: surrounding whitespace, a sign, digits with single underscores between. */
function pythonInt(text: string): bigint | undefined {
  const match = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/.exec(text);
  if (!match) return undefined;
  const magnitude = BigInt((match[2] ?? '').replace(/_/g, ''));
  return match[1] === '-' ? -magnitude : magnitude;
}

function assertPositiveInteger(name: string, value: string): void {
  const invalid = (message: string) =>
    badRequest(`Invalid input for query parameters ${name}. Value: ${value}. ${message}`);
  if (!/^[0-9]*$/.test(value)) throw invalid(`${pyRepr(value)} does not match '^[0-9]*$'`);
  // §11.4: Nova applies `minimum` to int(value), so '00' is reported as 0.
  if (value !== '' && BigInt(value) < 1n) throw invalid(`${BigInt(value)} is less than the minimum of 1`);
  if (value === '') throw invalid(`'' should be non-empty`);
}

/**
 * Nova's `_get_filters` then glanceclient's `_extract_query_params_v2`, both keyed by Python
 * dicts (Maps here): a later parameter overwrites an earlier one that maps to the same name.
 */
function glanceFilters(
  params: ReadonlyArray<readonly [string, string]>,
  last: ReadonlyMap<string, string>,
): GlanceFilters {
  const novaFilters = new Map<string, string>();
  for (const [param] of params) {
    const filterName = NOVA_FILTER_NAMES[param] ?? (param.startsWith('property-') ? param : undefined);
    const value = last.get(param);
    if (filterName !== undefined && value !== undefined) novaFilters.set(filterName, value);
  }
  const instanceUuid = novaFilters.get('property-instance_uuid');
  if (instanceUuid !== undefined) {
    // X.rsplit('/', 1)[1], or X when it has no '/'.
    novaFilters.set('property-instance_uuid', instanceUuid.slice(instanceUuid.lastIndexOf('/') + 1));
  }

  const filters: GlanceFilters = {};
  const properties = new Map<string, string>();
  for (const [filterName, value] of novaFilters) {
    if (filterName.startsWith('property-')) properties.set(stripPropertyChars(filterName), value);
    else if (filterName === 'name') filters.name = value;
    else if (filterName === 'status') filters.status = value.toLowerCase();
    else if (filterName === 'changes-since') filters.updatedAtGte = value;
    else if (filterName === 'min_ram') filters.minRam = value;
    else if (filterName === 'min_disk') filters.minDisk = value;
  }
  if (properties.size > 0) filters.properties = [...properties];
  return filters;
}

// §11.2: Python's lstrip('property-') strips a character set, not a prefix.
function stripPropertyChars(filterName: string): string {
  return filterName.replace(/^[property-]+/, '');
}

/**
 * §11.5: the query of the next link. One value per name (the one that sorts last), names in
 * Python's order, `marker` set to the last id where it sorted or else appended, urlencoded.
 */
export function nextLinkQuery(request: ListRequest, lastId: string): string {
  const sorted = [...request.params].sort(
    ([a, aValue], [b, bValue]) => pyCompare(a, b) || pyCompare(aValue, bValue),
  );
  const params = new Map(sorted);
  params.set('marker', lastId);
  return [...params].map(([name, value]) => `${urlencode(name)}=${urlencode(value)}`).join('&');
}

/** §11.5: a next link only when exactly min(limit ?? maxLimit, maxLimit) images came back. */
export function shouldEmitNextLink(count: number, limit: number | undefined, maxLimit: number): boolean {
  const pageSize = Math.min(limit ?? maxLimit, maxLimit);
  return pageSize > 0 && count === pageSize;
}

const UNRESERVED_BYTE = /[A-Za-z0-9_.~-]/;
/** Most values of a next link (a limit, the marker's id) are unreserved throughout: kept as they are. */
const ALL_UNRESERVED = /^[A-Za-z0-9_.~-]*$/;
const encoder = new TextEncoder();

/** Python's quote_plus: UTF-8 bytes, space → '+', unreserved kept, the rest %XX. */
function urlencode(text: string): string {
  if (ALL_UNRESERVED.test(text)) return text;
  let encoded = '';
  for (const byte of encoder.encode(text)) {
    const char = String.fromCharCode(byte);
    if (char === ' ') encoded += '+';
    else if (UNRESERVED_BYTE.test(char)) encoded += char;
    else encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
