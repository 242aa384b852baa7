/**
 * Glance v2 listing as its database layer does it (glance/db/sqlalchemy/api.py `image_get_all`,
 * `_make_conditions_from_filters`, `_select_images_query`): who sees what, the filters, and the
 * sort order with `created_at` and `id` appended as tie-breakers.
 */
import type { Caller, ImageRecord } from '../types.ts';
import { isDeleted } from './access.ts';
import { GlanceError } from './errors.ts';
import { splitFilterOperator, splitInList } from './filters.ts';
import { type Instant, parseIso8601 } from './iso8601.ts';

export type MemberStatusFilter = 'pending' | 'accepted' | 'rejected' | 'all';
export type VisibilityFilter = 'public' | 'private' | 'shared' | 'community' | 'all';
export type SortKey =
  | 'name'
  | 'status'
  | 'container_format'
  | 'disk_format'
  | 'size'
  | 'id'
  | 'created_at'
  | 'updated_at';
export type SortDirection = 'asc' | 'desc';

export interface GlanceListQuery {
  visibility?: VisibilityFilter;
  /** Which memberships make a shared image listed; Glance's default is `accepted`. */
  memberStatus?: MemberStatusFilter;
  /** Glance lists either hidden images or the others, never both (default: the others). */
  osHidden?: boolean;
  protected?: boolean;
  /** Every tag must be on the image. */
  tags?: readonly string[];
  /**
   * The remaining query parameters as Glance receives them: `name`, `id`, `status`,
   * `container_format`, `disk_format` (with `in:`/`eq:`), `created_at`/`updated_at` (with
   * `gt:`, `lte:`, …), `size_min`/`size_max` (and `virtual_size_*`), other image columns
   * (`owner`, `min_ram`, `checksum`, …) by equality, anything else a property.
   */
  filters?: ReadonlyArray<readonly [string, string]>;
  /** Sort keys and their directions as the API parsed them: one direction may serve every key. */
  sortKeys?: readonly SortKey[];
  sortDirs?: readonly SortDirection[];
  marker?: string;
  limit?: number;
}

type Predicate = (image: ImageRecord) => boolean;

/** Columns of Glance's `images` table a filter may name for plain equality. */
const EQUALITY_COLUMNS: Readonly<Record<string, (image: ImageRecord) => unknown>> = {
  owner: (image) => image.owner,
  min_ram: (image) => image.min_ram,
  min_disk: (image) => image.min_disk,
  size: (image) => image.size,
  virtual_size: (image) => image.virtual_size ?? null,
  checksum: (image) => image.checksum ?? null,
  os_hash_algo: (image) => image.os_hash_algo ?? null,
  os_hash_value: (image) => image.os_hash_value ?? null,
};

const OPERATOR_COLUMNS: Readonly<Record<string, (image: ImageRecord) => string | null>> = {
  name: (image) => image.name,
  id: (image) => image.id,
  status: (image) => image.status,
  container_format: (image) => image.container_format ?? null,
  disk_format: (image) => image.disk_format ?? null,
};

const RANGE_COLUMNS: Readonly<Record<string, (image: ImageRecord) => number | null>> = {
  size: (image) => image.size,
  virtual_size: (image) => image.virtual_size ?? null,
};

function instantOf(text: string): Instant | undefined {
  return parseIso8601(text);
}

function compareInstants(a: Instant, b: Instant): number {
  return a.epochSeconds - b.epochSeconds || a.microseconds - b.microseconds;
}

function timeFilter(column: 'created_at' | 'updated_at', expression: string): Predicate {
  const [operator, text] = splitFilterOperator(expression);
  const threshold = instantOf(text);
  if (threshold === undefined) throw new GlanceError('badTimeFilter', column);
  const test: Record<string, (order: number) => boolean> = {
    gt: (order) => order > 0,
    gte: (order) => order >= 0,
    lt: (order) => order < 0,
    lte: (order) => order <= 0,
    neq: (order) => order !== 0,
    eq: (order) => order === 0,
  };
  const accept = test[operator];
  if (accept === undefined) throw new GlanceError('unknownFilterOperator');
  return (image) => {
    const value = instantOf(image[column]);
    return value !== undefined && accept(compareInstants(value, threshold));
  };
}

function operatorFilter(column: (image: ImageRecord) => string | null, expression: string): Predicate {
  const [operator, value] = splitFilterOperator(expression);
  if (operator === 'eq') return (image) => column(image) === value;
  if (operator === 'in') {
    const values = new Set(splitInList(value));
    return (image) => {
      const actual = column(image);
      return actual !== null && values.has(actual);
    };
  }
  throw new GlanceError('unknownNameOperator', operator);
}

function rangeFilter(
  column: (image: ImageRecord) => number | null,
  bound: 'min' | 'max',
  text: string,
): Predicate {
  // Python's int(): surrounding blanks and one sign are allowed.
  if (!/^\s*[-+]?\d+\s*$/.test(text)) throw new GlanceError('nonNumericRange');
  const limit = Number(text.trim());
  return (image) => {
    const value = column(image);
    return value !== null && (bound === 'min' ? value >= limit : value <= limit);
  };
}

/** SQL compares a column with the query's text after converting it to the column's type. */
function equalityFilter(column: (image: ImageRecord) => unknown, text: string): Predicate {
  return (image) => {
    const value = column(image);
    return value !== null && value !== undefined && String(value) === text;
  };
}

function filterFor(key: string, value: string): Predicate {
  const range = /^(.*)_(min|max)$/.exec(key);
  if (range) {
    const column = RANGE_COLUMNS[range[1] as string];
    if (column) return rangeFilter(column, range[2] as 'min' | 'max', value);
  }
  if (key === 'created_at' || key === 'updated_at') return timeFilter(key, value);
  const operatorColumn = OPERATOR_COLUMNS[key];
  if (operatorColumn) return operatorFilter(operatorColumn, value);
  const column = EQUALITY_COLUMNS[key];
  if (column) return equalityFilter(column, value);
  return (image) => Object.hasOwn(image.properties, key) && image.properties[key] === value;
}

export function memberStatusOf(
  image: ImageRecord,
  projectId: string,
): 'pending' | 'accepted' | 'rejected' | undefined {
  if (image.members?.includes(projectId)) return 'accepted';
  if (image.pending_members?.includes(projectId)) return 'pending';
  if (image.rejected_members?.includes(projectId)) return 'rejected';
  return undefined;
}

/** `_select_images_query` plus the visibility clauses of `image_get_all`. */
function visibilityFilter(caller: Caller, query: GlanceListQuery): Predicate {
  const memberStatus = query.memberStatus ?? 'accepted';
  const reachable: Predicate =
    caller.admin === true
      ? () => true
      : (image) => {
          if (image.visibility === 'public' || image.visibility === 'community') return true;
          if (image.owner === caller.projectId) return true;
          if (image.visibility !== 'shared') return false;
          const status = memberStatusOf(image, caller.projectId);
          return status !== undefined && (memberStatus === 'all' || status === memberStatus);
        };
  const { visibility } = query;
  if (visibility === 'all') return reachable;
  if (visibility !== undefined) return (image) => image.visibility === visibility && reachable(image);
  // Without a visibility, community images are listed only to their owner.
  return (image) =>
    reachable(image) && (image.visibility !== 'community' || image.owner === caller.projectId);
}

/** The predicate of a Glance listing; throws GlanceError for filters Glance refuses. */
export function glanceListPredicate(caller: Caller, query: GlanceListQuery): Predicate {
  const predicates: Predicate[] = [
    // `deleted = False`, and killed images are never listed.
    (image) => !isDeleted(image) && image.status !== 'killed',
    (image) => image.os_hidden === (query.osHidden ?? false),
    visibilityFilter(caller, query),
  ];
  if (query.protected !== undefined) predicates.push((image) => image.protected === query.protected);
  for (const tag of query.tags ?? []) predicates.push((image) => image.tags?.includes(tag) ?? false);
  for (const [key, value] of query.filters ?? []) predicates.push(filterFor(key, value));
  return (image) => predicates.every((matches) => matches(image));
}

const SORT_VALUES: Readonly<Record<SortKey, (image: ImageRecord) => string | number | Instant | null>> = {
  name: (image) => image.name,
  status: (image) => image.status,
  container_format: (image) => image.container_format ?? null,
  disk_format: (image) => image.disk_format ?? null,
  size: (image) => image.size,
  id: (image) => image.id,
  created_at: (image) => instantOf(image.created_at) ?? null,
  updated_at: (image) => instantOf(image.updated_at) ?? null,
};

function compareValues(a: string | number | Instant | null, b: string | number | Instant | null): number {
  // SQLite sorts NULL before every value.
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return compareInstants(a as Instant, b as Instant);
}

/**
 * The keys of a listing's order (`image_get_all`): one direction given serves every key and
 * becomes the default; `created_at` and `id` are appended unless named, in the default direction.
 */
function sortOf(
  sortKeys: readonly SortKey[],
  sortDirs: readonly SortDirection[],
): { keys: SortKey[]; dirs: SortDirection[] } {
  const keys: SortKey[] = sortKeys.length > 0 ? [...sortKeys] : ['created_at'];
  let fallback: SortDirection = 'desc';
  let dirs: SortDirection[] = [...sortDirs];
  if (dirs.length === 0) dirs = keys.map(() => fallback);
  else if (dirs.length === 1) {
    fallback = dirs[0] as SortDirection;
    dirs = keys.map(() => fallback);
  }
  for (const key of ['created_at', 'id'] as const) {
    if (!keys.includes(key)) {
      keys.push(key);
      dirs.push(fallback);
    }
  }
  return { keys, dirs };
}

/** Whether the order is Glance's default, `created_at` then `id`, both descending. */
export function isDefaultListOrder(
  sortKeys: readonly SortKey[] = [],
  sortDirs: readonly SortDirection[] = [],
): boolean {
  const { keys, dirs } = sortOf(sortKeys, sortDirs);
  return keys.length === 2 && keys[0] === 'created_at' && dirs.every((dir) => dir === 'desc');
}

/** The order of a listing; each image's sort values are read once per listing, not per comparison. */
export function glanceListOrder(
  sortKeys: readonly SortKey[] = [],
  sortDirs: readonly SortDirection[] = [],
): (a: ImageRecord, b: ImageRecord) => number {
  const { keys, dirs } = sortOf(sortKeys, sortDirs);
  const read = new Map<ImageRecord, (string | number | Instant | null)[]>();
  const valuesOf = (image: ImageRecord) => {
    let values = read.get(image);
    if (values === undefined) {
      values = keys.map((key) => SORT_VALUES[key](image));
      read.set(image, values);
    }
    return values;
  };
  return (a, b) => {
    const first = valuesOf(a);
    const second = valuesOf(b);
    for (let index = 0; index < keys.length; index++) {
      const order = compareValues(first[index] ?? null, second[index] ?? null);
      if (order !== 0) return dirs[index] === 'asc' ? order : -order;
    }
    return 0;
  };
}
