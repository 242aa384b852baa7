/**
 * The image service: Glance's state and Glance's own rules (behaviour spec §14.1) — visibility
 * and membership, soft deletion, protected images, property changes — and nothing of Nova or
 * HTTP. Nova's proxy (mocks/nova/glance.ts) calls it as Nova calls Glance; a Glance API would
 * serve it as it is.
 *
 * Records are frozen and replaced on write (never mutated), so a record handed out stays
 * as it was, and reset() can reuse the records loaded last.
 */
import type { Caller, ImageRecord } from '../types.ts';
import { isDeleted, isListed, isMutable, isVisible } from './access.ts';
import { applyChanges, type ImageChange } from './changes.ts';
import { GlanceError } from './errors.ts';
import { compileFilters, type GlanceFilters } from './filters.ts';
import { formatTimestamp } from './iso8601.ts';
import { copyProperties } from './properties.ts';

export type { ImageChange } from './changes.ts';
export type { GlanceFilters } from './filters.ts';

export interface ImageServiceOptions {
  /** Time of writes (`updated_at`). Default: the system clock. */
  clock?: () => Date;
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

export class ImageService {
  readonly #clock: () => Date;
  /** The records last loaded, frozen, in list order: what reset() restores. */
  #loaded: readonly ImageRecord[] = [];
  /** Current state, in list order; created_at never changes, so neither does the order. */
  #images: ImageRecord[] = [];
  #positions = new Map<string, number>();

  constructor(records: readonly ImageRecord[], options: ImageServiceOptions = {}) {
    this.#clock = options.clock ?? (() => new Date());
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
   * most `limit` of them. Returns the service's frozen records.
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

  /** The service's frozen record; admins also see soft-deleted images. */
  get(caller: Caller, id: string): ImageRecord {
    return this.#locate(caller, id).image;
  }

  /** Soft delete (§9.3): the image disappears from lists and show. */
  delete(caller: Caller, id: string): void {
    const found = this.#locateWritable(caller, id);
    this.#requireMutable(found.image, caller);
    if (found.image.protected) throw new GlanceError('protected');
    this.#replace(found.position, { ...found.image, deleted: true, status: 'deleted' });
  }

  /**
   * Applies property changes in order (glance/api/v2/images.py `update`): the image must be
   * visible, not deleted, and the caller's (or the caller an admin); every successful update
   * bumps updated_at (§14.1), an empty one too. Returns the frozen record as stored.
   */
  update(caller: Caller, id: string, changes: readonly ImageChange[]): ImageRecord {
    const found = this.#locateWritable(caller, id);
    this.#requireMutable(found.image, caller);
    const properties = applyChanges(found.image.properties, changes);
    return this.#replace(found.position, { ...found.image, properties });
  }

  #locate(caller: Caller, id: string): Located {
    const position = this.#positions.get(id);
    const image = position === undefined ? undefined : this.#images[position];
    if (position === undefined || image === undefined || !isVisible(image, caller)) {
      throw new GlanceError('imageNotFound', id);
    }
    return { image, position };
  }

  /** Even admins cannot change a soft-deleted image: it is gone for writes. */
  #locateWritable(caller: Caller, id: string): Located {
    const found = this.#locate(caller, id);
    if (isDeleted(found.image)) throw new GlanceError('imageNotFound', id);
    return found;
  }

  /** §11.4: unknown (or, for non-admins, deleted) marker vs. one the caller may not see. */
  #firstPositionAfter(caller: Caller, marker: string | undefined): number {
    if (marker === undefined) return 0;
    const position = this.#positions.get(marker);
    const image = position === undefined ? undefined : this.#images[position];
    if (position === undefined || image === undefined || (isDeleted(image) && caller.admin !== true)) {
      throw new GlanceError('markerNotFound', marker);
    }
    if (!isVisible(image, caller)) throw new GlanceError('markerNotVisible', marker);
    return position + 1;
  }

  #requireMutable(image: ImageRecord, caller: Caller): void {
    if (!isMutable(image, caller)) throw new GlanceError('notAllowed', image.id);
  }

  /** §14.1: every successful write bumps updated_at. */
  #replace(position: number, image: ImageRecord): ImageRecord {
    const updated = frozenCopy({ ...image, updated_at: formatTimestamp(this.#clock()) });
    this.#images[position] = updated;
    return updated;
  }
}
