/**
 * A whole dataset put in Glance's list order (§11.3: created_at descending, then id descending,
 * as strings), and the position of each id in it: what loading a million images waits for, so
 * done with numbers where it can, and with the id table the load built (distinct-ids.ts).
 */
import { DistinctIds, type IdIndex } from '../distinct-ids.ts';
import type { ImageRecord } from '../types.ts';

/** The order by comparison of every pair, for creation times a single number cannot carry with an index. */
function sortedByComparison(created: Float64Array, byId: (a: number, b: number) => number): Int32Array {
  return Int32Array.from(created, (_, index) => index).sort(
    (a, b) => (created[b] as number) - (created[a] as number) || byId(a, b),
  );
}

const digit = (text: string, at: number): number => text.charCodeAt(at) - 48;
const digits = (text: string, at: number, count: number): number => {
  let value = 0;
  for (let offset = 0; offset < count; offset++) value = value * 10 + digit(text, at + offset);
  return value;
};

/**
 * Milliseconds since the epoch of a checked time (`YYYY-MM-DDTHH:MM:SSZ`, a real second:
 * mocks/dataset.ts), read digit by digit (Howard Hinnant's days_from_civil): what Date.parse gives,
 * at a tenth of its cost, which was a third of the first read of a million images.
 */
export function checkedTimeMs(text: string): number {
  const month = digits(text, 5, 2);
  const year = digits(text, 0, 4) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + digits(text, 8, 2) - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  const days = era * 146_097 + dayOfEra - 719_468;
  return (days * 86_400 + digits(text, 11, 2) * 3600 + digits(text, 14, 2) * 60 + digits(text, 17, 2)) * 1000;
}

/**
 * The indexes of `records` in list order; `checked`: every created_at is a checked time
 * (checkedTimeMs), as in a checked dataset.
 */
export function listOrderOf(records: readonly ImageRecord[], checked = false): Int32Array {
  const timeOf = checked ? checkedTimeMs : Date.parse;
  const created = new Float64Array(records.length);
  for (let index = 0; index < records.length; index++)
    created[index] = timeOf((records[index] as ImageRecord).created_at);
  return listOrderOfTimes(created, (index) => (records[index] as ImageRecord).id);
}

/**
 * A number of a lowercase UUID's first 8 hex digits (a checked id's), which orders ids as their
 * strings do wherever the numbers differ: in ASCII the digits come before a–f.
 */
export function idPrefixOf(id: string): number {
  let prefix = 0;
  for (let at = 0; at < 8; at++) {
    const code = id.charCodeAt(at);
    prefix = prefix * 16 + (code <= 57 ? code - 48 : code - 87);
  }
  return prefix;
}

/**
 * The indexes in list order of records created at these times (milliseconds since the epoch, or
 * NaN for a time no one can read) with these ids; `idPrefixes`, where given, each record's
 * idPrefixOf, so that an id is asked for (which may make its record) only when two records share
 * their time and their prefix.
 */
export function listOrderOfTimes(
  created: Float64Array,
  idAt: (index: number) => string,
  idPrefixes?: Uint32Array,
): Int32Array {
  const count = created.length;
  let newest = Number.NEGATIVE_INFINITY;
  let oldest = Number.POSITIVE_INFINITY;
  let unit = 1000;
  let unreadable = false;
  for (let index = 0; index < count; index++) {
    const time = created[index] as number;
    if (time > newest) newest = time;
    if (time < oldest) oldest = time;
    // A time with milliseconds, or none (NaN): counted in milliseconds, or compared.
    if (time % 1000 !== 0) unit = 1;
    if (Number.isNaN(time)) unreadable = true;
  }
  const byWholeId = (a: number, b: number): number => {
    const first = idAt(a);
    const second = idAt(b);
    return first < second ? 1 : first > second ? -1 : 0;
  };
  const byId =
    idPrefixes === undefined
      ? byWholeId
      : (a: number, b: number): number =>
          (idPrefixes[b] as number) - (idPrefixes[a] as number) || byWholeId(a, b);
  // Each record's key: its age from the newest in whole units, times a power of two above the
  // count, plus its index. One numeric sort of the keys orders by created_at descending; the
  // index rides along in the low bits while the key stays an exact integer.
  const slots = 2 ** Math.ceil(Math.log2(count + 1));
  if (unreadable || !(((newest - oldest) / unit + 1) * slots <= Number.MAX_SAFE_INTEGER)) {
    return sortedByComparison(created, byId);
  }
  const keys = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    keys[index] = ((newest - (created[index] as number)) / unit) * slots + index;
  }
  keys.sort();
  const order = new Int32Array(count);
  for (let position = 0; position < count; position++) order[position] = (keys[position] as number) % slots;
  // Images created in the same unit of time (the same age): by id, descending.
  const ageAt = (position: number) => Math.floor((keys[position] as number) / slots);
  let runStart = 0;
  for (let position = 1; position <= count; position++) {
    if (position < count && ageAt(position) === ageAt(runStart)) continue;
    if (position - runStart > 1) order.subarray(runStart, position).sort(byId);
    runStart = position;
  }
  return order;
}

/**
 * Whether checked records (every time in Glance's format, `YYYY-MM-DDTHH:MM:SSZ`, a real second:
 * mocks/dataset.ts) are in list order already (a file saved in that order; the generator's are
 * not), so that they need no sort. In that one format the order of the strings is the order of
 * the times, so no time is parsed; an unordered file fails at its first pairs.
 */
export function isInListOrderChecked(records: readonly ImageRecord[]): boolean {
  for (let position = 1; position < records.length; position++) {
    const before = records[position - 1] as ImageRecord;
    const after = records[position] as ImageRecord;
    if (before.created_at < after.created_at) return false;
    if (before.created_at === after.created_at && before.id <= after.id) return false;
  }
  return true;
}

/** Where an image is in list order: what the image service asks of its id positions. */
export interface Positions {
  get(id: string): number | undefined;
  has(id: string): boolean;
}

/**
 * The positions of a loaded dataset in list order, read from its id table (each id's index in
 * the dataset) and, unless the dataset was in list order, each index's position: two typed
 * arrays and what the load built, where a `Map` of a million ids took 1.2–2.3 s and 50 MiB.
 */
export class LoadedPositions implements Positions {
  /** Each dataset index's position in list order; undefined when the dataset is in that order. */
  readonly #positionOf: Int32Array | undefined;
  readonly #ids: IdIndex;

  /** `order`: the indexes in list order (listOrderOf), or undefined when the dataset is in it. */
  constructor(ids: IdIndex, order: Int32Array | undefined) {
    this.#ids = ids;
    if (order === undefined) return;
    this.#positionOf = new Int32Array(order.length);
    for (let position = 0; position < order.length; position++)
      this.#positionOf[order[position] as number] = position;
  }

  get(id: string): number | undefined {
    const index = this.#ids.indexOf(id);
    if (index < 0) return undefined;
    return this.#positionOf === undefined ? index : this.#positionOf[index];
  }

  has(id: string): boolean {
    return this.#ids.indexOf(id) >= 0;
  }
}

/** First index in the ascending `list` whose element is above `value`: how many are at most it. */
function countAtMost(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Where records inserted into a list in order are, against the positions the list's other
 * records had before (their base positions): each inserted record is kept as how many base
 * records come before it, so that the base record at `q` is moved on by every inserted record
 * with at most `q` before it. An insert costs what it moves in this short list, never the list.
 */
export class InsertedPositions {
  /** For each inserted record, in list order, the base records before it (never decreasing). */
  readonly #baseBefore: number[] = [];

  get count(): number {
    return this.#baseBefore.length;
  }

  /** The position of the record whose base position is `base`. */
  ofBase(base: number): number {
    return base + countAtMost(this.#baseBefore, base);
  }

  /** The base position of the record at `position`, or undefined for an inserted record. */
  basePosition(position: number): number | undefined {
    const before = this.insertedBefore(position);
    return this.insertedAt(before) === position ? undefined : position - before;
  }

  /** The position of the inserted record `index` (in list order), or undefined past the last. */
  insertedAt(index: number): number | undefined {
    const before = this.#baseBefore[index];
    return before === undefined ? undefined : before + index;
  }

  /** How many inserted records are before `position`. */
  insertedBefore(position: number): number {
    // Their positions (base records before, plus inserted ones before) only grow.
    let low = 0;
    let high = this.#baseBefore.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#baseBefore[middle] as number) + middle < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** A record is inserted at `position`, those from there on move up one; returns its index among the inserted. */
  insert(position: number): number {
    const index = this.insertedBefore(position);
    this.#baseBefore.splice(index, 0, position - index);
    return index;
  }
}

/**
 * The positions of a state's records (`base`, never changed) and of the records created since,
 * each where list order put it (InsertedPositions): a create inserts into the short lists of
 * created records, not a new map of every id (which took 1.2–2.3 s at a million).
 */
export class CreatedPositions implements Positions {
  readonly #base: Positions;
  readonly #inserted = new InsertedPositions();
  /** The created records in list order: their creation times (ms) and ids. */
  readonly #createdMs: number[] = [];
  readonly #ids: string[] = [];
  /** Each created id's creation time (ms), which finds it in list order. */
  readonly #created = new Map<string, number>();

  constructor(base: Positions) {
    this.#base = base;
  }

  get(id: string): number | undefined {
    const position = this.#base.get(id);
    if (position !== undefined) return this.#inserted.ofBase(position);
    const createdMs = this.#created.get(id);
    return createdMs === undefined ? undefined : this.#inserted.insertedAt(this.#createdIndex(createdMs, id));
  }

  has(id: string): boolean {
    return this.#created.has(id) || this.#base.has(id);
  }

  /** The base position of the record at `position`, or undefined for a created record. */
  basePosition(position: number): number | undefined {
    return this.#inserted.basePosition(position);
  }

  /** The position of the base record at `base`. */
  positionOfBase(base: number): number {
    return this.#inserted.ofBase(base);
  }

  /** A record created at `createdMs` with `id` is at `position` from now on; those from there on move up one. */
  insert(position: number, createdMs: number, id: string): void {
    const index = this.#inserted.insert(position);
    this.#createdMs.splice(index, 0, createdMs);
    this.#ids.splice(index, 0, id);
    this.#created.set(id, createdMs);
  }

  /** The index of a created record among them, found by its list order (created_at, then id, descending). */
  #createdIndex(createdMs: number, id: string): number {
    let low = 0;
    let high = this.#ids.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const time = this.#createdMs[middle] as number;
      const other = this.#ids[middle] as string;
      if (time > createdMs || (time === createdMs && other > id)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** The id table of `records`; throws on an id that occurs twice. */
export function distinctIdsOf(records: readonly ImageRecord[]): DistinctIds {
  const ids = new DistinctIds(records.length);
  for (const { id } of records) if (ids.add(id) >= 0) throw new Error(`duplicate image id ${id}`);
  return ids;
}
