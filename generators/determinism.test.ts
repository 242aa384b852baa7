import { describe, expect, it } from 'vitest';
import { datasetRecords, generateDataset, generateImage, serializeRecords } from './index.ts';

const text = (options: Parameters<typeof datasetRecords>[0]) =>
  [...serializeRecords(datasetRecords(options), 'dataset')].join('');

describe('generated datasets are deterministic', () => {
  it('gives byte-identical output for the same options', () => {
    const options = { seed: 7, count: 1500, now: '2026-01-01T00:00:00Z' };
    expect(text(options)).toBe(text(options));
  });

  it('keeps the first records when the count grows (prefix stability)', () => {
    const small = generateDataset({ seed: 11, count: 1000 });
    const large = generateDataset({ seed: 11, count: 3000 });
    expect(large.slice(0, 1000)).toEqual(small);
    expect(JSON.stringify(large.slice(0, 1000))).toBe(JSON.stringify(small));
  });

  it('differs for a different seed', () => {
    const one = generateDataset({ seed: 1, count: 200, samples: false });
    const two = generateDataset({ seed: 2, count: 200, samples: false });
    const sameIds = one.filter((record, i) => record.id === two[i]?.id);
    expect(sameIds).toEqual([]);
    expect(one.map((r) => r.name)).not.toEqual(two.map((r) => r.name));
  });

  it('makes record i of a dataset equal generateImage(seed, i)', () => {
    const records = generateDataset({ seed: 5, count: 311 });
    for (const index of [0, 1, 17, 150, 299]) {
      expect(generateImage(5, index)).toEqual(records[11 + index]);
    }
  });

  it('starts with the 11 api-samples images unless samples are left out', () => {
    const withSamples = generateDataset({ seed: 3, count: 50 });
    expect(withSamples.slice(0, 11).map((r) => r.id)).toContain('cedef40a-ed67-4d10-800e-17455edce175');
    expect(withSamples.slice(0, 11).every((r) => r.created_at === '2011-01-01T01:02:03Z')).toBe(true);
    const without = generateDataset({ seed: 3, count: 39, samples: false });
    expect(without).toEqual(withSamples.slice(11));
    expect(generateDataset({ seed: 3, count: 4 })).toEqual(withSamples.slice(0, 4));
  });

  it('takes time from --now, never from the clock', () => {
    const now = '2019-06-01T12:00:00Z';
    const records = generateDataset({ seed: 9, count: 2000, samples: false, now });
    const latest = records
      .map((r) => r.updated_at)
      .sort()
      .at(-1) as string;
    expect(latest <= now).toBe(true);
    expect(latest >= '2019-05-01').toBe(true);
    const later = generateDataset({ seed: 9, count: 10, samples: false });
    expect(later[0]?.created_at).not.toBe(records[0]?.created_at);
    expect(later.every((r) => r.updated_at <= '2026-01-01T00:00:00Z')).toBe(true);
  });

  it('refuses a seed or count that is not an integer', () => {
    expect(() => generateDataset({ seed: 1.5, count: 1 })).toThrow(RangeError);
    expect(() => generateDataset({ seed: 1, count: -1 })).toThrow(RangeError);
  });
});
