/**
 * Indexes for the list filters (behaviour spec §11.2), so a filtered page reads the images that
 * may match instead of every image: `name`, `status`, `min_ram`, `min_disk` and each property
 * by value, `updated_at` (changes-since) in time order. An index is built the first time a
 * filter needs it (one pass over the images), then kept up to date on every write.
 *
 * Candidates are positions in list order (ascending), and a superset: the list still applies
 * every filter to each candidate, so an index decides how fast a page is, never what it holds.
 */
import type { ImageRecord } from '../types.ts';
import type { GlanceFilters } from './filters.ts';
import { splitFilterOperator, splitInList } from './filters.ts';
import { parseIso8601 } from './iso8601.ts';

type Value = string | number;
type KeyOf = (image: ImageRecord) => Value | undefined;

const NONE: readonly number[] = [];

/** First index in the ascending `list` whose element is at least `wanted`. */
export function lowerBound(list: ArrayLike<number>, wanted: number, from = 0): number {
  let low = from;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as number) < wanted) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insertSorted(list: number[], position: number): void {
  const at = lowerBound(list, position);
  if (list[at] !== position) list.splice(at, 0, position);
}

function removeSorted(list: number[], position: number): void {
  const at = lowerBound(list, position);
  if (list[at] === position) list.splice(at, 1);
}

/**
 * Positions of the images by one value of theirs (the name, the status, a property...). A value
 * that one image holds (most names, a server's id) maps to its position itself: a list of one
 * would cost five times the memory.
 */
class ValueIndex {
  readonly #byValue = new Map<Value, number | number[]>();

  constructor(
    readonly keyOf: KeyOf,
    images: readonly ImageRecord[],
  ) {
    // In list order, so each list is built already sorted.
    for (let position = 0; position < images.length; position++) {
      const value = keyOf(images[position] as ImageRecord);
      if (value !== undefined) this.#add(value, position);
    }
  }

  positions(value: Value): readonly number[] {
    const held = this.#byValue.get(value);
    if (held === undefined) return NONE;
    return typeof held === 'number' ? [held] : held;
  }

  replace(position: number, before: ImageRecord, after: ImageRecord): void {
    const old = this.keyOf(before);
    const now = this.keyOf(after);
    if (old === now) return;
    if (old !== undefined) this.#remove(old, position);
    if (now !== undefined) this.#add(now, position);
  }

  #add(value: Value, position: number): void {
    const held = this.#byValue.get(value);
    if (held === undefined) this.#byValue.set(value, position);
    else if (typeof held !== 'number') insertSorted(held, position);
    else if (held !== position)
      this.#byValue.set(value, held < position ? [held, position] : [position, held]);
  }

  #remove(value: Value, position: number): void {
    const held = this.#byValue.get(value);
    if (held === position) this.#byValue.delete(value);
    else if (held !== undefined && typeof held !== 'number') {
      removeSorted(held, position);
      if (held.length === 1) this.#byValue.set(value, held[0] as number);
    }
  }
}

const CANONICAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** Seconds since the epoch of a stored `updated_at` (nearly always in Glance's own format). */
function updatedSeconds(image: ImageRecord): number {
  const text = image.updated_at;
  if (CANONICAL_TIME.test(text)) return Date.parse(text) / 1000;
  return parseIso8601(text)?.epochSeconds ?? Number.NEGATIVE_INFINITY;
}

/** Positions ordered by (updated_at, position): a changes-since filter is a suffix of them. */
class UpdatedIndex {
  #seconds: number[] = [];
  #positions: number[] = [];
  #since: { seconds: number; positions: readonly number[] } | undefined;

  constructor(images: readonly ImageRecord[]) {
    const seconds = images.map(updatedSeconds);
    const order = Array.from(images, (_, position) => position).sort(
      (a, b) => (seconds[a] as number) - (seconds[b] as number) || a - b,
    );
    this.#seconds = order.map((position) => seconds[position] as number);
    this.#positions = order;
  }

  /** Where (seconds, position) is or belongs. */
  #find(seconds: number, position: number): number {
    let low = 0;
    let high = this.#seconds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const at = this.#seconds[middle] as number;
      if (at < seconds || (at === seconds && (this.#positions[middle] as number) < position))
        low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** How many images were updated at or after `seconds`. */
  countSince(seconds: number): number {
    return this.#seconds.length - this.#find(seconds, Number.NEGATIVE_INFINITY);
  }

  /**
   * Their positions, ascending; the last window asked for is kept until an update moves an image,
   * since a client paging through changes asks for the same one page after page.
   */
  positionsSince(seconds: number): readonly number[] {
    if (this.#since?.seconds === seconds) return this.#since.positions;
    const since = this.#positions.slice(this.#find(seconds, Number.NEGATIVE_INFINITY));
    const positions = Array.from(Int32Array.from(since).sort());
    this.#since = { seconds, positions };
    return positions;
  }

  replace(position: number, before: ImageRecord, after: ImageRecord): void {
    const old = updatedSeconds(before);
    const now = updatedSeconds(after);
    if (old === now) return;
    this.#since = undefined;
    const at = this.#find(old, position);
    this.#seconds.splice(at, 1);
    this.#positions.splice(at, 1);
    const to = this.#find(now, position);
    this.#seconds.splice(to, 0, now);
    this.#positions.splice(to, 0, position);
  }
}

const FIELDS: Readonly<Record<'name' | 'status' | 'min_ram' | 'min_disk', KeyOf>> = {
  name: (image) => image.name ?? undefined,
  status: (image) => image.status,
  min_ram: (image) => image.min_ram,
  min_disk: (image) => image.min_disk,
};

function propertyValue(name: string): KeyOf {
  return (image) => {
    if (!Object.hasOwn(image.properties, name)) return undefined;
    return image.properties[name] ?? undefined;
  };
}

/** Sorted union of sorted lists. */
function union(lists: readonly (readonly number[])[]): readonly number[] {
  if (lists.length === 1) return lists[0] as readonly number[];
  return Array.from(new Set(lists.flat())).sort((a, b) => a - b);
}

/** A changes-since window wider than this share of the images is scanned instead. */
const UPDATED_SHARE = 0.25;

export class ListIndexes {
  readonly #images: () => readonly ImageRecord[];
  readonly #values = new Map<string, ValueIndex>();
  #updated: UpdatedIndex | undefined;

  constructor(images: () => readonly ImageRecord[]) {
    this.#images = images;
  }

  /** Forgets every index (a new dataset was loaded). */
  clear(): void {
    this.#values.clear();
    this.#updated = undefined;
  }

  /** The image at `position` was replaced. */
  replace(position: number, before: ImageRecord, after: ImageRecord): void {
    for (const index of this.#values.values()) index.replace(position, before, after);
    this.#updated?.replace(position, before, after);
  }

  /**
   * Positions, ascending, that include every image matching `filters`; undefined when no filter
   * narrows the list (every image is a candidate).
   */
  candidates(filters: GlanceFilters): readonly number[] | undefined {
    let best: readonly number[] | undefined;
    const consider = (list: readonly number[]) => {
      if (best === undefined || list.length < best.length) best = list;
    };
    if (filters.name !== undefined) {
      const [operator, value] = splitFilterOperator(filters.name);
      const names = operator === 'in' ? splitInList(value) : [value];
      consider(union(names.map((name) => this.#field('name').positions(name))));
    }
    if (filters.status !== undefined) consider(this.#field('status').positions(filters.status));
    for (const [field, text] of [
      ['min_ram', filters.minRam],
      ['min_disk', filters.minDisk],
    ] as const) {
      // §11.2: a value that is no integer matches nothing.
      if (text !== undefined)
        consider(/^[0-9]+$/.test(text) ? this.#field(field).positions(Number(text)) : NONE);
    }
    for (const [name, value] of filters.properties ?? []) consider(this.#property(name).positions(value));
    if (filters.updatedAtGte !== undefined) {
      const since = parseIso8601(filters.updatedAtGte);
      if (since !== undefined) {
        // Whole seconds: a fraction of a second only makes the window narrower.
        const seconds = Math.floor(since.epochSeconds);
        const updated = this.#updatedIndex();
        const count = updated.countSince(seconds);
        if (count <= this.#images().length * UPDATED_SHARE && (best === undefined || count < best.length)) {
          best = updated.positionsSince(seconds);
        }
      }
    }
    return best;
  }

  #field(field: keyof typeof FIELDS): ValueIndex {
    return this.#value(field, FIELDS[field]);
  }

  #property(name: string): ValueIndex {
    return this.#value(`property ${name}`, propertyValue(name));
  }

  #value(key: string, keyOf: KeyOf): ValueIndex {
    let index = this.#values.get(key);
    if (index === undefined) {
      index = new ValueIndex(keyOf, this.#images());
      this.#values.set(key, index);
    }
    return index;
  }

  #updatedIndex(): UpdatedIndex {
    this.#updated ??= new UpdatedIndex(this.#images());
    return this.#updated;
  }
}
