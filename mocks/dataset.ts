/**
 * The public dataset format (`{"images": [record, ...]}`, records as in mocks/types.ts):
 * validation and loading. A bad file is refused as a whole, with the index and field at fault.
 * Pure data checks: loading lives in dataset-load.ts (any runtime) and dataset-sync.ts (Node).
 */
import { type Dataset, IMAGE_STATUSES, IMAGE_VISIBILITIES, type ImageRecord } from './types.ts';

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

export const BUNDLED_DATASETS = ['api-samples', 'api-samples-foreign', 'unit-fixtures', 'demo'] as const;
export type BundledDatasetName = (typeof BUNDLED_DATASETS)[number];
/** The dataset every runtime serves unless told otherwise. */
export const DEFAULT_DATASET: BundledDatasetName = 'api-samples';

/** A bundled dataset name, a file path, records, or a parsed dataset. */
export type DatasetSource = string | readonly ImageRecord[] | Dataset;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

type FieldCheck = (value: unknown) => string | undefined;

function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Nested too deep to write out (a hostile file): its kind says enough.
    text = Array.isArray(value)
      ? '[...]'
      : typeof value === 'object' && value !== null
        ? '{...}'
        : String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function requires(description: string, test: (value: unknown) => boolean): FieldCheck {
  return (value) => (test(value) ? undefined : `expected ${description}, got ${shown(value)}`);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const digits = (text: string, start: number, end: number): number => Number(text.slice(start, end));
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** `YYYY-MM-DDTHH:MM:SSZ` naming a real second (no February 30th, no hour 24). */
const isTimestamp = (value: unknown): boolean => {
  if (!isString(value) || !TIMESTAMP.test(value)) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  const day = digits(value, 8, 10);
  return (
    day >= 1 &&
    day <= monthDays &&
    digits(value, 11, 13) < 24 &&
    digits(value, 14, 16) < 60 &&
    digits(value, 17, 19) < 60
  );
};
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

const REQUIRED_FIELDS: Readonly<Record<string, FieldCheck>> = {
  id: requires('a lowercase UUID (8-4-4-4-12 hex)', (v) => isString(v) && UUID.test(v)),
  name: requires('a string or null', (v) => v === null || isString(v)),
  status: requires(`one of ${IMAGE_STATUSES.join(', ')}`, (v) =>
    (IMAGE_STATUSES as readonly unknown[]).includes(v),
  ),
  visibility: requires(`one of ${IMAGE_VISIBILITIES.join(', ')}`, (v) =>
    (IMAGE_VISIBILITIES as readonly unknown[]).includes(v),
  ),
  owner: requires('a string or null', (v) => v === null || isString(v)),
  protected: requires('a boolean', (v) => typeof v === 'boolean'),
  os_hidden: requires('a boolean', (v) => typeof v === 'boolean'),
  min_ram: requires('a non-negative integer', isCount),
  min_disk: requires('a non-negative integer', isCount),
  size: requires('a non-negative integer or null', (v) => v === null || isCount(v)),
  created_at: requires('a UTC timestamp like 2011-01-01T01:02:03Z', isTimestamp),
  updated_at: requires('a UTC timestamp like 2011-01-01T01:02:03Z', isTimestamp),
  properties: (value) => {
    if (!isPlainObject(value)) return `expected an object, got ${shown(value)}`;
    const bad = Object.entries(value).find(([, v]) => v !== null && !isString(v));
    return bad && `expected string or null values, got ${shown(bad[1])} for key ${shown(bad[0])}`;
  },
};

const isStringList = (v: unknown) => Array.isArray(v) && v.every(isString);
const isHex = (length: number) => (v: unknown) =>
  v === null || (isString(v) && v.length === length && /^[0-9a-f]+$/.test(v));

const OPTIONAL_FIELDS: Readonly<Record<string, FieldCheck>> = {
  deleted: requires('a boolean', (v) => typeof v === 'boolean'),
  members: requires('an array of strings', isStringList),
  pending_members: requires('an array of strings', isStringList),
  rejected_members: requires('an array of strings', isStringList),
  disk_format: requires('a string or null', (v) => v === null || isString(v)),
  container_format: requires('a string or null', (v) => v === null || isString(v)),
  checksum: requires('32 lowercase hex digits or null', isHex(32)),
  os_hash_algo: requires('a string or null', (v) => v === null || isString(v)),
  os_hash_value: requires(
    'lowercase hex digits or null',
    (v) => v === null || (isString(v) && /^[0-9a-f]{1,128}$/.test(v)),
  ),
  virtual_size: requires('a non-negative integer or null', (v) => v === null || isCount(v)),
  tags: requires('an array of strings', isStringList),
};

const OPTIONAL_FIELD_NAMES = Object.keys(OPTIONAL_FIELDS);
const REQUIRED_FIELD_COUNT = Object.keys(REQUIRED_FIELDS).length;
const STATUSES: ReadonlySet<unknown> = new Set(IMAGE_STATUSES);
const VISIBILITIES: ReadonlySet<unknown> = new Set(IMAGE_VISIBILITIES);
const isNullOr = (value: unknown, test: (value: unknown) => boolean) => value === null || test(value);

/**
 * The whole check in one pass, for the common case of a good record: a million of them load in
 * seconds. A record it refuses goes through the field-by-field walk, which names the fault.
 */
function isWellFormed(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const { properties } = value;
  if (!isPlainObject(properties)) return false;
  for (const key in properties) if (!isNullOr(properties[key], isString)) return false;
  let optional = 0;
  for (const field of OPTIONAL_FIELD_NAMES) {
    if (!Object.hasOwn(value, field)) continue;
    optional++;
    if (value[field] !== undefined && (OPTIONAL_FIELDS[field] as FieldCheck)(value[field]) !== undefined)
      return false;
  }
  return (
    Object.keys(value).length === REQUIRED_FIELD_COUNT + optional &&
    isString(value.id) &&
    UUID.test(value.id) &&
    isNullOr(value.name, isString) &&
    STATUSES.has(value.status) &&
    VISIBILITIES.has(value.visibility) &&
    isNullOr(value.owner, isString) &&
    typeof value.protected === 'boolean' &&
    typeof value.os_hidden === 'boolean' &&
    isCount(value.min_ram) &&
    isCount(value.min_disk) &&
    isNullOr(value.size, isCount) &&
    isTimestamp(value.created_at) &&
    isTimestamp(value.updated_at)
  );
}

/** Throws a DatasetError naming the record's place (e.g. `images[3]`) and the field at fault. */
export function validateRecord(value: unknown, place: string | (() => string)): void {
  if (isWellFormed(value)) return;
  const where = typeof place === 'string' ? place : place();
  if (!isPlainObject(value)) throw new DatasetError(`${where}: expected an object, got ${shown(value)}`);
  for (const [field, check] of Object.entries(REQUIRED_FIELDS)) {
    if (!Object.hasOwn(value, field)) throw new DatasetError(`${where}.${field}: missing`);
    const problem = check(value[field]);
    if (problem) throw new DatasetError(`${where}.${field}: ${problem}`);
  }
  for (const field of Object.keys(value)) {
    if (Object.hasOwn(REQUIRED_FIELDS, field)) continue;
    // A record's keys are the file's: `__proto__` is a field name like any other, and unknown.
    const check = Object.hasOwn(OPTIONAL_FIELDS, field) ? OPTIONAL_FIELDS[field] : undefined;
    if (check === undefined) throw new DatasetError(`${where}.${field}: unknown field`);
    // An optional field set to undefined (as in the image service's records) is one left out.
    const problem = value[field] === undefined ? undefined : check(value[field]);
    if (problem) throw new DatasetError(`${where}.${field}: ${problem}`);
  }
}

/** The records of a dataset (`{"images": [...]}`), or a DatasetError naming the first fault. */
export function validateDataset(value: unknown): ImageRecord[] {
  if (!isPlainObject(value) || !Array.isArray(value.images)) {
    throw new DatasetError(`dataset: expected an object {"images": [...]}, got ${shown(value)}`);
  }
  const unknownField = Object.keys(value).find((field) => field !== 'images');
  if (unknownField !== undefined) throw new DatasetError(`dataset.${unknownField}: unknown field`);

  const firstIndexOfId = new Map<string, number>();
  for (const [index, record] of value.images.entries()) {
    validateRecord(record, `images[${index}]`);
    const { id } = record as ImageRecord;
    const first = firstIndexOfId.get(id);
    if (first !== undefined)
      throw new DatasetError(`images[${index}].id: duplicate of images[${first}].id ${id}`);
    firstIndexOfId.set(id, index);
  }
  return value.images as ImageRecord[];
}

export function isBundledDataset(name: string): name is BundledDatasetName {
  return (BUNDLED_DATASETS as readonly string[]).includes(name);
}

/** The records of a dataset file's text; errors name the file. */
export function parseDatasetFile(path: string, text: string): ImageRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
  try {
    return validateDataset(parsed);
  } catch (error) {
    throw error instanceof DatasetError ? new DatasetError(`${path}: ${error.message}`) : error;
  }
}

/** Records or a dataset given in memory, validated. */
export function validatedRecords(source: readonly ImageRecord[] | Dataset): ImageRecord[] {
  return validateDataset(Array.isArray(source) ? { images: source } : source);
}
