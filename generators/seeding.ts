/**
 * Seeds: every record draws from one generator (random.ts), re-seeded from (dataset seed,
 * record index) so that record i never depends on the records before it.
 */

/** xmur3: a string hash whose successive outputs are well-mixed 32-bit words. */
export function hashWords(key: string, words = 4): number[] {
  let h = 1779033703 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const out: number[] = [];
  for (let w = 0; w < words; w++) {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    out.push(h >>> 0);
  }
  return out;
}

/** A uniform number in [0, 1) from a key, for decisions that must not cost a draw. */
export function hashUnit(key: string): number {
  return (hashWords(key, 1)[0] ?? 0) / 4294967296;
}
