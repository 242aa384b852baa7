/**
 * Seeds: every record draws from one generator (random.ts), re-seeded from (dataset seed,
 * record index) so that record i never depends on the records before it.
 */

const XMUR3_START = 1779033703;

/** xmur3's words after its string is mixed into `h`, into `out` (or a new array). */
function xmur3Words(mixed: number, words: number, out: number[] = []): number[] {
  let h = mixed;
  for (let w = 0; w < words; w++) {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    out[w] = h >>> 0;
  }
  return out;
}

/** xmur3: a string hash whose successive outputs are well-mixed 32-bit words. */
export function hashWords(key: string, words = 4): number[] {
  let h = XMUR3_START ^ key.length;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return xmur3Words(h, words);
}

/** Longest index in decimal: 2^53 has 16 digits. */
const INDEX_DIGITS = 16;

/**
 * `hashWords` of the keys a dataset's records are seeded from, `${seed}:${index}` and
 * `${seed}:${index}${suffix}`, without making the key strings (five for most records, and their
 * garbage): the key's character codes are spelled into a reused byte array and hashed from
 * there, the same words.
 */
export class RecordKeys {
  /** Four words of the last `words` call, reused. */
  readonly words: number[] = [0, 0, 0, 0];
  readonly #prefixLength: number;
  #codes: Uint8Array;

  constructor(seed: number) {
    const prefix = `${seed}:`;
    this.#prefixLength = prefix.length;
    this.#codes = new Uint8Array(prefix.length + INDEX_DIGITS + 32);
    for (let i = 0; i < prefix.length; i++) this.#codes[i] = prefix.charCodeAt(i);
  }

  /** `hashWords(`${seed}:${index}${suffix}`)`, in `this.words`. */
  hash(index: number, suffix = ''): number[] {
    return xmur3Words(this.#mix(index, suffix), 4, this.words);
  }

  /**
   * The key's first word as a uniform number in [0, 1), for decisions that must not cost a draw
   * (`hashWords(key, 1)[0] / 2^32`).
   */
  unit(index: number, suffix: string): number {
    let h = this.#mix(index, suffix);
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  }

  /** xmur3's state after the key's characters (`index` a non-negative safe integer, `suffix` ASCII). */
  #mix(index: number, suffix: string): number {
    let digits = 1;
    for (let power = 10; power <= index; power *= 10) digits++;
    const length = this.#prefixLength + digits + suffix.length;
    if (length > this.#codes.length) {
      const grown = new Uint8Array(length);
      grown.set(this.#codes.subarray(0, this.#prefixLength));
      this.#codes = grown;
    }
    const codes = this.#codes;
    let rest = index;
    for (let at = this.#prefixLength + digits - 1; at >= this.#prefixLength; at--) {
      const tenth = Math.floor(rest / 10);
      codes[at] = 0x30 + (rest - tenth * 10);
      rest = tenth;
    }
    for (let i = 0, at = this.#prefixLength + digits; i < suffix.length; i++, at++) {
      codes[at] = suffix.charCodeAt(i);
    }
    let h = XMUR3_START ^ length;
    for (let i = 0; i < length; i++) {
      h = Math.imul(h ^ (codes[i] as number), 3432918353);
      h = (h << 13) | (h >>> 19);
    }
    return h;
  }
}
