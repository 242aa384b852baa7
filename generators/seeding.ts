/**
 * Seeds: every record draws from one faker instance, re-seeded from (dataset seed, record index)
 * so that record i never depends on the records before it.
 */
import { type Randomizer, SimpleFaker } from '@faker-js/faker';

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

/** A uniform number in [0, 1) from a key, for decisions that must not cost a faker draw. */
export function hashUnit(key: string): number {
  return (hashWords(key, 1)[0] ?? 0) / 4294967296;
}

/**
 * sfc32 as faker's randomizer: faker's default Mersenne Twister costs ~25 µs per seed(), far
 * too slow to re-seed once per record for a million records; sfc32 seeds in nanoseconds.
 */
function sfc32Randomizer(): Randomizer {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  return {
    next,
    seed(seed: number | number[]): void {
      const words = Array.isArray(seed) ? seed : [seed];
      a = words[0] ?? 0;
      b = words[1] ?? 0x9e3779b9;
      c = words[2] ?? 0x243f6a88;
      d = words[3] ?? 1;
      for (let i = 0; i < 12; i++) next();
    },
  };
}

export type SeededFaker = SimpleFaker;

export function createSeededFaker(): SeededFaker {
  return new SimpleFaker({ randomizer: sfc32Randomizer() });
}
