/**
 * The seeded draws records are made of: sfc32, with faker's arithmetic for each kind of draw
 * (`number.int`, `datatype.boolean`, `helpers.arrayElement`, `weightedArrayElement`,
 * `arrayElements`), so datasets are the ones faker-with-sfc32 drew, without faker's per-call
 * overhead (option objects, validation, re-summing weight tables) on the hot path.
 */
import type { Weighted } from './catalog/hardware.ts';

/** A weight table compiled once: running totals summed in faker's order, so picks match it. */
export interface Weights<T> {
  readonly values: readonly T[];
  readonly cumulative: Float64Array;
  readonly total: number;
}

export function compileWeights<T>(table: Weighted<T>): Weights<T> {
  if (table.length === 0) throw new RangeError('a weight table needs at least one entry');
  const cumulative = new Float64Array(table.length);
  let total = 0;
  table.forEach((entry, i) => {
    if (!(entry.weight > 0)) throw new RangeError(`weights must be positive, got ${entry.weight}`);
    total += entry.weight;
    cumulative[i] = total;
  });
  return { values: table.map((entry) => entry.value), cumulative, total };
}

export class Random {
  #a = 0;
  #b = 0;
  #c = 0;
  #d = 0;

  /** Seeds from up to four 32-bit words, as the sfc32 randomizer given to faker did. */
  seed(words: readonly number[]): void {
    this.#a = words[0] ?? 0;
    this.#b = words[1] ?? 0x9e3779b9;
    this.#c = words[2] ?? 0x243f6a88;
    this.#d = words[3] ?? 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    return (this.#step() >>> 0) / 4294967296;
  }

  /** sfc32's next 32-bit output (signed). */
  #step(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    this.#c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t;
  }

  /**
   * A uniform 32-bit word: what `int(0, 0xffffffff)` draws (the float times 2^32 is the word
   * exactly), without the float.
   */
  word(): number {
    return this.#step() >>> 0;
  }

  /** An integer in [min, max] (faker `number.int({ min, max })`). */
  int(min: number, max: number): number {
    const low = Math.ceil(min);
    const high = Math.floor(max);
    if (low === high) return low;
    if (high < low) throw new RangeError(`no integer between ${min} and ${max}`);
    return Math.floor(this.next() * (high - low + 1) + low);
  }

  /** true with probability `probability` (faker `datatype.boolean(probability)`). */
  bool(probability: number): boolean {
    if (probability <= 0) return false;
    if (probability >= 1) return true;
    return this.next() < probability;
  }

  /** A uniform element (faker `helpers.arrayElement`). */
  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new RangeError('cannot pick from an empty list');
    return values[values.length > 1 ? this.int(0, values.length - 1) : 0] as T;
  }

  /** An element by weight (faker `helpers.weightedArrayElement`). */
  weighted<T>(weights: Weights<T>): T {
    const pick = this.next() * weights.total;
    const { cumulative, values } = weights;
    for (let i = 0; i < cumulative.length; i++) {
      if (pick < (cumulative[i] as number)) return values[i] as T;
    }
    return values[values.length - 1] as T;
  }

  /** Between `min` and `max` distinct elements, in random order (faker `helpers.arrayElements`). */
  sample<T>(values: readonly T[], min: number, max = min): T[] {
    if (values.length === 0) return [];
    const count = this.int(min, max);
    const copy = [...values];
    if (count >= values.length) {
      for (let i = copy.length - 1; i > 0; --i) {
        const j = this.int(0, i);
        const swap = copy[i] as T;
        copy[i] = copy[j] as T;
        copy[j] = swap;
      }
      return copy;
    }
    if (count <= 0) return [];
    const stop = values.length - count;
    for (let i = values.length - 1; i >= stop; i--) {
      const j = this.int(0, i);
      const swap = copy[j] as T;
      copy[j] = copy[i] as T;
      copy[i] = swap;
    }
    return copy.slice(stop);
  }
}
