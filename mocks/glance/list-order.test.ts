/**
 * A dataset's list order, put together from numeric keys, against the order of §11.3 as a plain
 * comparison sort gives it: created_at descending, ties by id descending — for times in whole
 * seconds, with milliseconds, spread over millennia, shared by many images, or unreadable.
 */
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../generators/index.ts';
import { Random } from '../../generators/random.ts';
import type { ImageRecord } from '../types.ts';
import { inListOrder, positionsOf } from './list-order.ts';

/** §11.3 by comparing every pair, as Glance's SQL `ORDER BY created_at DESC, id DESC` does. */
const compared = (records: readonly ImageRecord[]) =>
  [...records]
    .sort(
      (a, b) =>
        Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    )
    .map((record) => record.id);
const ordered = (records: readonly ImageRecord[]) => inListOrder(records).map((record) => record.id);

const dataset = generateDataset({ count: 400, seed: 7 });
const withTimes = (times: (index: number) => string) =>
  dataset.map((record, index) => ({ ...record, created_at: times(index) }));

describe('inListOrder', () => {
  const random = new Random();
  random.seed([3]);
  it.each([
    ['a generated dataset', dataset],
    ['every image in the same second', withTimes(() => '2020-02-02T02:02:02Z')],
    ['a few seconds shared by many', withTimes(() => `2020-02-02T02:02:0${random.int(0, 3)}Z`)],
    [
      'times with milliseconds',
      withTimes((i) => new Date(1_600_000_000_000 + random.int(0, 5000) * (i % 3)).toISOString()),
    ],
    [
      'from year 0001 to 9999',
      withTimes((i) =>
        i % 2 ? '0001-01-01T00:00:00Z' : `9999-12-31T23:59:${String(i % 60).padStart(2, '0')}Z`,
      ),
    ],
    [
      'milliseconds over millennia (too wide for one key)',
      withTimes((i) => (i % 2 ? '0001-01-01T00:00:00.001Z' : '9999-12-31T23:59:59.999Z')),
    ],
  ])('orders %s as a comparison sort does', (_, records) => {
    expect(ordered(records)).toEqual(compared(records));
  });

  it('orders images with unreadable times as before, by comparison', () => {
    const records = withTimes((i) => (i % 5 === 0 ? 'not a time' : '2020-02-02T02:02:02Z'));
    expect(ordered(records)).toEqual(compared(records));
  });

  it('orders nothing and one image', () => {
    expect(inListOrder([])).toEqual([]);
    expect(ordered(dataset.slice(0, 1))).toEqual([dataset[0]?.id]);
  });
});

describe('positionsOf', () => {
  it('gives each id its position', () => {
    const positions = positionsOf(dataset);
    expect(positions.size).toBe(dataset.length);
    expect(dataset.every((record, index) => positions.get(record.id) === index)).toBe(true);
  });

  it('refuses an id that occurs twice', () => {
    const twice = [...dataset.slice(0, 5), { ...(dataset[2] as ImageRecord) }];
    expect(() => positionsOf(twice)).toThrow(`duplicate image id ${dataset[2]?.id}`);
  });
});
