/**
 * Indexes for the list filters (behaviour spec §11.2), so a filtered page reads the images that
 * may be on it instead of every image: `name`, `status`, `min_ram`, `min_disk` and each property
 * by value, `updated_at` (changes-since) in a tree over list order. An index is built the first
 * time a filter needs it (one pass over the images), then kept up to date on every write; an
 * image created since is a candidate of every filter until the indexes take the created ones in
 * (ListIndexes), so that a create moves no position they hold.
 *
 * A value many images hold is split by who may list them (access.ts `listAudience`): the images
 * every project lists, those admins list, those each project lists. A page reads only its
 * caller's share, so a project's `type=backup` page does not read the other projects' private
 * backups, however many there are.
 *
 * Candidates are positions in list order (ascending), and a superset: the list still applies
 * every filter and the visibility rules to each candidate, so an index decides how fast a page
 * is, never what it holds.
 */
import type { Caller, ImageRecord } from '../types.ts';
import { type ListAudience, listAudience } from './access.ts';
import type { GlanceFilters } from './filters.ts';
import { splitFilterOperator, splitInList } from './filters.ts';
import { parseIso8601 } from './iso8601.ts';
import { InsertedPositions } from './list-order.ts';

type Value = string | number;
type KeyOf = (image: ImageRecord) => Value | undefined;
type Lists = readonly (readonly number[])[];
/** The image at a position the index holds. */
type ImageAt = (position: number) => ImageRecord;
/** The images in list order, every record made. */
interface ImageList {
  readonly length: number;
  at(position: number): ImageRecord | undefined;
}

/** Candidate positions, in ascending list order. */
export interface Candidates {
  /** The first candidate at or after `from` (asked with `from` never decreasing), or -1. */
  next(from: number): number;
}

/** First index in the ascending `list` at or after `from` whose element is at least `wanted`. */
function lowerBound(list: ArrayLike<number>, wanted: number, from = 0): number {
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
  // Indexes are built in list order, so most positions go last.
  if (list.length === 0 || (list[list.length - 1] as number) < position) {
    list.push(position);
    return;
  }
  const at = lowerBound(list, position);
  if (list[at] !== position) list.splice(at, 0, position);
}

function removeSorted(list: number[], position: number): void {
  const at = lowerBound(list, position);
  if (list[at] === position) list.splice(at, 1);
}

/** Each position `moved` to where it is now (in the same order). */
function remapList(list: number[], moved: (position: number) => number): void {
  for (let at = 0; at < list.length; at++) list[at] = moved(list[at] as number);
}

/** Sorted lists read as one, each position once. */
class MergedLists implements Candidates {
  readonly #lists: Lists;
  readonly #at: number[];

  constructor(lists: Lists) {
    this.#lists = lists;
    this.#at = lists.map(() => 0);
  }

  next(from: number): number {
    let first = -1;
    for (let which = 0; which < this.#lists.length; which++) {
      const list = this.#lists[which] as readonly number[];
      let at = this.#at[which] as number;
      if (at < list.length && (list[at] as number) < from) at = lowerBound(list, from, at);
      this.#at[which] = at;
      const position = list[at];
      if (position !== undefined && (first < 0 || position < first)) first = position;
    }
    return first;
  }
}

function sameAudience(a: ListAudience | undefined, b: ListAudience | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.everyone === b.everyone &&
    a.admins === b.admins &&
    a.projects.length === b.projects.length &&
    a.projects.every((project, index) => project === b.projects[index])
  );
}

/** The positions holding one value, split by who may list them; images no one lists are left out. */
class ByAudience {
  readonly #everyone: number[] = [];
  readonly #admins: number[] = [];
  readonly #projects = new Map<string, number[]>();

  add(audience: ListAudience | undefined, position: number): void {
    if (audience === undefined) return;
    if (audience.everyone) insertSorted(this.#everyone, position);
    if (audience.admins) insertSorted(this.#admins, position);
    for (const project of audience.projects) {
      const list = this.#projects.get(project);
      if (list === undefined) this.#projects.set(project, [position]);
      else insertSorted(list, position);
    }
  }

  remove(audience: ListAudience | undefined, position: number): void {
    if (audience === undefined) return;
    if (audience.everyone) removeSorted(this.#everyone, position);
    if (audience.admins) removeSorted(this.#admins, position);
    for (const project of audience.projects) {
      const list = this.#projects.get(project);
      if (list === undefined) continue;
      removeSorted(list, position);
      if (list.length === 0) this.#projects.delete(project);
    }
  }

  remap(moved: (position: number) => number): void {
    remapList(this.#everyone, moved);
    remapList(this.#admins, moved);
    for (const list of this.#projects.values()) remapList(list, moved);
  }

  /** What `caller` may list: an admin lists what every project lists, what admins list and its own. */
  listsFor(caller: Caller): Lists {
    const lists: (readonly number[])[] = [this.#everyone];
    if (caller.admin === true) lists.push(this.#admins);
    const own = this.#projects.get(caller.projectId);
    if (own !== undefined) lists.push(own);
    return lists;
  }
}

/**
 * A value held by more images than this is split by audience; below it, a page reads all its
 * holders whoever they are, which costs no more than a page.
 */
const SPLIT_ABOVE = 64;

/**
 * Positions of the images by one value of theirs (the name, the status, a property...). A value
 * that one image holds (most names, a server's id) maps to its position itself: a list of one
 * would cost five times the memory.
 */
class ValueIndex {
  readonly #byValue = new Map<Value, number | number[] | ByAudience>();
  readonly #imageAt: ImageAt;

  /** Over `count` images, each read by imageAt (which the index keeps, for the lists it splits). */
  constructor(
    readonly keyOf: KeyOf,
    count: number,
    imageAt: ImageAt,
  ) {
    this.#imageAt = imageAt;
    // In list order, so each list is built already sorted.
    for (let position = 0; position < count; position++) this.add(position, imageAt(position));
  }

  /** `image` is at `position`, which the index does not hold yet. */
  add(position: number, image: ImageRecord): void {
    const value = this.keyOf(image);
    if (value !== undefined) this.#add(value, position, image);
  }

  /** The sorted lists that hold every image `caller` may list with this value. */
  listsFor(value: Value, caller: Caller): Lists {
    const held = this.#byValue.get(value);
    if (held === undefined) return [];
    if (typeof held === 'number') return [[held]];
    return held instanceof ByAudience ? held.listsFor(caller) : [held];
  }

  /** `moved`: the image's audience changed. */
  replace(position: number, before: ImageRecord, after: ImageRecord, moved: boolean): void {
    const old = this.keyOf(before);
    const now = this.keyOf(after);
    if (old === now) {
      const held = old === undefined ? undefined : this.#byValue.get(old);
      if (moved && held instanceof ByAudience) {
        held.remove(listAudience(before), position);
        held.add(listAudience(after), position);
      }
      return;
    }
    if (old !== undefined) this.#remove(old, position, before);
    if (now !== undefined) this.#add(now, position, after);
  }

  /** Every position the index holds `moved` to where it is now (in the same order). */
  remap(moved: (position: number) => number): void {
    for (const [value, held] of this.#byValue) {
      if (typeof held === 'number') this.#byValue.set(value, moved(held));
      else if (held instanceof ByAudience) held.remap(moved);
      else remapList(held, moved);
    }
  }

  /** `image` is the record at `position` from now on (the array may still hold the one before). */
  #add(value: Value, position: number, image: ImageRecord): void {
    const held = this.#byValue.get(value);
    if (held === undefined) this.#byValue.set(value, position);
    else if (typeof held === 'number') {
      if (held !== position) this.#byValue.set(value, held < position ? [held, position] : [position, held]);
    } else if (held instanceof ByAudience) held.add(listAudience(image), position);
    else {
      insertSorted(held, position);
      if (held.length > SPLIT_ABOVE) {
        const split = new ByAudience();
        for (const at of held) split.add(listAudience(at === position ? image : this.#imageAt(at)), at);
        this.#byValue.set(value, split);
      }
    }
  }

  #remove(value: Value, position: number, image: ImageRecord): void {
    const held = this.#byValue.get(value);
    if (held === position) this.#byValue.delete(value);
    else if (held instanceof ByAudience) held.remove(listAudience(image), position);
    else if (held !== undefined && typeof held !== 'number') {
      removeSorted(held, position);
      if (held.length === 1) this.#byValue.set(value, held[0] as number);
    }
  }
}

/**
 * The tree's times are whole seconds since the epoch in 32 bits, from 1 to 2^32 - 1 (1970 to
 * 2106; earlier and later times are clamped, which only widens a window); 0 is an image no one
 * may list, which no window holds.
 */
const UNLISTED = 0;
const inRange = (seconds: number) => Math.min(2 ** 32 - 1, Math.max(1, seconds));

/** The tree's time of a stored `updated_at`, rounded up. */
function updatedSeconds(image: ImageRecord): number {
  if (listAudience(image) === undefined) return UNLISTED;
  const parsed = parseIso8601(image.updated_at);
  // Glance cannot read it: no changes-since filter matches it.
  return parsed === undefined ? UNLISTED : inRange(Math.ceil(parsed.epochSeconds));
}

/**
 * `updated_at` by position in a tree of maxima (each node the latest of its two children), so
 * the next image at or after a position updated since a time is found in log(images) steps; and
 * every time in order, to count a window.
 */
class UpdatedTree {
  readonly #leaves: number;
  readonly #latest: Uint32Array;
  readonly #sorted: Uint32Array;

  constructor(count: number, imageAt: ImageAt) {
    let leaves = 1;
    while (leaves < count) leaves *= 2;
    this.#leaves = leaves;
    this.#latest = new Uint32Array(2 * leaves);
    for (let position = 0; position < count; position++) {
      this.#latest[leaves + position] = updatedSeconds(imageAt(position));
    }
    for (let node = leaves - 1; node >= 1; node--) {
      this.#latest[node] = Math.max(this.#latest[2 * node] as number, this.#latest[2 * node + 1] as number);
    }
    this.#sorted = this.#latest.slice(leaves, leaves + count).sort();
  }

  /** How many images were updated at or after `seconds` (whole seconds since the epoch). */
  countSince(seconds: number): number {
    return this.#sorted.length - lowerBound(this.#sorted, inRange(seconds));
  }

  since(seconds: number): Candidates {
    const from = inRange(seconds);
    return { next: (position) => this.#next(position, from) };
  }

  /** The first position at or after `from` updated at or after `seconds`, or -1. */
  #next(from: number, seconds: number): number {
    if (from >= this.#leaves) return -1;
    const latest = this.#latest;
    let node = this.#leaves + from;
    if ((latest[node] as number) < seconds) {
      // Up to the first subtree to the right that holds one, then down to its leftmost.
      for (;;) {
        while ((node & 1) === 1) node >>>= 1;
        if (node === 0) return -1;
        node += 1;
        if ((latest[node] as number) >= seconds) break;
      }
      while (node < this.#leaves) {
        node *= 2;
        if ((latest[node] as number) < seconds) node += 1;
      }
    }
    return node - this.#leaves;
  }

  replace(position: number, after: ImageRecord): void {
    let node = this.#leaves + position;
    const old = this.#latest[node] as number;
    const now = updatedSeconds(after);
    if (old === now) return;
    this.#latest[node] = now;
    for (node >>>= 1; node >= 1; node >>>= 1) {
      this.#latest[node] = Math.max(this.#latest[2 * node] as number, this.#latest[2 * node + 1] as number);
    }
    // One time leaves the sorted times and another enters: the ones between shift by one.
    const sorted = this.#sorted;
    const from = lowerBound(sorted, old);
    if (now > old) {
      const to = lowerBound(sorted, now) - 1;
      sorted.copyWithin(from, from + 1, to + 1);
      sorted[to] = now;
    } else {
      const to = lowerBound(sorted, now);
      sorted.copyWithin(to + 1, to, from);
      sorted[to] = now;
    }
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

const sizeOf = (lists: Lists) => lists.reduce((sum, list) => sum + list.length, 0);

/**
 * Images inserted since the indexes last took them in: a candidate of every filter until then,
 * so that a create moves no position an index holds (at a million, each index's every position
 * after the new image moved up one: 0.3–0.7 s a create). Then the indexes take them all in at once.
 */
const TAKEN_IN_AT = 1024;

/**
 * The indexes over the images, which hold positions in list order as they were when the images
 * inserted since (`#inserted`, fewer than TAKEN_IN_AT) were not there: their base positions.
 */
export class ListIndexes {
  readonly #images: () => ImageList;
  readonly #values = new Map<string, ValueIndex>();
  #updated: UpdatedTree | undefined;
  #inserted = new InsertedPositions();
  /** Whether the indexes took inserted images in since they were cleared: their positions moved. */
  #tookIn = false;

  constructor(images: () => ImageList) {
    this.#images = images;
  }

  /** Forgets every index (a new dataset was loaded). */
  clear(): void {
    this.#values.clear();
    this.#updated = undefined;
    this.#inserted = new InsertedPositions();
    this.#tookIn = false;
  }

  /**
   * The images inserted since are gone again (a reset): the indexes hold the others where they
   * were. False, and nothing forgotten, when the indexes took some in: then clear() them.
   */
  forgetInserted(): boolean {
    if (this.#tookIn) return false;
    this.#inserted = new InsertedPositions();
    return true;
  }

  /** An image was inserted into the images at `position` (and is there already): the ones after it moved up one. */
  insert(position: number): void {
    // Kept with no index built too: an index built later leaves them out as well, so that a reset
    // that takes them out again leaves every index holding the right positions.
    this.#inserted.insert(position);
    if (this.#inserted.count >= TAKEN_IN_AT) this.#takeInInserted();
  }

  /** The image at `position` is replaced (called before the record is). */
  replace(position: number, before: ImageRecord, after: ImageRecord): void {
    if (this.#values.size === 0 && this.#updated === undefined) return;
    const base = this.#inserted.basePosition(position);
    // Inserted since the indexes took images in: a candidate of every filter, whatever it holds.
    if (base === undefined) return;
    const moved = !sameAudience(listAudience(before), listAudience(after));
    for (const index of this.#values.values()) index.replace(base, before, after, moved);
    this.#updated?.replace(base, after);
  }

  /** The indexes hold every image at its position now: those they hold moved on, the inserted added. */
  #takeInInserted(): void {
    const inserted = this.#inserted;
    this.#inserted = new InsertedPositions();
    this.#tookIn = true;
    // Built again the next time a window asks for it.
    this.#updated = undefined;
    if (this.#values.size === 0) return;
    const images = this.#images();
    for (const index of this.#values.values()) {
      index.remap((base) => inserted.ofBase(base));
      for (let which = 0; which < inserted.count; which++) {
        const position = inserted.insertedAt(which) as number;
        index.add(position, images.at(position) as ImageRecord);
      }
    }
  }

  /** The image at a base position. */
  #imageAtBase = (base: number): ImageRecord => this.#images().at(this.#inserted.ofBase(base)) as ImageRecord;

  /**
   * Positions that include every image `caller` may list matching `filters`; undefined when no
   * filter narrows the list (every image is a candidate).
   */
  candidates(filters: GlanceFilters, caller: Caller): Candidates | undefined {
    let best: Lists | undefined;
    const consider = (lists: Lists) => {
      if (best === undefined || sizeOf(lists) < sizeOf(best)) best = lists;
    };
    if (filters.name !== undefined) {
      const [operator, value] = splitFilterOperator(filters.name);
      const names = operator === 'in' ? splitInList(value) : [value];
      consider(names.flatMap((name) => this.#field('name').listsFor(name, caller)));
    }
    if (filters.status !== undefined) consider(this.#field('status').listsFor(filters.status, caller));
    for (const [field, text] of [
      ['min_ram', filters.minRam],
      ['min_disk', filters.minDisk],
    ] as const) {
      // §11.2: a value that is no integer matches nothing.
      if (text !== undefined)
        consider(/^[0-9]+$/.test(text) ? this.#field(field).listsFor(Number(text), caller) : []);
    }
    for (const [name, value] of filters.properties ?? [])
      consider(this.#property(name).listsFor(value, caller));
    const since = filters.updatedAtGte === undefined ? undefined : parseIso8601(filters.updatedAtGte);
    if (since !== undefined) {
      // Whole seconds: a fraction of a second only makes the window narrower.
      const seconds = Math.floor(since.epochSeconds);
      const updated = this.#updatedTree();
      if (best === undefined || updated.countSince(seconds) < sizeOf(best))
        return this.#withInserted(updated.since(seconds));
    }
    return best === undefined ? undefined : this.#withInserted(new MergedLists(best));
  }

  /** Candidates at base positions, as positions now, with every image inserted since. */
  #withInserted(candidates: Candidates): Candidates {
    const inserted = this.#inserted;
    if (inserted.count === 0) return candidates;
    return {
      next: (from) => {
        const before = inserted.insertedBefore(from);
        const next = inserted.insertedAt(before);
        // The base images before `from` are those not inserted.
        const base = candidates.next(from - before);
        const held = base < 0 ? -1 : inserted.ofBase(base);
        if (next === undefined) return held;
        return held < 0 ? next : Math.min(next, held);
      },
    };
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
      index = new ValueIndex(keyOf, this.#baseCount(), this.#imageAtBase);
      this.#values.set(key, index);
    }
    return index;
  }

  /** How many images the indexes hold: all but those inserted since they took images in. */
  #baseCount(): number {
    return this.#images().length - this.#inserted.count;
  }

  #updatedTree(): UpdatedTree {
    this.#updated ??= new UpdatedTree(this.#baseCount(), this.#imageAtBase);
    return this.#updated;
  }
}
