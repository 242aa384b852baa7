/** Glance-side list filters (behaviour spec §11.2), compiled once per request into a predicate. */
import type { ImageRecord } from '../types.ts';
import { GlanceError } from './errors.ts';
import { isAtOrAfter, parseIso8601 } from './iso8601.ts';

/** Glance-side filters (the Nova layer has already translated Nova query params, §11.2). All strings as received. */
export interface GlanceFilters {
  /** Exact, case-sensitive; `in:a,b` = any of; `eq:x` = x; another `op:` → 'unknownNameOperator'. */
  name?: string;
  /** Raw Glance status, already lower-cased by Nova. */
  status?: string;
  /** From changes-since: ISO 8601, any offset; inclusive. */
  updatedAtGte?: string;
  minRam?: string;
  minDisk?: string;
  /** Exact property equality; names already translated by Nova. All must match. */
  properties?: ReadonlyArray<readonly [string, string]>;
}

type Predicate = (image: ImageRecord) => boolean;

/**
 * Glance `split_filter_op`: `op:value`, unless the whole value is an ISO 8601 time (which has
 * colons of its own); no colon means `eq`.
 */
export function splitFilterOperator(expression: string): [operator: string, value: string] {
  const colon = expression.indexOf(':');
  if (colon < 0 || parseIso8601(expression) !== undefined) return ['eq', expression];
  return [expression.slice(0, colon), expression.slice(colon + 1)];
}

/**
 * glance/common/utils.py `validate_quotes`: a quote opens only after a comma (or at the start),
 * closes only before one (or at the end), and every quote closes; `\"` is no quote.
 */
function validateQuotes(value: string): void {
  let opening = true;
  for (let index = 0; index < value.length; index++) {
    if (value[index] !== '"' || (index > 0 && value[index - 1] === '\\')) continue;
    if (opening && index > 0 && value[index - 1] !== ',') {
      throw new GlanceError(
        'invalidInList',
        `Invalid filter value ${value}. There is no comma before opening quotation mark.`,
      );
    }
    if (!opening && index + 1 !== value.length && value[index + 1] !== ',') {
      throw new GlanceError(
        'invalidInList',
        `Invalid filter value ${value}. There is no comma after closing quotation mark.`,
      );
    }
    opening = !opening;
  }
  if (!opening)
    throw new GlanceError('invalidInList', `Invalid filter value ${value}. The quote is not closed.`);
}

/** `split_filter_value_for_quotes`: comma-separated, double quotes protect commas. */
export function splitInList(value: string): string[] {
  validateQuotes(value);
  const out: string[] = [];
  for (const match of value.matchAll(/"([^"\\]*(?:\\.[^"\\]*)*)",?|([^,]+),?|,/g)) {
    out.push(match[1] ?? match[2] ?? '');
  }
  return out;
}

function nameFilter(expression: string): Predicate {
  const [operator, value] = splitFilterOperator(expression);
  if (operator === 'eq') return (image) => image.name === value;
  if (operator === 'in') {
    const names = new Set(splitInList(value));
    return (image) => image.name !== null && names.has(image.name);
  }
  throw new GlanceError('unknownNameOperator', operator);
}

function updatedSinceFilter(text: string): Predicate {
  const since = parseIso8601(text);
  if (since === undefined) throw new GlanceError('invalidChangesSince', text);
  return (image) => {
    const updated = parseIso8601(image.updated_at);
    return updated !== undefined && isAtOrAfter(updated, since);
  };
}

/** §11.2: exact equality, not "at least"; a value that is no integer matches nothing. */
function integerEqualityFilter(text: string, field: (image: ImageRecord) => number): Predicate {
  if (!/^[0-9]+$/.test(text)) return () => false;
  const wanted = Number(text);
  return (image) => field(image) === wanted;
}

function propertyFilter(name: string, value: string): Predicate {
  return (image) => Object.hasOwn(image.properties, name) && image.properties[name] === value;
}

/** One predicate for all filters (AND). Throws GlanceError for values Glance refuses. */
export function compileFilters(filters: GlanceFilters): Predicate {
  const predicates: Predicate[] = [];
  const { name, status, updatedAtGte, minRam, minDisk, properties = [] } = filters;
  if (name !== undefined) predicates.push(nameFilter(name));
  if (status !== undefined) predicates.push((image) => image.status === status);
  if (updatedAtGte !== undefined) predicates.push(updatedSinceFilter(updatedAtGte));
  if (minRam !== undefined) predicates.push(integerEqualityFilter(minRam, (image) => image.min_ram));
  if (minDisk !== undefined) predicates.push(integerEqualityFilter(minDisk, (image) => image.min_disk));
  for (const [propertyName, value] of properties) predicates.push(propertyFilter(propertyName, value));
  return (image) => predicates.every((matches) => matches(image));
}
