/**
 * The image service: Glance's state and Glance's own rules (behaviour spec §14.1) — visibility
 * and membership, soft deletion, protected images, property changes — and nothing of Nova or
 * HTTP. Nova's proxy (mocks/nova/glance.ts) calls it as Nova calls Glance; a Glance API would
 * serve it as it is.
 *
 * Records are frozen and replaced on write (never mutated), so a record handed out stays
 * as it was, and reset() can reuse the records loaded last. List filters read indexes
 * (indexes.ts), kept up to date on every write and reset.
 */

import type { IdIndex } from '../distinct-ids.ts';
import type { Caller, ImageProperties, ImageRecord, MemberStatus } from '../types.ts';
import { isDeleted, isListed, isMutable, isOwner, isVisible } from './access.ts';
import { GlanceError } from './errors.ts';
import { compileFilters, type GlanceFilters } from './filters.ts';
import { assertNoFourByteUnicode } from './four-byte.ts';
import {
  type GlanceListQuery,
  glanceListOrder,
  glanceListPredicate,
  isDefaultListOrder,
  memberStatusOf,
} from './glance-query.ts';
import { ImagesInOrder } from './images-in-order.ts';
import { ListIndexes } from './indexes.ts';
import { formatTimestamp, isGlanceTimestamp } from './iso8601.ts';
import {
  CreatedPositions,
  distinctIdsOf,
  isInListOrderChecked,
  LoadedPositions,
  listOrderOf,
  type Positions,
} from './list-order.ts';
import { applyPatch, type ImagePatch } from './patch.ts';
import { mutableCopy, storedIdsOf, storedRecord } from './stored-record.ts';

export type { GlanceFilters } from './filters.ts';
export type { GlanceListQuery } from './glance-query.ts';
export type { ImagePatch } from './patch.ts';

/** The attributes of a new image (Glance's `POST /v2/images`), already validated against its schema. */
export interface NewImage {
  id?: string;
  name?: string | null;
  visibility?: ImageRecord['visibility'];
  owner?: string | null;
  protected?: boolean;
  os_hidden?: boolean;
  min_ram?: number;
  min_disk?: number;
  disk_format?: string | null;
  container_format?: string | null;
  tags?: readonly string[];
  properties?: Readonly<Record<string, string>>;
}

/** The data of an upload, with the digests Glance records. */
export interface ImageData {
  bytes: Uint8Array;
  /** MD5, hex. */
  checksum: string;
  /** SHA-512, hex (Glance's default `hashing_algorithm`). */
  sha512: string;
}

export interface ImageMember {
  image_id: string;
  member_id: string;
  status: MemberStatus;
  created_at: string;
  updated_at: string;
}

const MEMBER_LISTS = {
  accepted: 'members',
  pending: 'pending_members',
  rejected: 'rejected_members',
} as const;

/** What a write did: one record written (created, updated or soft-deleted), or the whole state replaced. */
export type ImageServiceChange = { kind: 'record'; record: ImageRecord } | { kind: 'reset' };

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

/**
 * A loaded dataset whose records are made one at a time, the first time each is read, then kept:
 * a large dataset file's, served from its bytes (mocks/dataset-bytes.ts). Its records are
 * checked, and their ids distinct.
 */
export interface ImageSource {
  readonly count: number;
  /** The stored record at its index in the dataset. */
  at(index: number): ImageRecord;
  /** Each id's index. */
  readonly ids: IdIndex;
  /** The indexes in list order. */
  readonly order: Int32Array;
  /**
   * Whether every created_at is in Glance's own format, as the check read them: a checked time
   * is, but for year 0000, which Glance refuses (iso8601.ts).
   */
  readonly createdInGlanceFormat: boolean;
}

let replaceAllWithSource: (service: ImageService, source: ImageSource) => void;

/**
 * replaceAll for what readServedDataset read (mocks/dataset-file.ts): records, or a source of
 * records made as they are read. Not the package's: its users load records.
 */
export function replaceAllServed(service: ImageService, served: readonly ImageRecord[] | ImageSource): void {
  if (Array.isArray(served)) service.replaceAll(served);
  else replaceAllWithSource(service, served as ImageSource);
}

/** Records loaded, stored, with the table of their ids; `checked`: a checked dataset's (mocks/dataset.ts). */
interface Unsorted {
  records: readonly ImageRecord[];
  ids: IdIndex;
  checked: boolean;
}

interface Located {
  image: ImageRecord;
  position: number;
}

/** Where a new record goes in list order (created_at descending, then id descending). */
function compareListOrder(a: ImageRecord, b: ImageRecord): number {
  return Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Glance's `image_tag_quota`, `image_property_quota`, `image_member_quota` (glance/common/config.py). */
const TAG_QUOTA = 128;
const PROPERTY_QUOTA = 128;
const MEMBER_QUOTA = 128;

/** glance/quota `_enforce_image_tag_quota`: the tags are a set, counted after the change. */
function enforceTagQuota(tags: readonly string[]): void {
  if (tags.length > TAG_QUOTA) {
    throw new GlanceError('tagLimitExceeded', `Attempted: ${tags.length}, Maximum: ${TAG_QUOTA}`);
  }
}

/** glance/quota `_enforce_image_property_quota`: the `os_glance_` namespace does not count. */
function enforcePropertyQuota(properties: ImageProperties): void {
  const count = Object.keys(properties).filter((key) => !key.startsWith('os_glance_')).length;
  if (count > PROPERTY_QUOTA) {
    throw new GlanceError('propertyLimitExceeded', `Attempted: ${count}, Maximum: ${PROPERTY_QUOTA}`);
  }
}

/**
 * image_members.py `_check_visibility_and_ownership`: only shared images have members; then, for
 * non-admins, only the owner invites or removes, and the owner never answers for a member.
 */
function requireMembership(image: ImageRecord, caller: Caller, call?: 'create' | 'update' | 'delete'): void {
  if (image.visibility !== 'shared')
    throw new GlanceError('membershipRefused', 'Only shared images have members.');
  if (caller.admin === true || call === undefined) return;
  const owns = isOwner(image, caller);
  if (call === 'create' && !owns) {
    throw new GlanceError(
      'membershipRefused',
      'You are not permitted to create image members for the image.',
    );
  }
  if (call === 'update' && owns) {
    throw new GlanceError(
      'membershipRefused',
      "You are not permitted to modify 'status' on this image member.",
    );
  }
  if (call === 'delete' && !owns)
    throw new GlanceError('membershipRefused', 'You cannot delete image member.');
}

/** Glance records the time of a membership; a dataset's memberships date from the image's creation. */
const memberKey = (imageId: string, member: string) => `${imageId}\n${member}`;

export class ImageService {
  readonly #clock: () => Date;
  /**
   * The records last loaded, stored (copied and frozen) but not yet in list order, and the table
   * of their ids the load built (each id's index among them): the order and the positions wait
   * for the first call that reads the state, so that creating a mock on a large dataset returns
   * sooner. Undefined once sorted.
   */
  #unsorted: Unsorted | undefined;
  #sortedLoaded: readonly ImageRecord[] = [];
  #sortedLoadedPositions: Positions = new Map();
  /**
   * Where the records last loaded come from when they are made as they are first read: then
   * #sortedLoaded holds those read so far (a hole for each other), and so may #current until
   * #allImages fills it (every full scan); a create moves the holes with the records.
   */
  #source: ImageSource | undefined;
  #currentIsWhole = true;
  /** Whether the current state is the source's records (and those created since), not restored ones. */
  #currentFromSource = false;
  /** Current state, in list order; created_at never changes, so neither does the order. */
  #current = new ImagesInOrder([]);
  /**
   * The loaded positions are never changed in place (a create puts CreatedPositions over them,
   * restore() makes new ones), so reset() shares them.
   */
  #currentPositions: Positions = new Map();
  /** Whether the current state is the records last loaded, as reset() left it, not copied yet. */
  #currentIsLoaded = false;
  /**
   * The loaded positions written since the last reset() (those of images created since are not):
   * all that reset() restores, and takes the created images out again, unless…
   */
  #written = new Set<number>();
  /** …the state is not the loaded one written to: a new dataset, or restore(). */
  #replaced = false;
  /** Whether every image's created_at is in Glance's format; undefined until a listing asks. */
  #createdInGlanceFormat: boolean | undefined;
  readonly #indexes = new ListIndexes(() => this.#allImages());
  /** Uploaded image data, kept in memory (dataset images have none). */
  #data = new Map<string, Uint8Array>();
  /** Memberships made here: their times and the order Glance's table holds them in. */
  #memberTimes = new Map<string, { created_at: string; updated_at: string; order: number }>();
  #membershipsMade = 0;
  readonly #listeners = new Set<(change: ImageServiceChange) => void>();

  static {
    // Serve's way to load a source, which the package's users cannot build (its id table is the load's).
    replaceAllWithSource = (service, source) => service.#replaceAllWithSource(source);
  }

  constructor(records: readonly ImageRecord[], options: ImageServiceOptions = {}) {
    this.#clock = options.clock ?? (() => new Date());
    this.replaceAll(records);
  }

  /** The records last loaded, frozen, in list order: what reset() restores. */
  get #loaded(): readonly ImageRecord[] {
    this.#sortLoaded();
    return this.#sortedLoaded;
  }

  /** Positions of the records last loaded. */
  get #loadedPositions(): Positions {
    this.#sortLoaded();
    return this.#sortedLoadedPositions;
  }

  #sortLoaded(): void {
    if (this.#unsorted === undefined) return;
    const { records, ids, checked } = this.#unsorted;
    // A checked dataset in list order already is only checked, not sorted.
    if (checked && isInListOrderChecked(records)) {
      this.#sortedLoaded = records;
      this.#sortedLoadedPositions = new LoadedPositions(ids, undefined);
    } else {
      const order = listOrderOf(records, checked);
      this.#sortedLoaded = Array.from(order, (index) => records[index] as ImageRecord);
      this.#sortedLoadedPositions = new LoadedPositions(ids, order);
    }
    this.#unsorted = undefined;
  }

  /** The current records, in list order; with a source, a hole for each record not read yet. */
  get #images(): ImagesInOrder {
    if (this.#currentIsLoaded) this.#copyLoaded();
    return this.#current;
  }

  /** The current record at a position (made from the source when it is the first to read it). */
  #imageAt(position: number): ImageRecord | undefined {
    const images = this.#images;
    if (position >= images.length) return undefined;
    const image = images.at(position);
    if (image !== undefined) return image;
    // A hole: the loaded record there, before the records created since moved it on.
    const positions = this.#currentPositions;
    const loaded = this.#loadedAt(
      positions instanceof CreatedPositions ? (positions.basePosition(position) as number) : position,
    );
    images.set(position, loaded);
    return loaded;
  }

  /** Every current record made: what a full scan reads. */
  #allImages(): ImagesInOrder {
    const images = this.#images;
    if (!this.#currentIsWhole) {
      // Made in the source's order first, so that it lets go of its bytes as it goes (list order
      // is another: no chunk's records would all be made before the end).
      const source = this.#source as ImageSource;
      for (let index = 0; index < source.count; index++) source.at(index);
      for (let position = 0; position < images.length; position++) this.#imageAt(position);
      this.#currentIsWhole = true;
    }
    return images;
  }

  /** The record last loaded at a position. */
  #loadedAt(position: number): ImageRecord {
    const loaded = this.#loaded;
    const image = loaded[position];
    if (image !== undefined || this.#source === undefined) return image as ImageRecord;
    const made = this.#source.at(this.#source.order[position] as number);
    (loaded as ImageRecord[])[position] = made;
    return made;
  }

  get #positions(): Positions {
    if (this.#currentIsLoaded) this.#copyLoaded();
    return this.#currentPositions;
  }

  #copyLoaded(): void {
    this.#current = new ImagesInOrder([...this.#loaded]);
    this.#currentPositions = this.#loadedPositions;
    this.#currentIsLoaded = false;
    this.#currentIsWhole = this.#source === undefined;
    this.#currentFromSource = this.#source !== undefined;
  }

  /** Number of records, soft-deleted ones included. */
  get size(): number {
    return this.#images.length;
  }

  /** Loads a new dataset; reset() restores this one from now on. */
  replaceAll(records: readonly ImageRecord[]): void {
    const ids = storedIdsOf(records);
    let unsorted: Unsorted;
    if (ids !== undefined) unsorted = { records, ids, checked: true };
    else {
      const stored = records.map(storedRecord);
      // A duplicate id is refused now (the state as it was), not at the first call that sorts.
      unsorted = { records: stored, ids: distinctIdsOf(stored), checked: false };
    }
    this.#source = undefined;
    this.#unsorted = unsorted;
    this.#replaced = true;
    this.reset();
  }

  /** replaceAll for a source: in list order already (the check worked it out), a hole for each record. */
  #replaceAllWithSource(source: ImageSource): void {
    this.#source = source;
    this.#unsorted = undefined;
    this.#sortedLoaded = new Array(source.count);
    this.#sortedLoadedPositions = new LoadedPositions(source.ids, source.order);
    this.#replaced = true;
    this.reset();
  }

  reset(): void {
    const positions = this.#currentPositions;
    if (this.#replaced) {
      this.#currentIsLoaded = true;
      this.#indexes.clear();
      this.#createdInGlanceFormat = undefined;
      this.#replaced = false;
    } else if (positions instanceof CreatedPositions) {
      // The indexes hold loaded positions but for the images created since: they get the loaded
      // records back where they were written, and forget the created ones.
      for (const base of this.#written) {
        const position = positions.positionOfBase(base);
        this.#indexes.replace(position, this.#imageAt(position) as ImageRecord, this.#loadedAt(base));
      }
      if (!this.#indexes.forgetInserted()) this.#indexes.clear();
      this.#currentIsLoaded = true;
      this.#createdInGlanceFormat = undefined;
    } else {
      for (const position of this.#written) this.#put(position, this.#loadedAt(position));
    }
    this.#written.clear();
    this.#data.clear();
    this.#memberTimes.clear();
    this.#changed({ kind: 'reset' });
  }

  /**
   * Makes these records (kept from an earlier run) the current state; the dataset loaded last stays
   * what reset() restores. Uploaded data is not among them.
   */
  restore(records: readonly ImageRecord[]): void {
    const stored = records.map(storedRecord);
    const ids = distinctIdsOf(stored);
    const order = listOrderOf(stored);
    this.#currentPositions = new LoadedPositions(ids, order);
    this.#current = new ImagesInOrder(Array.from(order, (index) => stored[index] as ImageRecord));
    this.#currentIsLoaded = false;
    this.#currentIsWhole = true;
    this.#currentFromSource = false;
    // Not the loaded order any more: reset() rebuilds from the dataset, the indexes from scratch.
    this.#replaced = true;
    this.#indexes.clear();
    this.#createdInGlanceFormat = undefined;
    this.#written.clear();
    this.#data.clear();
    this.#memberTimes.clear();
  }

  /**
   * Calls `listener` after every write, before the write returns (so a listener that makes it
   * durable does so before the answer). Returns a function that stops the calls.
   */
  onChange(listener: (change: ImageServiceChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(change: ImageServiceChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  /** Every record, soft-deleted ones included, as mutable copies in list order. */
  records(): ImageRecord[] {
    return this.#allImages().inOrder().map(mutableCopy);
  }

  /**
   * §11: the listed images matching every filter, strictly after `marker` in list order, at
   * most `limit` of them. Returns the service's frozen records.
   */
  list(caller: Caller, query: ListQuery = {}): ImageRecord[] {
    const filters = query.filters ?? {};
    const matches = compileFilters(filters);
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const start = this.#firstPositionAfter(caller, query.marker);
    const page: ImageRecord[] = [];
    const take = (position: number): void => {
      const image = this.#imageAt(position) as ImageRecord;
      if (isListed(image, caller) && matches(image)) page.push(image);
    };
    const candidates = this.#indexes.candidates(filters, caller);
    if (candidates === undefined) {
      // An unlimited list reads every image: a source's are made in its order first, so that
      // each chunk of bytes is let go as its records are made, not all of them kept to the end.
      if (query.limit === undefined) this.#allImages();
      for (let position = start; position < this.#images.length && page.length < limit; position++)
        take(position);
    } else {
      let position = candidates.next(start);
      for (; position >= 0 && page.length < limit; position = candidates.next(position + 1)) take(position);
    }
    return page;
  }

  /** The service's frozen record; a soft-deleted image is gone for everyone. */
  get(caller: Caller, id: string): ImageRecord {
    return this.#locate(caller, id).image;
  }

  /** Soft delete (§9.3): the image disappears from lists and show. */
  delete(caller: Caller, id: string): void {
    const found = this.#locate(caller, id);
    this.#requireMutable(found.image, caller);
    if (found.image.protected) throw new GlanceError('protected');
    this.#data.delete(id);
    this.#replace(found.position, { ...found.image, deleted: true, status: 'deleted' });
  }

  #locate(caller: Caller, id: string): Located {
    const position = this.#positions.get(id);
    const image = position === undefined ? undefined : this.#imageAt(position);
    if (position === undefined || image === undefined || !isVisible(image, caller)) {
      throw new GlanceError('imageNotFound', id);
    }
    return { image, position };
  }

  /** §11.4: unknown (or, for non-admins, deleted) marker vs. one the caller may not see. */
  #firstPositionAfter(caller: Caller, marker: string | undefined): number {
    if (marker === undefined) return 0;
    const position = this.#positions.get(marker);
    const image = position === undefined ? undefined : this.#imageAt(position);
    if (position === undefined || image === undefined || (isDeleted(image) && caller.admin !== true)) {
      throw new GlanceError('markerNotFound', marker);
    }
    // An admin's marker may be a deleted image, which no one sees.
    if (caller.admin !== true && !isVisible(image, caller)) throw new GlanceError('markerNotVisible', marker);
    return position + 1;
  }

  #requireMutable(image: ImageRecord, caller: Caller): void {
    if (!isMutable(image, caller)) throw new GlanceError('notAllowed', image.id);
  }

  /** §14.1: every successful write bumps updated_at. */
  #replace(position: number, image: ImageRecord): ImageRecord {
    const updated = storedRecord({ ...image, updated_at: formatTimestamp(this.#clock()) });
    this.#put(position, updated);
    this.#changed({ kind: 'record', record: updated });
    return updated;
  }

  /** Every change of a stored image goes here, so the indexes follow it. */
  #put(position: number, image: ImageRecord): void {
    this.#indexes.replace(position, this.#imageAt(position) as ImageRecord, image);
    this.#images.set(position, image);
    const positions = this.#currentPositions;
    const base = positions instanceof CreatedPositions ? positions.basePosition(position) : position;
    if (base !== undefined) this.#written.add(base);
  }

  /**
   * Glance's `GET /v2/images`: the visible images matching the query in its order, after
   * `marker`, at most `limit`; `nextMarker` when the page is full.
   */
  glanceList(caller: Caller, query: GlanceListQuery): { images: ImageRecord[]; nextMarker?: string } {
    const matches = glanceListPredicate(caller, query);
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    let images: ImageRecord[];
    if (isDefaultListOrder(query.sortKeys, query.sortDirs) && this.#inGlanceOrder()) {
      // The images are in this order already: read on from the marker as far as the page goes.
      let position = 0;
      if (query.marker !== undefined)
        position = (this.#positions.get(this.#locateMarker(caller, query.marker).id) as number) + 1;
      images = [];
      for (; position < this.#images.length && images.length < limit; position++) {
        const image = this.#imageAt(position) as ImageRecord;
        if (matches(image)) images.push(image);
      }
    } else {
      const order = glanceListOrder(query.sortKeys, query.sortDirs);
      let start = 0;
      const listed = this.#allImages().inOrder().filter(matches).sort(order);
      if (query.marker !== undefined) {
        const marker = this.#locateMarker(caller, query.marker);
        // Rows strictly after the marker's sort values, as oslo.db's paginate_query selects them.
        start = listed.findIndex((image) => order(image, marker) > 0);
        if (start < 0) start = listed.length;
      }
      images = listed.slice(start, start + limit);
    }
    const last = images.at(-1);
    return last !== undefined && images.length === limit ? { images, nextMarker: last.id } : { images };
  }

  /**
   * Whether list order is Glance's default order (`created_at`, then `id`, both descending): it
   * is when every `created_at` is in Glance's own format, which list order reads to the second
   * as Glance does. Asked once per loaded state; created images are stamped in that format.
   */
  #inGlanceOrder(): boolean {
    // The source's times are known without making its records; an image created since was
    // stamped in that format, or create() said otherwise.
    this.#createdInGlanceFormat ??=
      (this.#currentIsLoaded || this.#currentFromSource) && this.#source !== undefined
        ? this.#source.createdInGlanceFormat
        : this.#allImages()
            .inOrder()
            .every((image) => isGlanceTimestamp(image.created_at));
    return this.#createdInGlanceFormat;
  }

  /** Glance's `POST /v2/images`: a queued image without data. */
  create(caller: Caller, input: NewImage): ImageRecord {
    const owner = input.owner === undefined ? caller.projectId : input.owner;
    if (caller.admin !== true && owner !== caller.projectId) {
      throw new GlanceError('ownerNotPermitted', String(owner));
    }
    if (caller.admin !== true && input.visibility === 'public') throw new GlanceError('publicizeNotAllowed');
    // The quotas are the factory's and the repository's, before the database finds the id taken.
    const tags = [...new Set(input.tags ?? [])];
    enforceTagQuota(tags);
    const properties: ImageProperties = Object.create(null);
    for (const [key, value] of Object.entries(input.properties ?? {})) properties[key] = value;
    enforcePropertyQuota(properties);
    const id = input.id ?? crypto.randomUUID();
    if (this.#positions.has(id)) throw new GlanceError('duplicateImage', id);
    const now = formatTimestamp(this.#clock());
    const record = storedRecord({
      id,
      name: input.name ?? null,
      status: 'queued',
      visibility: input.visibility ?? 'shared',
      owner,
      protected: input.protected ?? false,
      os_hidden: input.os_hidden ?? false,
      min_ram: input.min_ram ?? 0,
      min_disk: input.min_disk ?? 0,
      size: null,
      virtual_size: null,
      disk_format: input.disk_format ?? null,
      container_format: input.container_format ?? null,
      checksum: null,
      os_hash_algo: null,
      os_hash_value: null,
      tags,
      created_at: now,
      updated_at: now,
      properties,
    });
    const position = this.#insertionPoint(record);
    this.#images.insert(position, record);
    let positions = this.#currentPositions;
    if (!(positions instanceof CreatedPositions)) {
      positions = new CreatedPositions(positions);
      this.#currentPositions = positions;
    }
    (positions as CreatedPositions).insert(position, Date.parse(now), id);
    if (!isGlanceTimestamp(now)) this.#createdInGlanceFormat = false;
    this.#indexes.insert(position);
    this.#changed({ kind: 'record', record });
    return record;
  }

  /** The first position whose image comes after `record` in list order (a search: it makes only the images it reads). */
  #insertionPoint(record: ImageRecord): number {
    let low = 0;
    let high = this.#images.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareListOrder(record, this.#imageAt(middle) as ImageRecord) < 0) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /**
   * Glance's `PATCH /v2/images/{id}`: attributes and properties; every operation applies, or
   * none. glance/api/v2/images.py `update` checks the caller's right to change the image per
   * operation and saves (bumping updated_at) only when there is one: an empty patch changes
   * nothing and succeeds for anyone who sees the image (issue #10 classes 4 and 5).
   */
  patch(caller: Caller, id: string, changes: readonly ImagePatch[]): ImageRecord {
    return this.#patch(caller, id, changes, false);
  }

  /**
   * `patch` as Glance's own API makes it, within Glance's tag and property quotas. Nova's writes
   * meet Nova's metadata quota instead (`metadataQuota`, which may be unlimited), never these.
   */
  glancePatch(caller: Caller, id: string, changes: readonly ImagePatch[]): ImageRecord {
    return this.#patch(caller, id, changes, true);
  }

  #patch(caller: Caller, id: string, changes: readonly ImagePatch[], withQuotas: boolean): ImageRecord {
    const found = this.#locate(caller, id);
    if (changes.length === 0) return found.image;
    this.#requireMutable(found.image, caller);
    const draft = mutableCopy(found.image);
    for (const change of changes) applyPatch(draft, change, caller);
    if (withQuotas) {
      enforceTagQuota(draft.tags ?? []);
      // glance/quota ImageRepoProxy.save counts the properties only when the patch added one.
      if (Object.keys(draft.properties).some((key) => !Object.hasOwn(found.image.properties, key))) {
        enforcePropertyQuota(draft.properties);
      }
    }
    // The database layer checks after the quota proxies (glance/db/sqlalchemy/api.py).
    assertNoFourByteUnicode(draft);
    return this.#replace(found.position, draft);
  }

  /** Glance's `PUT /v2/images/{id}/file`: a queued image becomes active with its data. */
  upload(caller: Caller, id: string, data: ImageData): ImageRecord {
    const found = this.#locate(caller, id);
    this.#requireMutable(found.image, caller);
    if (found.image.status !== 'queued') {
      throw new GlanceError('invalidStatusTransition', `${found.image.status} saving`);
    }
    this.#data.set(id, data.bytes);
    return this.#replace(found.position, {
      ...found.image,
      status: 'active',
      size: data.bytes.byteLength,
      // Glance inspects the disk header; a raw disk's virtual size is its size.
      virtual_size: found.image.disk_format === 'raw' ? data.bytes.byteLength : null,
      checksum: data.checksum,
      os_hash_algo: 'sha512',
      os_hash_value: data.sha512,
    });
  }

  /** Glance's `GET /v2/images/{id}/file`: the data, or undefined when the image has none here. */
  download(caller: Caller, id: string): Uint8Array | undefined {
    const { image } = this.#locate(caller, id);
    if (image.status === 'deactivated' && caller.admin !== true) throw new GlanceError('imageDeactivated');
    return this.#data.get(id);
  }

  /** Glance's `POST /v2/images/{id}/actions/deactivate|reactivate`; a repeat is a no-op. */
  setActive(caller: Caller, id: string, active: boolean): void {
    const found = this.#locate(caller, id);
    this.#requireMutable(found.image, caller);
    const { status } = found.image;
    if (status !== 'active' && status !== 'deactivated') {
      throw new GlanceError('actionNotAllowed', `${active ? 'reactivate' : 'deactivate'} ${status}`);
    }
    this.#replace(found.position, { ...found.image, status: active ? 'active' : 'deactivated' });
  }

  addTag(caller: Caller, id: string, tag: string): void {
    const found = this.#locate(caller, id);
    this.#requireMutable(found.image, caller);
    const tags = found.image.tags ?? [];
    const changed = tags.includes(tag) ? [...tags] : [...tags, tag];
    enforceTagQuota(changed);
    this.#replace(found.position, { ...found.image, tags: changed });
  }

  deleteTag(caller: Caller, id: string, tag: string): void {
    const found = this.#locate(caller, id);
    this.#requireMutable(found.image, caller);
    const tags = found.image.tags ?? [];
    if (!tags.includes(tag)) throw new GlanceError('tagNotFound', tag);
    this.#replace(found.position, { ...found.image, tags: tags.filter((item) => item !== tag) });
  }

  /** The owner (and admins) see every membership; a member only its own. */
  listMembers(caller: Caller, id: string): ImageMember[] {
    const { image } = this.#locate(caller, id);
    requireMembership(image, caller);
    const members: ImageMember[] = [];
    for (const status of ['accepted', 'pending', 'rejected'] as const) {
      for (const member of image[MEMBER_LISTS[status]] ?? []) {
        if (isMutable(image, caller) || member === caller.projectId)
          members.push(this.#member(image, member, status));
      }
    }
    // Glance lists a table's rows in the order they were made; a dataset's memberships come first.
    const order = (item: ImageMember) => this.#memberTimes.get(memberKey(id, item.member_id))?.order ?? 0;
    return members.sort((a, b) => order(a) - order(b));
  }

  getMember(caller: Caller, id: string, member: string): ImageMember {
    const { image } = this.#locate(caller, id);
    requireMembership(image, caller);
    const status = memberStatusOf(image, member);
    if (status === undefined || (!isMutable(image, caller) && member !== caller.projectId)) {
      throw new GlanceError('memberNotFound', member);
    }
    return this.#member(image, member, status);
  }

  /** Invites a project: `pending` until it answers. */
  addMember(caller: Caller, id: string, member: string): ImageMember {
    const found = this.#locate(caller, id);
    requireMembership(found.image, caller, 'create');
    // glance/quota ImageMemberFactoryProxy: the quota is the factory's, before the table finds a duplicate.
    const count = Object.values(MEMBER_LISTS).reduce(
      (sum, list) => sum + (found.image[list]?.length ?? 0),
      0,
    );
    if (count + 1 > MEMBER_QUOTA) {
      throw new GlanceError('memberLimitExceeded', `Attempted: ${count + 1}, Maximum: ${MEMBER_QUOTA}`);
    }
    if (memberStatusOf(found.image, member) !== undefined) throw new GlanceError('duplicateMember', member);
    const now = formatTimestamp(this.#clock());
    this.#memberTimes.set(memberKey(id, member), {
      created_at: now,
      updated_at: now,
      order: ++this.#membershipsMade,
    });
    const image = this.#setMemberStatus(found, member, 'pending');
    return this.#member(image, member, 'pending');
  }

  /**
   * Only the member itself answers an invitation, with any of the three statuses, any number of
   * times; the status is checked last, as Glance's domain object does when it is set.
   */
  updateMember(caller: Caller, id: string, member: string, status: unknown): ImageMember {
    const found = this.#locate(caller, id);
    requireMembership(found.image, caller, 'update');
    if (memberStatusOf(found.image, member) === undefined) throw new GlanceError('memberNotFound', member);
    if (caller.projectId !== member) throw new GlanceError('membershipRefused');
    if (status !== 'pending' && status !== 'accepted' && status !== 'rejected') {
      throw new GlanceError('invalidMemberStatus');
    }
    const key = memberKey(id, member);
    const now = formatTimestamp(this.#clock());
    const made = this.#memberTimes.get(key);
    this.#memberTimes.set(key, {
      created_at: made?.created_at ?? found.image.created_at,
      updated_at: now,
      order: made?.order ?? 0,
    });
    const image = this.#setMemberStatus(found, member, status);
    return this.#member(image, member, status);
  }

  deleteMember(caller: Caller, id: string, member: string): void {
    const found = this.#locate(caller, id);
    requireMembership(found.image, caller, 'delete');
    if (memberStatusOf(found.image, member) === undefined) throw new GlanceError('memberNotFound', member);
    this.#memberTimes.delete(memberKey(id, member));
    this.#setMemberStatus(found, member, undefined);
  }

  #member(image: ImageRecord, member: string, status: MemberStatus): ImageMember {
    const times = this.#memberTimes.get(memberKey(image.id, member));
    return {
      image_id: image.id,
      member_id: member,
      status,
      created_at: times?.created_at ?? image.created_at,
      updated_at: times?.updated_at ?? image.created_at,
    };
  }

  /** Membership changes do not touch the image's updated_at in Glance. */
  #setMemberStatus(found: Located, member: string, status: MemberStatus | undefined): ImageRecord {
    const image: ImageRecord = { ...found.image };
    for (const [listStatus, field] of Object.entries(MEMBER_LISTS) as [
      MemberStatus,
      (typeof MEMBER_LISTS)[MemberStatus],
    ][]) {
      const others = (found.image[field] ?? []).filter((item) => item !== member);
      const list = listStatus === status ? [...others, member] : others;
      if (list.length > 0 || found.image[field] !== undefined) image[field] = list;
    }
    const record = storedRecord(image);
    this.#put(found.position, record);
    this.#changed({ kind: 'record', record });
    return record;
  }

  #locateMarker(caller: Caller, marker: string): ImageRecord {
    const position = this.#positions.get(marker);
    const image = position === undefined ? undefined : this.#imageAt(position);
    if (image === undefined || (isDeleted(image) && caller.admin !== true)) {
      throw new GlanceError('markerNotFound', marker);
    }
    if (caller.admin !== true && !isVisible(image, caller)) throw new GlanceError('markerNotVisible', marker);
    return image;
  }
}
