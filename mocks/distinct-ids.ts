/** Where each id of a dataset is: the index of its record, or -1. */
export interface IdIndex {
  indexOf(id: string): number;
}

/**
 * A dataset's ids as its records are checked, to refuse one that came before: an open-addressing
 * table of 32-bit hashes of the ids, sized once for the whole dataset where its count is known
 * (it grows otherwise). A Set hashes each 36-character id with V8's own string hash and grows by
 * rehashing as it fills: about a tenth of the CPU of creating a mock on 100k images, against a
 * fiftieth here. The table is kept as the image service's map of ids to records (IdIndex): a
 * `Map` of a million ids made again at the first read took 1.2–2.3 s and 50 MiB.
 */
export class DistinctIds implements IdIndex {
  /** The index + 1 of the record whose id hashes to each slot's value in #hashes; 0 when free. */
  #slots: Int32Array;
  #hashes: Int32Array;
  #mask: number;
  readonly #ids: string[] = [];
  readonly #idAt = (index: number): string => this.#ids[index] as string;

  /** Sized for `count` ids (the table is never more than half full); more make it grow. */
  constructor(count = 1024) {
    const size = 2 ** Math.ceil(Math.log2(2 * count + 2));
    this.#slots = new Int32Array(size);
    this.#hashes = new Int32Array(size);
    this.#mask = size - 1;
  }

  /**
   * Adds the id of the next record, whose hash may be known already (the dataset check works it
   * out as it reads the id); returns the index of the earlier record with this id, or -1.
   */
  add(id: string, hash = hashOf(id)): number {
    const index = this.#ids.length;
    this.#ids.push(id);
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const taken = this.#slots[slot] as number;
      if (taken === 0) {
        this.#slots[slot] = index + 1;
        this.#hashes[slot] = hash;
        if (2 * (index + 1) > this.#mask) this.#grow();
        return -1;
      }
      if (this.#hashes[slot] === hash && this.#ids[taken - 1] === id) return taken - 1;
    }
  }

  /** The index of the record with this id, or -1. */
  indexOf(id: string): number {
    return indexIn(this.#slots, this.#hashes, id, this.#idAt);
  }

  /** The table, to send to another thread (transferring its buffers leaves this one unusable). */
  get table(): IdTable {
    return { slots: this.#slots, hashes: this.#hashes };
  }

  /** Twice the slots, each taken one moved by its hash (for a walk that does not know its count). */
  #grow(): void {
    const slots = this.#slots;
    const hashes = this.#hashes;
    this.#slots = new Int32Array(slots.length * 2);
    this.#hashes = new Int32Array(slots.length * 2);
    this.#mask = slots.length * 2 - 1;
    for (let old = 0; old < slots.length; old++) {
      const taken = slots[old] as number;
      if (taken === 0) continue;
      const hash = hashes[old] as number;
      let slot = hash & this.#mask;
      while (this.#slots[slot] !== 0) slot = (slot + 1) & this.#mask;
      this.#slots[slot] = taken;
      this.#hashes[slot] = hash;
    }
  }
}

/** The table of a DistinctIds: each slot's record (index + 1, 0 when free) and its id's hash. */
export interface IdTable {
  slots: Int32Array;
  hashes: Int32Array;
}

/**
 * DistinctIds' tables made on other threads (the dataset check's, one for each part of a file it
 * checked apart, each part's records after the earlier parts'), read here with the ids of the
 * records they were made from.
 */
export class SentIds implements IdIndex {
  constructor(
    readonly parts: readonly { table: IdTable; first: number }[],
    readonly idAt: (index: number) => string,
  ) {}

  indexOf(id: string): number {
    for (const { table, first } of this.parts) {
      const index = indexIn(table.slots, table.hashes, id, (at) => this.idAt(first + at));
      if (index >= 0) return first + index;
    }
    return -1;
  }
}

/**
 * Whether an id is in both tables: each id of `later` whose hash `earlier` holds too is compared
 * by `same` (given each one's index in its table), which a 32-bit hash shared by two ids needs.
 */
export function sharesAnId(
  earlier: IdTable,
  later: IdTable,
  same: (first: number, second: number) => boolean,
): boolean {
  const mask = earlier.slots.length - 1;
  for (let slot = 0; slot < later.slots.length; slot++) {
    const taken = later.slots[slot] as number;
    if (taken === 0) continue;
    const hash = later.hashes[slot] as number;
    for (let probe = hash & mask; ; probe = (probe + 1) & mask) {
      const other = earlier.slots[probe] as number;
      if (other === 0) break;
      if (earlier.hashes[probe] === hash && same(other - 1, taken - 1)) return true;
    }
  }
  return false;
}

function indexIn(slots: Int32Array, hashes: Int32Array, id: string, idAt: (index: number) => string): number {
  const hash = hashOf(id);
  const mask = slots.length - 1;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const taken = slots[slot] as number;
    if (taken === 0) return -1;
    if (hashes[slot] === hash && idAt(taken - 1) === id) return taken - 1;
  }
}

/**
 * An id's hash: FNV-1a over its characters (HASH_START, then hashStep with each character's
 * code), then murmur3's finalizer (hashEnd), so that ids differing in one digit spread over the
 * table. In three parts for a reader that hashes an id as it checks it.
 */
function hashOf(id: string): number {
  let hash = HASH_START;
  for (let at = 0; at < id.length; at++) hash = hashStep(hash, id.charCodeAt(at));
  return hashEnd(hash);
}
export const HASH_START = 0x811c9dc5;
export const hashStep = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193);
export function hashEnd(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
