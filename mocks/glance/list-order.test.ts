/**
 * A dataset's list order, put together from numeric keys, against the order of §11.3 as a plain
 * comparison sort gives it: created_at descending, ties by id descending — for times in whole
 * seconds, with milliseconds, spread over millennia, shared by many images, or unreadable; and
 * the positions in it, read from the dataset's id table.
 */
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../generators/index.ts';
import { Random } from '../../generators/random.ts';
import type { ImageRecord } from '../types.ts';
import {
  CreatedPositions,
  checkedTimeMs,
  distinctIdsOf,
  idPrefixOf,
  isInListOrderChecked,
  LoadedPositions,
  listOrderOf,
  listOrderOfTimes,
} from './list-order.ts';

/** §11.3 by comparing every pair, as Glance's SQL `ORDER BY created_at DESC, id DESC` does. */
const compared = (records: readonly ImageRecord[]) =>
  [...records]
    .sort(
      (a, b) =>
        Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    )
    .map((record) => record.id);
const ordered = (records: readonly ImageRecord[], checked = false) =>
  Array.from(listOrderOf(records, checked), (index) => (records[index] as ImageRecord).id);

const dataset = generateDataset({ count: 400, seed: 7 });
const withTimes = (times: (index: number) => string) =>
  dataset.map((record, index) => ({ ...record, created_at: times(index) }));

describe('listOrderOf', () => {
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
    expect(ordered([])).toEqual([]);
    expect(ordered(dataset.slice(0, 1))).toEqual([dataset[0]?.id]);
  });
});

describe('listOrderOfTimes with id prefixes', () => {
  // Every image in one of two seconds, and a third of the ids sharing their first 8 digits with
  // another's: the prefixes order most ties, the whole ids the rest.
  const records = withTimes((i) => `2020-02-02T02:02:0${i % 2}Z`).map((record, i) =>
    i % 3 === 0
      ? {
          ...record,
          id: `${(dataset[(i + 2) % dataset.length] as ImageRecord).id.slice(0, 8)}${record.id.slice(8)}`,
        }
      : record,
  );
  const created = Float64Array.from(records, (record) => checkedTimeMs(record.created_at));
  const idPrefixes = Uint32Array.from(records, (record) => idPrefixOf(record.id));

  it('orders as a comparison sort does, asking only for the ids of records that share time and prefix', () => {
    const asked = new Set<number>();
    const order = listOrderOfTimes(
      created,
      (index) => {
        asked.add(index);
        return (records[index] as ImageRecord).id;
      },
      idPrefixes,
    );
    expect(Array.from(order, (index) => (records[index] as ImageRecord).id)).toEqual(compared(records));
    const sharesTimeAndPrefix = (index: number) =>
      records.some(
        (other, at) =>
          at !== index &&
          other.created_at === (records[index] as ImageRecord).created_at &&
          idPrefixOf(other.id) === idPrefixes[index],
      );
    expect(asked.size).toBeGreaterThan(0);
    for (const index of asked) expect(sharesTimeAndPrefix(index)).toBe(true);
  });

  it('reads a prefix that orders as the ids do', () => {
    const ids = [
      '00000000',
      '00000009',
      '0000000a',
      '0000000f',
      '00000010',
      'ffffffff',
      '9fffffff',
      'a0000000',
    ];
    const byString = [...ids].sort();
    const byPrefix = [...ids].sort((a, b) => idPrefixOf(a) - idPrefixOf(b));
    expect(byPrefix).toEqual(byString);
    expect(idPrefixOf('ffffffff-0000-4000-8000-000000000000')).toBe(0xffffffff);
    expect(idPrefixOf('0000000a-ffff-4fff-bfff-ffffffffffff')).toBe(10);
  });
});

describe('checkedTimeMs', () => {
  it('reads a checked time as Date.parse does, from year 0001 to 9999, leap days and the last second', () => {
    const random = new Random();
    random.seed([11]);
    const times = [
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '2000-02-29T12:00:00Z',
      '1900-03-01T00:00:00Z',
    ];
    for (let n = 0; n < 20_000; n++) {
      times.push(
        new Date(random.int(-62_135_596_800, 253_402_300_799) * 1000).toISOString().replace('.000', ''),
      );
    }
    expect(times.filter((time) => checkedTimeMs(time) !== Date.parse(time))).toEqual([]);
  });

  it('orders a checked dataset as Date.parse does', () => {
    const records = withTimes(
      (i) => `20${String(10 + (i % 13))}-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:00:0${i % 4}Z`,
    );
    expect(ordered(records, true)).toEqual(compared(records));
    expect(ordered(dataset, true)).toEqual(compared(dataset));
  });
});

describe('isInListOrderChecked', () => {
  it('tells a dataset in list order from one out of it, ties by id', () => {
    const inOrder = [...dataset].sort(
      (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : -1),
    );
    expect(isInListOrderChecked(inOrder)).toBe(true);
    expect(isInListOrderChecked([...inOrder].reverse())).toBe(false);
    const sameSecond = inOrder
      .slice(0, 3)
      .map((record) => ({ ...record, created_at: '2020-02-02T02:02:02Z' }));
    const byIdDescending = [...sameSecond].sort((a, b) => (a.id < b.id ? 1 : -1));
    expect(isInListOrderChecked(byIdDescending)).toBe(true);
    expect(isInListOrderChecked([...byIdDescending].reverse())).toBe(false);
    expect(isInListOrderChecked([])).toBe(true);
  });
});

describe('LoadedPositions', () => {
  const shuffled = [...dataset].reverse();
  it('gives each id its list position, from the id table and the order', () => {
    const order = listOrderOf(shuffled);
    const positions = new LoadedPositions(distinctIdsOf(shuffled), order);
    const listed = Array.from(order, (index) => shuffled[index] as ImageRecord);
    expect(listed.every((record, position) => positions.get(record.id) === position)).toBe(true);
    expect(positions.get('no such id')).toBe(undefined);
    expect(positions.has('no such id')).toBe(false);
    expect(positions.has(dataset[3]?.id as string)).toBe(true);
  });

  it('gives each id its index in a dataset in list order', () => {
    const positions = new LoadedPositions(distinctIdsOf(dataset), undefined);
    expect(dataset.every((record, index) => positions.get(record.id) === index)).toBe(true);
  });

  it('refuses an id that occurs twice', () => {
    const twice = [...dataset.slice(0, 5), { ...(dataset[2] as ImageRecord) }];
    expect(() => distinctIdsOf(twice)).toThrow(`duplicate image id ${dataset[2]?.id}`);
  });
});

describe('CreatedPositions', () => {
  const byListOrder = (a: ImageRecord, b: ImageRecord) =>
    Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

  it('gives every id its position after creates anywhere in the list, as a map of the whole list would', () => {
    const random = new Random();
    random.seed([11]);
    const base = [...dataset].sort(byListOrder);
    const positions = new CreatedPositions(new LoadedPositions(distinctIdsOf(base), undefined));
    const listed: { record: ImageRecord; created: boolean }[] = base.map((record) => ({
      record,
      created: false,
    }));
    for (let made = 0; made < 150; made++) {
      // Times from before the first image to after the last, many of them shared with it: ties by id.
      const source = base[random.int(0, base.length - 1)] as ImageRecord;
      const created_at =
        made % 5 === 0 ? '2099-01-01T00:00:00Z' : made % 7 === 0 ? '1999-01-01T00:00:00Z' : source.created_at;
      const record = { ...source, id: `${random.int(0, 15).toString(16)}${made}-created`, created_at };
      let position = listed.findIndex((item) => byListOrder(record, item.record) < 0);
      if (position < 0) position = listed.length;
      listed.splice(position, 0, { record, created: true });
      positions.insert(position, Date.parse(created_at), record.id);
    }
    const baseIndex = new Map(base.map((record, index) => [record.id, index]));
    listed.forEach(({ record, created }, position) => {
      expect(positions.get(record.id), record.id).toBe(position);
      expect(positions.has(record.id)).toBe(true);
      expect(positions.basePosition(position)).toBe(created ? undefined : baseIndex.get(record.id));
    });
    expect(positions.get('no such id')).toBe(undefined);
    expect(positions.has('no such id')).toBe(false);
  });
});
