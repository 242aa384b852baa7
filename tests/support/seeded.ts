/**
 * A seeded generator of whole numbers below a bound, for tests that draw many cases: the same seed
 * draws the same cases, so a failure comes back the same. Its low bits are well mixed (a plain
 * linear congruential step repeats its low bits within a few draws of a small bound).
 */
export function seededBelow(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    state = (state ^ (state >>> 12)) >>> 0;
    return state % below;
  };
}
