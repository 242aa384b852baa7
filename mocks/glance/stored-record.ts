/**
 * The image service's form of a record: frozen, every field in the object itself, properties in
 * their stored form (properties.ts); and the mutable copies it hands out.
 */
import type { IdIndex } from '../distinct-ids.ts';
import type { ImageProperties, ImageRecord } from '../types.ts';
import { copyProperties, isStoredProperties, storedProperties } from './properties.ts';

/**
 * The stored record, frozen. Every record is built by this one literal, so all share one hidden
 * class, with every field in the object itself (an absent optional field is there as undefined,
 * which JSON and toEqual skip): the filters that read a field stay monomorphic however varied the
 * dataset, and a record takes no separate property store.
 */
export function storedRecord(record: ImageRecord): ImageRecord {
  if (isStoredRecord(record)) return record;
  return Object.freeze({
    id: record.id,
    name: record.name,
    status: record.status,
    visibility: record.visibility,
    owner: record.owner,
    protected: record.protected,
    os_hidden: record.os_hidden,
    min_ram: record.min_ram,
    min_disk: record.min_disk,
    size: record.size,
    created_at: record.created_at,
    updated_at: record.updated_at,
    properties: storedProperties(record.properties) as ImageProperties,
    deleted: record.deleted,
    members: frozenList(record.members),
    disk_format: record.disk_format,
    container_format: record.container_format,
    checksum: record.checksum,
    os_hash_algo: record.os_hash_algo,
    os_hash_value: record.os_hash_value,
    virtual_size: record.virtual_size,
    pending_members: frozenList(record.pending_members),
    rejected_members: frozenList(record.rejected_members),
    tags: frozenList(record.tags),
  });
}

/**
 * storedRecord of a record no one else holds (parsed here from a dataset's text): its properties
 * and lists frozen where they are rather than copied (a copy of the properties is most of what
 * storing a record costs).
 */
export function storedOwnRecord(record: ImageRecord): ImageRecord {
  return storedRecord(partsFrozenInPlace(record));
}

/**
 * A record no one else holds with its properties and lists frozen where they are, as the image
 * service stores them; each list by name (a loop over the names costs a generic lookup per record).
 */
export function partsFrozenInPlace(record: ImageRecord): ImageRecord {
  Object.freeze(record.properties);
  Object.freeze(record.members);
  Object.freeze(record.pending_members);
  Object.freeze(record.rejected_members);
  Object.freeze(record.tags);
  return record;
}

const STORED_DATASETS = new WeakMap<readonly ImageRecord[], IdIndex>();

/**
 * A checked dataset's records, each made by storedRecord, their ids known to be distinct and in
 * `ids` (each id's index in `records`): frozen as one list, which the image service takes as it
 * is (neither copying the records nor checking their ids a second time), and whose id table it
 * keeps as its positions.
 */
export function storedDataset(records: ImageRecord[], ids: IdIndex): readonly ImageRecord[] {
  STORED_DATASETS.set(Object.freeze(records), ids);
  return records;
}

/** The id table of a list made by storedDataset; undefined for any other list. */
export function storedIdsOf(records: readonly ImageRecord[]): IdIndex | undefined {
  return STORED_DATASETS.get(records);
}

/** The scalar fields only Glance shows (Nova's views have none of them). */
export const GLANCE_FIELDS = [
  'disk_format',
  'container_format',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'virtual_size',
] as const;
/** The fields a record may lack (mocks/types.ts). */
const OPTIONAL_FIELDS = [
  'deleted',
  'members',
  ...GLANCE_FIELDS,
  'pending_members',
  'rejected_members',
  'tags',
] as const;
const LIST_FIELDS = ['members', 'pending_members', 'rejected_members', 'tags'] as const;

/**
 * Made by storedRecord, or as good: frozen, with every field its own (a dataset's record has no
 * others), frozen lists and stored properties. Kept as it is, so a loaded file's records are not
 * copied twice.
 */
function isStoredRecord(record: ImageRecord): boolean {
  return (
    Object.isFrozen(record) &&
    OPTIONAL_FIELDS.every((field) => Object.hasOwn(record, field)) &&
    LIST_FIELDS.every((list) => record[list] === undefined || Object.isFrozen(record[list])) &&
    isStoredProperties(record.properties)
  );
}

/** The one frozen empty list, which every record without members or tags shares. */
export const NO_ITEMS: string[] = Object.freeze([]) as unknown as string[];

function frozenList(items: readonly string[] | undefined): string[] | undefined {
  // Anything else is a bad dataset's value, kept as it is for its check to refuse (madeDataset).
  if (!Array.isArray(items)) return items as string[] | undefined;
  if (items.length === 0) return NO_ITEMS;
  return (Object.isFrozen(items) ? items : Object.freeze([...items])) as string[];
}

/** A copy in the dataset's shape: optional fields only where they hold a value. */
export function mutableCopy(record: ImageRecord): ImageRecord {
  const copy: ImageRecord = { ...record, properties: copyProperties(record.properties) };
  for (const field of OPTIONAL_FIELDS) if (copy[field] === undefined) delete copy[field];
  for (const list of LIST_FIELDS) {
    const items = record[list];
    if (items !== undefined) copy[list] = [...items];
  }
  return copy;
}
