import { describe, expect, it } from 'vitest';
import { hashWords, RecordKeys } from './seeding.ts';

const SEEDS = [1, 0, -5, 42, 123_456_789, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
const SUFFIXES = ['', ':kind', ':base', ':server', ':server:2'];
const INDICES = [
  ...Array.from({ length: 1200 }, (_, i) => i),
  9_999,
  10_000,
  999_999,
  1_000_000,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 + 5,
  1e15,
  Number.MAX_SAFE_INTEGER,
];

describe('RecordKeys hashes the key strings records are seeded from', () => {
  it.each(SEEDS)('seed %i: the words and the unit of hashWords of seed:index and a suffix', (seed) => {
    const keys = new RecordKeys(seed);
    for (const suffix of SUFFIXES) {
      for (const index of INDICES) {
        const key = `${seed}:${index}${suffix}`;
        const words = hashWords(key);
        expect([...keys.hash(index, suffix)], key).toEqual(words);
        expect(keys.unit(index, suffix), key).toBe((hashWords(key, 1)[0] as number) / 4294967296);
      }
    }
  });

  it('gives distinct words for keys that differ only in the suffix or the index', () => {
    const keys = new RecordKeys(1);
    const seen = new Set(
      INDICES.flatMap((index) => SUFFIXES.map((suffix) => keys.hash(index, suffix).join(','))),
    );
    expect(seen.size).toBe(INDICES.length * SUFFIXES.length);
  });
});
