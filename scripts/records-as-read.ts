/**
 * A large dataset file's records served from its bytes (mocks/dataset-bytes.ts) as the array
 * json-server reads and edits for `data`: each record is made the first time json-server reads its
 * index, then kept (json-server edits it in place), so `data` answers once the file is checked
 * instead of once every record is parsed. The array holds the records made; an index not read yet
 * is a hole, which stands for the source's record at that index. A hole never moves: whatever
 * moves records (json-server's delete splices the array) reads each one it moves through this
 * proxy first, which makes it.
 */
import { setImmediate } from 'node:timers';
import type { ImageSource } from '../mocks/glance/image-service.ts';
import type { ImageRecord } from '../mocks/types.ts';

/** What the array reads of a source: how many records, each one (made and kept by the source), each id's index. */
export type RecordsSource = Pick<ImageSource, 'count' | 'at' | 'ids'>;

/**
 * Each array's lookup of a record by its id (see getByIdOf): the file's record with that id, or
 * the records added since to look among; undefined when it cannot tell.
 */
const LOOKUPS = new WeakMap<
  object,
  (id: string) => { record: ImageRecord } | { added: ImageRecord[] } | undefined
>();

export type GetById = (this: { __id(): string }, collection: unknown, id: unknown) => unknown;

/**
 * lodash-id's getById (how json-server finds a record by its id, for a show and every write) that
 * finds a file's record through the source's id table instead of reading (and so making) every
 * record before it: the file's ids are distinct and json-server never changes a record's id. The
 * records json-server added since (after the file's) are looked among by `original`; once a delete
 * has moved records, `original` looks through them all, as before.
 */
export function getByIdOf(original: GetById): GetById {
  return function getById(collection, id) {
    const lookup = this.__id() === 'id' ? LOOKUPS.get(collection as object) : undefined;
    const found = typeof id === 'string' ? lookup?.(id) : undefined;
    if (found === undefined) return original.call(this, collection, id);
    return 'record' in found ? found.record : original.call(this, found.added, id);
  };
}

export function recordsAsRead(source: RecordsSource): ImageRecord[] {
  const records: ImageRecord[] = new Array(source.count);
  /** The index `key` names when it is a hole standing for a record not made yet; else -1. */
  const holeAt = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const index = Number(key);
    return Number.isInteger(index) &&
      index >= 0 &&
      index < records.length &&
      index < source.count &&
      String(index) === key &&
      !Object.hasOwn(records, index)
      ? index
      : -1;
  };
  /** Whether json-server moved a file's record (a delete splices the array): its index no longer says where it is. */
  let moved = false;
  const made = (index: number): ImageRecord => {
    const record = source.at(index);
    records[index] = record;
    return record;
  };
  const images = new Proxy(records, {
    get: (target, key, receiver) => {
      const index = holeAt(key);
      return index >= 0 ? made(index) : Reflect.get(target, key, receiver);
    },
    // A splice moves an element only where the array says it has one: a hole has its record.
    has: (target, key) => holeAt(key) >= 0 || Reflect.has(target, key),
    getOwnPropertyDescriptor: (target, key) => {
      const index = holeAt(key);
      if (index >= 0) made(index);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    // for…in (json-server's check of a query's field) walks every index, made or not.
    ownKeys: (target) => {
      const keys = Reflect.ownKeys(target);
      if (keys.length > target.length) return keys;
      const indexes = Array.from({ length: target.length }, (_, index) => String(index));
      return [...indexes, ...keys.filter((key) => typeof key !== 'string' || String(Number(key)) !== key)];
    },
    set: (target, key, value, receiver) => {
      if (isFileIndex(key)) moved = true;
      return Reflect.set(target, key, value, receiver);
    },
    deleteProperty: (target, key) => {
      if (isFileIndex(key)) moved = true;
      return Reflect.deleteProperty(target, key);
    },
  });
  /** A file record's index, whose record a set or a delete moves (a push sets indexes after them). */
  const isFileIndex = (key: string | symbol): boolean =>
    typeof key === 'string' && String(Number(key)) === key && Number(key) < source.count;
  LOOKUPS.set(images, (id) => {
    if (moved) return undefined;
    const index = source.ids.indexOf(id);
    return index >= 0 ? { record: images[index] as ImageRecord } : { added: records.slice(source.count) };
  });
  return images;
}

/**
 * Records made per turn of the event loop by madeInBackground: 250 of a 1M file's take about 12 ms
 * (48 µs each between requests, with the collections of a growing heap), what a request waits at most.
 */
const BACKGROUND_BATCH = 250;

/**
 * Makes every record of `images` (recordsAsRead) a batch at a time between requests, so that the
 * first write, which saves every record (json-server writes its whole db), finds them made, as
 * the whole file read before listening left them. Keeps no process alive.
 */
export function madeInBackground(images: readonly ImageRecord[], batch = BACKGROUND_BATCH): void {
  let next = 0;
  const turn = () => {
    const end = Math.min(next + batch, images.length);
    // Reading an index makes its record.
    for (; next < end; next++) void images[next];
    if (next < images.length) setImmediate(turn).unref();
  };
  setImmediate(turn).unref();
}
