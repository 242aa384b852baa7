import { describe, expect, it } from 'vitest';
import { DistinctIds, SentIds, sharesAnId } from './distinct-ids.ts';

const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('DistinctIds', () => {
  it('names the earlier record of a repeated id, sized for the count or growing past it', () => {
    for (const ids of [new DistinctIds(5_000), new DistinctIds(1), new DistinctIds()]) {
      for (let n = 0; n < 5_000; n++) expect(ids.add(idOf(n))).toBe(-1);
      expect(ids.add(idOf(0))).toBe(0);
      expect(ids.add(idOf(4_321))).toBe(4_321);
      expect(ids.add(idOf(4_999))).toBe(4_999);
      expect(ids.add(idOf(5_000))).toBe(-1);
    }
  });

  it('keeps ids apart that differ in one character, `__proto__` an ordinary id', () => {
    const ids = new DistinctIds(2);
    expect(ids.add('__proto__')).toBe(-1);
    expect(ids.add('constructor')).toBe(-1);
    expect(ids.add('__proto_')).toBe(-1);
    expect(ids.add('__proto__')).toBe(0);
    expect(ids.add('constructor')).toBe(1);
  });

  it('finds each id at its index, in the table and in its copy sent to another thread', () => {
    const ids = new DistinctIds();
    const all = Array.from({ length: 3_000 }, (_, n) => idOf(n));
    for (const id of all) ids.add(id);
    const sent = new SentIds(
      [{ table: structuredClone(ids.table), first: 0 }],
      (index) => all[index] as string,
    );
    for (const index of [ids, sent]) {
      expect(all.every((id, n) => index.indexOf(id) === n)).toBe(true);
      expect(index.indexOf(idOf(3_000))).toBe(-1);
      expect(index.indexOf('__proto__')).toBe(-1);
    }
  });

  it('finds each id in the part its table was made from, the parts in order, and tells ids in both', () => {
    const all = Array.from({ length: 3_000 }, (_, n) => idOf(n));
    const earlier = new DistinctIds();
    const later = new DistinctIds();
    for (const id of all.slice(0, 1_200)) earlier.add(id);
    for (const id of all.slice(1_200)) later.add(id);
    const parts = [
      { table: earlier.table, first: 0 },
      { table: later.table, first: 1_200 },
    ];
    const sent = new SentIds(parts, (index) => all[index] as string);
    expect(all.every((id, n) => sent.indexOf(id) === n)).toBe(true);
    expect(sent.indexOf(idOf(3_000))).toBe(-1);
    const same = (a: number, b: number) => all[a] === all[1_200 + b];
    expect(sharesAnId(earlier.table, later.table, same)).toBe(false);
    const again = new DistinctIds();
    for (const id of [idOf(5_000), idOf(17), idOf(5_001)]) again.add(id);
    const withRepeat = [idOf(5_000), idOf(17), idOf(5_001)];
    expect(sharesAnId(earlier.table, again.table, (a, b) => all[a] === withRepeat[b])).toBe(true);
    // A hash both hold for two different ids is no id in both.
    expect(sharesAnId(earlier.table, earlier.table, () => false)).toBe(false);
  });
});
