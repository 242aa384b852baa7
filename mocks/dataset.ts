/**
 * The public dataset format (`{"images": [record, ...]}`, records as in mocks/types.ts):
 * validation and loading. A bad file is refused as a whole, with the index and field at fault.
 * Pure data checks: loading lives in dataset-load.ts (any runtime) and dataset-sync.ts (Node).
 */
import { DistinctIds, HASH_START, hashEnd, hashStep } from './distinct-ids.ts';
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
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The number written by the two ASCII digits at `at`, or NaN. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const units = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN;
}
/** Whether the fields of a `YYYY-MM-DDTHH:MM:SSZ` time (NaN where a digit was not one) name a real second: no February 30th, no hour 24. */
export function isRealSecond(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): boolean {
  if (Number.isNaN(year)) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day >= 1 && day <= monthDays && hour < 24 && minute < 60 && second < 60;
}
/**
 * `YYYY-MM-DDTHH:MM:SSZ` naming a real second. Read digit by digit: it runs twice per record of a
 * million-image file.
 */
const isTimestamp = (value: unknown): boolean => {
  if (!isString(value) || value.length !== 20) return false;
  if (
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 90 // Z
  )
    return false;
  return isRealSecond(
    twoDigits(value, 0) * 100 + twoDigits(value, 2),
    twoDigits(value, 5),
    twoDigits(value, 8),
    twoDigits(value, 11),
    twoDigits(value, 14),
    twoDigits(value, 17),
  );
};
export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
export const isStringOrNull = (value: unknown) => value === null || isString(value);
const isCountOrNull = (value: unknown) => value === null || isCount(value);
const STATUSES: ReadonlySet<unknown> = new Set(IMAGE_STATUSES);
const VISIBILITIES: ReadonlySet<unknown> = new Set(IMAGE_VISIBILITIES);
const isStringList = (value: unknown): boolean => {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!isString(item)) return false;
  return true;
};
/** 1 at each lowercase hex digit's character code (and byte). */
export const LOWERCASE_HEX = new Uint8Array(256);
for (const digit of '0123456789abcdef') LOWERCASE_HEX[digit.charCodeAt(0)] = 1;
/** Read through a table rather than by a RegExp: the 128 digits of each image's SHA-512 are a good part of a dataset's check. */
const isHex = (text: string): boolean => {
  for (let at = 0; at < text.length; at++) if (LOWERCASE_HEX[text.charCodeAt(at)] !== 1) return false;
  return true;
};
const isChecksum = (value: unknown) =>
  value === null || (isString(value) && value.length === 32 && isHex(value));
const isHashValue = (value: unknown) =>
  value === null || (isString(value) && value.length >= 1 && value.length <= 128 && isHex(value));
/**
 * The id table's hash of a lowercase UUID (8-4-4-4-12 hex digits), or undefined for any other
 * value: the id's 36 characters read once for both (a RegExp and then the hash read them twice,
 * 37–51 against 19–21 ms per 100k ids).
 */
export function uuidHashOf(value: unknown): number | undefined {
  if (!isString(value) || value.length !== 36) return undefined;
  let hash = HASH_START;
  for (let at = 0; at < 36; at++) {
    const code = value.charCodeAt(at);
    const dash = at === 8 || at === 13 || at === 18 || at === 23;
    if (dash ? code !== 45 : LOWERCASE_HEX[code] !== 1) return undefined;
    hash = hashStep(hash, code);
  }
  return hashEnd(hash);
}
const isUuid = (value: unknown) => uuidHashOf(value) !== undefined;
/**
 * An object of string or null values, as `properties` must be. Read by for…in, which walks the
 * keys its hidden class caches, rather than through Object.values, which makes a list of them per
 * record. An inherited enumerable key (a polluted Object.prototype) fails it or passes it as the
 * own keys would; the walk that names a fault reads own keys only.
 */
const isPropertyObject = (value: unknown): value is Record<string, unknown> => {
  if (!isPlainObject(value)) return false;
  for (const key in value) if (!isStringOrNull(value[key])) return false;
  return true;
};
/**
 * How many keys a for…in over `record` meets: its own enumerable ones, and inherited ones if
 * Object.prototype was given any (then more than the record's fields, so the fast check fails and
 * the keys are read one by one). Counted without making a list of them (Object.keys per record
 * was a sixth of what a dataset's check allocates).
 */
function enumerableKeyCount(record: object): number {
  let count = 0;
  for (const _ in record) count++;
  return count;
}

const REQUIRED_FIELDS: Readonly<Record<string, FieldCheck>> = {
  id: requires('a lowercase UUID (8-4-4-4-12 hex)', isUuid),
  name: requires('a string or null', isStringOrNull),
  status: requires(`one of ${IMAGE_STATUSES.join(', ')}`, (v) => STATUSES.has(v)),
  visibility: requires(`one of ${IMAGE_VISIBILITIES.join(', ')}`, (v) => VISIBILITIES.has(v)),
  owner: requires('a string or null', isStringOrNull),
  protected: requires('a boolean', isBoolean),
  os_hidden: requires('a boolean', isBoolean),
  min_ram: requires('a non-negative integer', isCount),
  min_disk: requires('a non-negative integer', isCount),
  size: requires('a non-negative integer or null', isCountOrNull),
  created_at: requires('a UTC timestamp like 2011-01-01T01:02:03Z', isTimestamp),
  updated_at: requires('a UTC timestamp like 2011-01-01T01:02:03Z', isTimestamp),
  properties: (value) => {
    if (!isPlainObject(value)) return `expected an object, got ${shown(value)}`;
    const bad = Object.entries(value).find(([, v]) => !isStringOrNull(v));
    return bad && `expected string or null values, got ${shown(bad[1])} for key ${shown(bad[0])}`;
  },
};

const OPTIONAL_FIELDS: Readonly<Record<string, FieldCheck>> = {
  deleted: requires('a boolean', isBoolean),
  members: requires('an array of strings', isStringList),
  pending_members: requires('an array of strings', isStringList),
  rejected_members: requires('an array of strings', isStringList),
  disk_format: requires('a string or null', isStringOrNull),
  container_format: requires('a string or null', isStringOrNull),
  checksum: requires('32 lowercase hex digits or null', isChecksum),
  os_hash_algo: requires('a string or null', isStringOrNull),
  os_hash_value: requires('lowercase hex digits or null', isHashValue),
  virtual_size: requires('a non-negative integer or null', isCountOrNull),
  tags: requires('an array of strings', isStringList),
};

const REQUIRED_FIELD_COUNT = Object.keys(REQUIRED_FIELDS).length;
const isKnownField = (field: string) =>
  Object.hasOwn(REQUIRED_FIELDS, field) || Object.hasOwn(OPTIONAL_FIELDS, field);

/** 1 for an optional field that is there and well formed, 0 for one left out, NaN for a bad one. */
const optional = (value: unknown, test: (value: unknown) => boolean): number =>
  value === undefined ? 0 : test(value) ? 1 : Number.NaN;

/** The part of the fast check below read before a record is copied: an object whose properties are one. */
function isRecordObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && isPlainObject(value.properties);
}

/**
 * The rest of the fast check, every field but the id read by its name (its callers check the id,
 * madeDataset as it hashes it), for the common case of a good record: a million of them load in
 * seconds. It reads the fields of `fields`, which is `record`
 * or the image service's copy of it (the same values, in one hidden class: reading those is
 * monomorphic), and the keys of `record`. It never passes a bad record; what it refuses goes
 * through the field-by-field walk below, which names the fault.
 */
function hasWellFormedFields(fields: Record<string, unknown>, record: Record<string, unknown>): boolean {
  const present =
    REQUIRED_FIELD_COUNT +
    optional(fields.deleted, isBoolean) +
    optional(fields.members, isStringList) +
    optional(fields.pending_members, isStringList) +
    optional(fields.rejected_members, isStringList) +
    optional(fields.disk_format, isStringOrNull) +
    optional(fields.container_format, isStringOrNull) +
    optional(fields.checksum, isChecksum) +
    optional(fields.os_hash_algo, isStringOrNull) +
    optional(fields.os_hash_value, isHashValue) +
    optional(fields.virtual_size, isCountOrNull) +
    optional(fields.tags, isStringList);
  // No other field: the count says so at once, unless optional fields are there as undefined.
  if (Number.isNaN(present)) return false;
  return (
    (enumerableKeyCount(record) === present || Object.keys(record).every(isKnownField)) &&
    isPropertyObject(fields.properties) &&
    isStringOrNull(fields.name) &&
    STATUSES.has(fields.status) &&
    VISIBILITIES.has(fields.visibility) &&
    isStringOrNull(fields.owner) &&
    isBoolean(fields.protected) &&
    isBoolean(fields.os_hidden) &&
    isCount(fields.min_ram) &&
    isCount(fields.min_disk) &&
    isCountOrNull(fields.size) &&
    isTimestamp(fields.created_at) &&
    isTimestamp(fields.updated_at)
  );
}

function isWellFormed(value: unknown): boolean {
  return isRecordObject(value) && isUuid(value.id) && hasWellFormedFields(value, value);
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

/** The records of a dataset object, unchecked, or a DatasetError if it is not `{"images": [...]}`. */
function datasetImages(value: unknown): unknown[] {
  if (!isPlainObject(value) || !Array.isArray(value.images)) {
    throw new DatasetError(`dataset: expected an object {"images": [...]}, got ${shown(value)}`);
  }
  const unknownField = Object.keys(value).find((field) => field !== 'images');
  if (unknownField !== undefined) throw new DatasetError(`dataset.${unknownField}: unknown field`);
  return value.images;
}

/** A dataset's records as made, and the table of their ids (each id's index among them). */
export interface MadeDataset {
  records: ImageRecord[];
  ids: DistinctIds;
}

/**
 * The records of a dataset (`{"images": [...]}`), each made by `make` as soon as it is checked,
 * with their id table (which the image service keeps as its positions), or a DatasetError naming
 * the first fault. `make` copies a record's fields as they are (or is the identity); the fields
 * are checked on what it makes, the keys on the record. One pass, each
 * record made while it is still in the CPU's cache (a second pass over 100k records reads them
 * all from memory again).
 */
export function madeDataset(value: unknown, make: (record: ImageRecord) => ImageRecord): MadeDataset {
  const images = datasetImages(value);
  // The length read once: a caller's getter that grows the list while it is read must not
  // outgrow the id table (sized for this many) and leave its add looking for a free slot forever.
  const count = images.length;
  const ids = new DistinctIds(count);
  const made: ImageRecord[] = [];
  for (let index = 0; index < count; index++) {
    const record: unknown = images[index];
    if (!isRecordObject(record)) validateRecord(record, `images[${index}]`);
    const copy = make(record as ImageRecord);
    const hash = uuidHashOf(copy.id);
    if (
      hash === undefined ||
      !hasWellFormedFields(copy as unknown as Record<string, unknown>, record as Record<string, unknown>)
    )
      validateRecord(record, `images[${index}]`);
    const first = ids.add(copy.id, hash);
    if (first >= 0)
      throw new DatasetError(`images[${index}].id: duplicate of images[${first}].id ${copy.id}`);
    made.push(copy);
  }
  return { records: made, ids };
}

/**
 * What keptDataset copies each record into as it checks it (dataset-values.ts). `read` copies the
 * fields of the record at `index`, each read once, and returns them for the check; property
 * values and list items are checked as they are copied, and a bad one is left among the fields
 * returned, for the check to refuse. `keep` keeps the copy of a record the check passed.
 */
export interface RecordCopies {
  read(record: Record<string, unknown>, index: number): Record<string, unknown>;
  keep(index: number): void;
}

/**
 * madeDataset for records copied as they are checked (by copiesFor(the number of records)), in
 * one pass that reads each field of each record once (a caller's records, read once: a later
 * change to them is not seen); the copies and the id table, or a DatasetError naming the first fault.
 */
export function keptDataset<Copies extends RecordCopies>(
  value: unknown,
  copiesFor: (count: number) => Copies,
): { copies: Copies; ids: DistinctIds } {
  const images = datasetImages(value);
  const count = images.length;
  const ids = new DistinctIds(count);
  const copies = copiesFor(count);
  for (let index = 0; index < count; index++) {
    const record: unknown = images[index];
    if (!isPlainObject(record)) validateRecord(record, `images[${index}]`);
    const fields = copies.read(record as Record<string, unknown>, index);
    const hash = uuidHashOf(fields.id);
    if (hash === undefined || !hasWellFormedFields(fields, record as Record<string, unknown>)) {
      validateRecord(record, `images[${index}]`);
      // Read again, it passed: a getter that gives another value each time it is read.
      throw new DatasetError(`images[${index}]: its fields changed while they were read`);
    }
    const first = ids.add(fields.id as string, hash);
    if (first >= 0)
      throw new DatasetError(`images[${index}].id: duplicate of images[${first}].id ${fields.id}`);
    copies.keep(index);
  }
  return { copies, ids };
}

/** The records of a dataset (`{"images": [...]}`), or a DatasetError naming the first fault. */
export function validateDataset(value: unknown): ImageRecord[] {
  madeDataset(value, (record) => record);
  return (value as Dataset).images as ImageRecord[];
}

export function isBundledDataset(name: string): name is BundledDatasetName {
  return (BUNDLED_DATASETS as readonly string[]).includes(name);
}

/** The records of a dataset file's text, each made by `make`, with their ids (madeDataset); errors name the file. */
export function parseDatasetFile(
  path: string,
  text: string,
  make: (record: ImageRecord) => ImageRecord = (record) => record,
): MadeDataset {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
  try {
    return madeDataset(parsed, make);
  } catch (error) {
    throw error instanceof DatasetError ? new DatasetError(`${path}: ${error.message}`) : error;
  }
}

/** Records or a dataset given in memory, validated. */
export function validatedRecords(source: readonly ImageRecord[] | Dataset): ImageRecord[] {
  return validateDataset(Array.isArray(source) ? { images: source } : source);
}
