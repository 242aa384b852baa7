import { type Randomizer, SimpleFaker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import type { Weighted } from './catalog/hardware.ts';
import { compileWeights, Random } from './random.ts';
import { hashWords } from './seeding.ts';

/** The sfc32 randomizer the generators gave faker before random.ts drew without it. */
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

const TABLE: Weighted<string> = [
  { value: 'a', weight: 0.3 },
  { value: 'b', weight: 7 },
  { value: 'c', weight: 1.1 },
  { value: 'd', weight: 2 },
];
const LIST = Array.from({ length: 23 }, (_, i) => `item${i}`);

describe('Random draws what faker with sfc32 drew', () => {
  it.each([1, 2, 42, 1234567])('seed %i', (seed) => {
    const faker = new SimpleFaker({ randomizer: sfc32Randomizer() });
    const random = new Random();
    const weights = compileWeights(TABLE);
    for (let key = 0; key < 200; key++) {
      const words = hashWords(`${seed}:${key}`);
      faker.seed(words);
      random.seed(words);
      expect(random.int(0, 0xffffffff)).toBe(faker.number.int(0xffffffff));
      expect(random.int(-5, 17)).toBe(faker.number.int({ min: -5, max: 17 }));
      expect(random.int(3 * 1048576, 700 * 1048576)).toBe(
        faker.number.int({ min: 3 * 1048576, max: 700 * 1048576 }),
      );
      expect(random.int(1.5, 9.5)).toBe(faker.number.int({ min: 1.5, max: 9.5 }));
      expect(random.int(4, 4)).toBe(faker.number.int({ min: 4, max: 4 }));
      expect(random.bool(0.3)).toBe(faker.datatype.boolean(0.3));
      expect(random.bool(0)).toBe(faker.datatype.boolean(0));
      expect(random.bool(1)).toBe(faker.datatype.boolean(1));
      expect(random.pick(LIST)).toBe(faker.helpers.arrayElement(LIST));
      expect(random.pick(['only'])).toBe(faker.helpers.arrayElement(['only']));
      expect(random.weighted(weights)).toBe(faker.helpers.weightedArrayElement(TABLE));
      expect(random.sample(LIST, 1, 3)).toEqual(faker.helpers.arrayElements(LIST, { min: 1, max: 3 }));
      expect(random.sample(LIST, 20, 30)).toEqual(faker.helpers.arrayElements(LIST, { min: 20, max: 30 }));
      expect(random.sample(LIST, 7)).toEqual(faker.helpers.arrayElements(LIST, 7));
      expect(random.sample(LIST, 0)).toEqual(faker.helpers.arrayElements(LIST, 0));
      expect(random.next()).toBe(faker.number.float());
    }
  });

  it('refuses tables faker refuses', () => {
    expect(() => compileWeights([])).toThrow(RangeError);
    expect(() => compileWeights([{ value: 'x', weight: 0 }])).toThrow(RangeError);
    expect(() => new Random().int(3, 2)).toThrow(RangeError);
    expect(() => new Random().pick([])).toThrow(RangeError);
  });
});
