/**
 * Records given in memory (a test's, generateDataset's) as the image service's source: the one
 * pass that checks them (dataset.ts keptDataset) copies each record's values into flat arrays,
 * and the stored record is made from them the first time the image service reads it, then kept
 * (as RecordsInBytes does with a file's bytes). At creation no object is made per record: copying
 * a record's properties object is most of what storing it costs, however it is copied (spread,
 * Object.assign, fromEntries, JSON, structuredClone measured: V8 copies the 9,456 key sets of 100k
 * generated images on its slow path), while its keys and values, read by for…in and written into
 * one array, cost a third of that. The caller's records are read once, while they are checked:
 * their later changes never reach the mock.
 */
import { isPlainObject, isStringOrNull, keptDataset, type RecordCopies } from './dataset.ts';
import type { DistinctIds } from './distinct-ids.ts';
import type { ImageSource } from './glance/image-service.ts';
import { checkedTimeMs, idPrefixOf, listOrderOfTimes } from './glance/list-order.ts';
import { NO_ITEMS, storedRecord } from './glance/stored-record.ts';
import type { Dataset, ImageProperties, ImageRecord } from './types.ts';

/**
 * Each record's values that are neither numbers, properties nor lists, from index × VALUES: id,
 * name, status, visibility, owner, protected, os_hidden, created_at, updated_at, deleted,
 * disk_format, container_format, checksum, os_hash_algo, os_hash_value (read and written by name
 * below: a loop over the names costs a generic lookup per field).
 */
const VALUES = 15;
/**
 * min_ram, min_disk, size, virtual_size, from index × NUMBERS in a Float64Array (a number among
 * the values would be boxed), null and no value as these (a checked number is never negative).
 */
const NUMBERS = 4;
const NULL_NUMBER = -1;
const NO_NUMBER = -2;
/**
 * Per record, from index × COUNTS: how many properties (their keys and values are the first of
 * its items), then the length of each list (NO_LIST: none) whose items follow, in this order.
 */
const LISTS = ['members', 'pending_members', 'rejected_members', 'tags'] as const;
const COUNTS = 1 + LISTS.length;
const NO_LIST = -1;
/** The items' room made at first, per record: more than the generator's records need (16 properties, a tag or two). */
const ITEMS_PER_RECORD = 40;
/**
 * The longest array `new Array(length)` makes with its elements in one list in V8 (32 Mi): a
 * longer one starts as a dictionary, about 40 times slower to fill (2.6 s for 34 million items,
 * 64 ms for 30 million). Past it, the array grows as it is filled (more than 800k records' items).
 */
const LONGEST_LISTED_ARRAY = 32 * 1024 * 1024;
const arrayOf = (length: number): unknown[] => new Array(Math.min(length, LONGEST_LISTED_ARRAY));
/** `0001-01-01T00:00:00Z`: a checked time before it is in year 0000, which Glance refuses. */
const YEAR_ONE_MS = Date.parse('0001-01-01T00:00:00Z');

type Fields = Record<string, unknown>;

/** The fields of the record being checked, read once: what the check reads (one object, reused). */
function emptyFields(): Fields {
  return {
    id: undefined,
    name: undefined,
    status: undefined,
    visibility: undefined,
    owner: undefined,
    protected: undefined,
    os_hidden: undefined,
    min_ram: undefined,
    min_disk: undefined,
    size: undefined,
    created_at: undefined,
    updated_at: undefined,
    properties: undefined,
    deleted: undefined,
    members: undefined,
    disk_format: undefined,
    container_format: undefined,
    checksum: undefined,
    os_hash_algo: undefined,
    os_hash_value: undefined,
    virtual_size: undefined,
    pending_members: undefined,
    rejected_members: undefined,
    tags: undefined,
  };
}

const numberOf = (value: unknown): number =>
  value === null ? NULL_NUMBER : value === undefined ? NO_NUMBER : (value as number);
const numberFrom = (value: number): number | null | undefined =>
  value === NULL_NUMBER ? null : value === NO_NUMBER ? undefined : value;

/** Whether a for…in over an object meets keys it does not own (Object.prototype given enumerable ones). */
function inheritsEnumerableKeys(): boolean {
  for (const _ in {}) return true;
  return false;
}

class CopiedValues implements RecordCopies {
  readonly values: unknown[];
  readonly numbers: Float64Array;
  readonly counts: Int32Array;
  /** Where each record's items start (the next record's start: where they end). */
  readonly itemStarts: Int32Array;
  readonly items: unknown[];
  /** Each record's created_at in milliseconds and its id's first 8 hex digits: its place in list order. */
  readonly created: Float64Array;
  readonly idPrefixes: Uint32Array;
  readonly #fields = emptyFields();
  readonly #ownKeysOnly = inheritsEnumerableKeys();

  constructor(count: number) {
    this.values = arrayOf(count * VALUES);
    this.numbers = new Float64Array(count * NUMBERS);
    this.counts = new Int32Array(count * COUNTS);
    this.itemStarts = new Int32Array(count + 1);
    this.items = arrayOf(count * ITEMS_PER_RECORD);
    this.created = new Float64Array(count);
    this.idPrefixes = new Uint32Array(count);
  }

  read(record: Fields, index: number): Fields {
    const fields = this.#fields;
    const values = this.values;
    const at = index * VALUES;
    values[at] = fields.id = record.id;
    values[at + 1] = fields.name = record.name;
    values[at + 2] = fields.status = record.status;
    values[at + 3] = fields.visibility = record.visibility;
    values[at + 4] = fields.owner = record.owner;
    values[at + 5] = fields.protected = record.protected;
    values[at + 6] = fields.os_hidden = record.os_hidden;
    values[at + 7] = fields.created_at = record.created_at;
    values[at + 8] = fields.updated_at = record.updated_at;
    values[at + 9] = fields.deleted = record.deleted;
    values[at + 10] = fields.disk_format = record.disk_format;
    values[at + 11] = fields.container_format = record.container_format;
    values[at + 12] = fields.checksum = record.checksum;
    values[at + 13] = fields.os_hash_algo = record.os_hash_algo;
    values[at + 14] = fields.os_hash_value = record.os_hash_value;
    const numbers = this.numbers;
    const number = index * NUMBERS;
    fields.min_ram = record.min_ram;
    numbers[number] = numberOf(fields.min_ram);
    fields.min_disk = record.min_disk;
    numbers[number + 1] = numberOf(fields.min_disk);
    fields.size = record.size;
    numbers[number + 2] = numberOf(fields.size);
    fields.virtual_size = record.virtual_size;
    numbers[number + 3] = numberOf(fields.virtual_size);
    const counts = this.counts;
    const count = index * COUNTS;
    let end = this.itemStarts[index] as number;
    const properties = record.properties;
    const copied = isPlainObject(properties) ? this.#copyProperties(properties, end) : -1;
    // Checked as copied: the check sees an object without keys for good ones, null for a bad value.
    fields.properties = copied >= 0 ? NO_PROPERTIES : isPlainObject(properties) ? null : properties;
    counts[count] = copied;
    if (copied > 0) end += 2 * copied;
    end = this.#readList(fields, 'members', record.members, count + 1, end);
    end = this.#readList(fields, 'pending_members', record.pending_members, count + 2, end);
    end = this.#readList(fields, 'rejected_members', record.rejected_members, count + 3, end);
    end = this.#readList(fields, 'tags', record.tags, count + 4, end);
    this.itemStarts[index + 1] = end;
    return fields;
  }

  /**
   * A list of strings copied from `at` (its length at `count`); the check sees an empty one for
   * it, or the value as it is for any other. Returns where the items end.
   */
  #readList(fields: Fields, field: (typeof LISTS)[number], list: unknown, count: number, at: number): number {
    const length = Array.isArray(list) ? this.#copyList(list, at) : NO_LIST;
    fields[field] = length === NO_LIST || length < (list as unknown[]).length ? list : NO_ITEMS;
    this.counts[count] = length;
    return length > 0 ? at + length : at;
  }

  keep(index: number): void {
    const fields = this.#fields;
    this.created[index] = checkedTimeMs(fields.created_at as string);
    this.idPrefixes[index] = idPrefixOf(fields.id as string);
  }

  /** The number of properties copied from `at`, or -1 when a value is neither a string nor null. */
  #copyProperties(properties: Fields, at: number): number {
    const items = this.items;
    const start = at;
    if (this.#ownKeysOnly) {
      for (const key of Object.keys(properties)) {
        const value = properties[key];
        if (!isStringOrNull(value)) return -1;
        items[at++] = key;
        items[at++] = value;
      }
    } else {
      for (const key in properties) {
        const value = properties[key];
        if (!isStringOrNull(value)) return -1;
        items[at++] = key;
        items[at++] = value;
      }
    }
    return (at - start) / 2;
  }

  /** The number of items copied from `at`: fewer than the list holds when one is not a string. */
  #copyList(list: readonly unknown[], at: number): number {
    const items = this.items;
    for (let item = 0; item < list.length; item++) {
      const value = list[item];
      if (typeof value !== 'string') return item;
      items[at + item] = value;
    }
    return list.length;
  }
}

/** The properties object the check sees for properties copied and checked already. */
const NO_PROPERTIES: ImageProperties = Object.freeze({});

export class RecordsInValues implements ImageSource {
  readonly count: number;
  readonly ids: DistinctIds;
  readonly order: Int32Array;
  readonly createdInGlanceFormat: boolean;
  /** Undefined once every record is made. */
  #copied: CopiedValues | undefined;
  readonly #made: (ImageRecord | undefined)[];
  #unmade: number;

  /** The records of `dataset` checked (keptDataset: a DatasetError names the first fault) and copied. */
  constructor(dataset: Dataset | readonly ImageRecord[]) {
    const { copies: copied, ids } = keptDataset(
      Array.isArray(dataset) ? { images: dataset } : dataset,
      (count) => new CopiedValues(count),
    );
    const count = copied.created.length;
    copied.items.length = copied.itemStarts[count] as number;
    this.ids = ids;
    this.count = count;
    this.#copied = copied;
    this.#made = new Array(count);
    this.#unmade = count;
    this.order = listOrderOfTimes(
      copied.created,
      (index) => copied.values[index * VALUES] as string,
      copied.idPrefixes,
    );
    this.createdInGlanceFormat = copied.created.every((time) => time >= YEAR_ONE_MS);
  }

  at(index: number): ImageRecord {
    return this.#made[index] ?? this.#make(index);
  }

  #make(index: number): ImageRecord {
    const { values, numbers, counts, items, itemStarts } = this.#copied as CopiedValues;
    const at = index * VALUES;
    const number = index * NUMBERS;
    const count = index * COUNTS;
    let item = itemStarts[index] as number;
    const propertyCount = counts[count] as number;
    const properties = propertiesOf(items, item, propertyCount);
    item += 2 * propertyCount;
    const lists: (string[] | undefined)[] = [];
    for (let list = 1; list <= LISTS.length; list++) {
      const length = counts[count + list] as number;
      lists.push(
        length === NO_LIST
          ? undefined
          : length === 0
            ? NO_ITEMS
            : (Object.freeze(items.slice(item, item + length)) as string[]),
      );
      if (length > 0) item += length;
    }
    const record = {
      id: values[at],
      name: values[at + 1],
      status: values[at + 2],
      visibility: values[at + 3],
      owner: values[at + 4],
      protected: values[at + 5],
      os_hidden: values[at + 6],
      min_ram: numberFrom(numbers[number] as number),
      min_disk: numberFrom(numbers[number + 1] as number),
      size: numberFrom(numbers[number + 2] as number),
      created_at: values[at + 7],
      updated_at: values[at + 8],
      properties,
      deleted: values[at + 9],
      members: lists[0],
      disk_format: values[at + 10],
      container_format: values[at + 11],
      checksum: values[at + 12],
      os_hash_algo: values[at + 13],
      os_hash_value: values[at + 14],
      virtual_size: numberFrom(numbers[number + 3] as number),
      pending_members: lists[1],
      rejected_members: lists[2],
      tags: lists[3],
    };
    const made = storedRecord(record as ImageRecord);
    this.#made[index] = made;
    // Every record made: the copies are not read again.
    if (--this.#unmade === 0) this.#copied = undefined;
    return made;
  }
}

/**
 * The stored properties (properties.ts: frozen, own data keys only) of `count` keys and values
 * from `start`. Assigned (a tenth of the cost of fromEntries, and in V8's fast mode), but for a
 * key Object.prototype has, `__proto__` or `constructor` or one given a setter: defined, so that it is
 * the object's own data, as JSON.parse and spread make it.
 */
function propertiesOf(items: readonly unknown[], start: number, count: number): ImageProperties {
  const properties: Record<string, unknown> = {};
  for (let item = start; item < start + 2 * count; item += 2) {
    const key = items[item] as string;
    const value = items[item + 1];
    if (key in Object.prototype)
      Object.defineProperty(properties, key, { value, writable: true, enumerable: true, configurable: true });
    else properties[key] = value;
  }
  return Object.freeze(properties) as ImageProperties;
}
