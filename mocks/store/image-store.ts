/**
 * A Glance-like image store (behaviour spec §14.1): state plus Glance's rules, no HTTP.
 *
 * Records are frozen and replaced on write (never mutated), so a record handed out stays
 * as it was, and reset() can reuse the records loaded last.
 */
import type { Caller, ImageProperties, ImageRecord } from '../types.ts';
import { isDeleted, isListed, isMutable, isVisible } from './access.ts';
import { StoreError } from './errors.ts';
import { compileFilters, type GlanceFilters } from './filters.ts';
import { formatTimestamp } from './iso8601.ts';
import { copyProperties, writtenProperties } from './properties.ts';

export type { GlanceFilters } from './filters.ts';

export interface ImageStoreOptions {
  clock?: () => Date;
  /**
   * §10.3: `[quota] metadata_items`, default 128; -1 = unlimited. A function is read at every
   * write, so the quota can change while the store runs (the `metadata-quota` scenario lowers it).
   */
  metadataQuota?: number | (() => number);
}

export interface ListQuery {
  filters?: GlanceFilters;
  marker?: string;
  /** Undefined = every matching image (§11.4). */
  limit?: number;
}

interface Located {
  image: ImageRecord;
  position: number;
}

function frozenCopy(record: ImageRecord): ImageRecord {
  const copy: ImageRecord = { ...record, properties: Object.freeze(copyProperties(record.properties)) };
  if (record.members !== undefined) copy.members = Object.freeze([...record.members]) as string[];
  return Object.freeze(copy);
}

function mutableCopy(record: ImageRecord): ImageRecord {
  const copy: ImageRecord = { ...record, properties: copyProperties(record.properties) };
  if (record.members !== undefined) copy.members = [...record.members];
  return copy;
}

/** §11.3: created_at descending, then id descending (string comparison). */
function inListOrder(records: readonly ImageRecord[]): ImageRecord[] {
  return records
    .map((record) => ({ record, created: Date.parse(record.created_at) }))
    .sort(
      (a, b) => b.created - a.created || (a.record.id < b.record.id ? 1 : a.record.id > b.record.id ? -1 : 0),
    )
    .map(({ record }) => record);
}

export class ImageStore {
  readonly #clock: () => Date;
  readonly #metadataQuota: () => number;
  /** The records last loaded, frozen, in list order: what reset() restores. */
  #loaded: readonly ImageRecord[] = [];
  /** Current state, in list order; created_at never changes, so neither does the order. */
  #images: ImageRecord[] = [];
  #positions = new Map<string, number>();

  constructor(records: readonly ImageRecord[], options: ImageStoreOptions = {}) {
    this.#clock = options.clock ?? (() => new Date());
    const quota = options.metadataQuota ?? 128;
    this.#metadataQuota = typeof quota === 'number' ? () => quota : quota;
    this.replaceAll(records);
  }

  /** Number of records, soft-deleted ones included. */
  get size(): number {
    return this.#images.length;
  }

  /** Loads a new dataset; reset() restores this one from now on. */
  replaceAll(records: readonly ImageRecord[]): void {
    const loaded = inListOrder(records.map(frozenCopy));
    const positions = new Map<string, number>();
    for (const [position, image] of loaded.entries()) {
      if (positions.has(image.id)) throw new Error(`duplicate image id ${image.id}`);
      positions.set(image.id, position);
    }
    this.#loaded = loaded;
    this.#positions = positions;
    this.reset();
  }

  reset(): void {
    this.#images = [...this.#loaded];
  }

  /** Every record, soft-deleted ones included, as mutable copies in list order. */
  records(): ImageRecord[] {
    return this.#images.map(mutableCopy);
  }

  /**
   * §11: the listed images matching every filter, strictly after `marker` in list order, at
   * most `limit` of them. Returns the store's frozen records.
   */
  list(caller: Caller, query: ListQuery = {}): ImageRecord[] {
    const matches = compileFilters(query.filters ?? {});
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const page: ImageRecord[] = [];
    for (let i = this.#firstPositionAfter(caller, query.marker); i < this.#images.length; i++) {
      if (page.length >= limit) break;
      const image = this.#images[i] as ImageRecord;
      if (isListed(image, caller) && matches(image)) page.push(image);
    }
    return page;
  }

  /** The store's frozen record; admins also see soft-deleted images. */
  get(caller: Caller, id: string): ImageRecord {
    return this.#locate(caller, id).image;
  }

  /** Soft delete (§9.3): the image disappears from lists and show. */
  delete(caller: Caller, id: string): void {
    const found = this.#locateWritable(caller, id);
    this.#requireMutable(found.image, caller);
    if (found.image.protected) throw new StoreError('protected');
    this.#replace(found.position, { ...found.image, deleted: true, status: 'deleted' });
  }

  getMetadata(caller: Caller, id: string): ImageProperties {
    return copyProperties(this.#locate(caller, id).image.properties);
  }

  getMetadataItem(caller: Caller, id: string, key: string): string | null {
    const { properties } = this.#locate(caller, id).image;
    if (!Object.hasOwn(properties, key)) throw new StoreError('metadataKeyNotFound', key);
    return properties[key] ?? null;
  }

  /** §9.6 (POST): merge; quota on the merged set; returns the properties as stored afterwards. */
  mergeMetadata(caller: Caller, id: string, metadata: Readonly<ImageProperties>): ImageProperties {
    const found = this.#locateWritable(caller, id);
    const merged = copyProperties(found.image.properties);
    for (const [key, value] of Object.entries(metadata)) merged[key] = value;
    return copyProperties(this.#write(caller, found, merged).properties);
  }

  /** §9.7 (PUT all): replace every property; quota on the request; returns the stored set. */
  replaceMetadata(caller: Caller, id: string, metadata: Readonly<ImageProperties>): ImageProperties {
    const found = this.#locateWritable(caller, id);
    return copyProperties(this.#write(caller, found, metadata).properties);
  }

  /** §9.8 (PUT key): create or overwrite one key; quota on the resulting set. */
  setMetadataItem(caller: Caller, id: string, key: string, value: string | null): void {
    const found = this.#locateWritable(caller, id);
    const merged = copyProperties(found.image.properties);
    merged[key] = value;
    this.#write(caller, found, merged);
  }

  /** §9.9: the key must exist; no quota check. */
  deleteMetadataItem(caller: Caller, id: string, key: string): void {
    const found = this.#locateWritable(caller, id);
    if (!Object.hasOwn(found.image.properties, key)) throw new StoreError('metadataKeyNotFound', key);
    const remaining = copyProperties(found.image.properties);
    delete remaining[key];
    this.#write(caller, found, remaining, { checkQuota: false });
  }

  #locate(caller: Caller, id: string): Located {
    const position = this.#positions.get(id);
    const image = position === undefined ? undefined : this.#images[position];
    if (position === undefined || image === undefined || !isVisible(image, caller)) {
      throw new StoreError('imageNotFound', id);
    }
    return { image, position };
  }

  /** Even admins cannot change a soft-deleted image: it is gone for writes. */
  #locateWritable(caller: Caller, id: string): Located {
    const found = this.#locate(caller, id);
    if (isDeleted(found.image)) throw new StoreError('imageNotFound', id);
    return found;
  }

  /** §11.4: unknown (or, for non-admins, deleted) marker vs. one the caller may not see. */
  #firstPositionAfter(caller: Caller, marker: string | undefined): number {
    if (marker === undefined) return 0;
    const position = this.#positions.get(marker);
    const image = position === undefined ? undefined : this.#images[position];
    if (position === undefined || image === undefined || (isDeleted(image) && caller.admin !== true)) {
      throw new StoreError('markerNotFound', marker);
    }
    if (!isVisible(image, caller)) throw new StoreError('markerNotVisible', marker);
    return position + 1;
  }

  #requireMutable(image: ImageRecord, caller: Caller): void {
    if (!isMutable(image, caller)) throw new StoreError('notAllowed', image.id);
  }

  /** §10.3 then §9.10: the quota check comes before Glance's ownership check. */
  #write(
    caller: Caller,
    found: Located,
    desired: Readonly<ImageProperties>,
    { checkQuota = true } = {},
  ): ImageRecord {
    const quota = this.#metadataQuota();
    if (checkQuota && quota >= 0 && Object.keys(desired).length > quota) {
      throw new StoreError('metadataQuotaExceeded');
    }
    this.#requireMutable(found.image, caller);
    const properties = writtenProperties(found.image.properties, desired);
    return this.#replace(found.position, { ...found.image, properties });
  }

  /** §14.1: every successful write bumps updated_at. */
  #replace(position: number, image: ImageRecord): ImageRecord {
    const updated = frozenCopy({ ...image, updated_at: formatTimestamp(this.#clock()) });
    this.#images[position] = updated;
    return updated;
  }
}
