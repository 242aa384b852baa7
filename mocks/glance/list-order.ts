/**
 * A whole dataset put in Glance's list order (§11.3: created_at descending, then id descending,
 * as strings), and the position of each id in it: what loading a million images waits for, so
 * done with numbers where it can.
 */
import { DistinctIds } from '../distinct-ids.ts';
import type { ImageRecord } from '../types.ts';

const byIdDescending = (a: ImageRecord, b: ImageRecord): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The order by comparison of every pair, for creation times a single number cannot carry with an index. */
function sortedByComparison(records: readonly ImageRecord[], created: Float64Array): ImageRecord[] {
  return Array.from(records, (_, index) => index)
    .sort(
      (a, b) =>
        (created[b] as number) - (created[a] as number) ||
        byIdDescending(records[a] as ImageRecord, records[b] as ImageRecord),
    )
    .map((index) => records[index] as ImageRecord);
}

export function inListOrder(records: readonly ImageRecord[]): ImageRecord[] {
  const count = records.length;
  const created = new Float64Array(count);
  let newest = Number.NEGATIVE_INFINITY;
  let oldest = Number.POSITIVE_INFINITY;
  let unit = 1000;
  for (let index = 0; index < count; index++) {
    const time = Date.parse((records[index] as ImageRecord).created_at);
    created[index] = time;
    if (time > newest) newest = time;
    if (time < oldest) oldest = time;
    // A time with milliseconds, or none (NaN): counted in milliseconds, or compared.
    if (time % 1000 !== 0) unit = 1;
  }
  // Each record's key: its age from the newest in whole units, times a power of two above the
  // count, plus its index. One numeric sort of the keys orders by created_at descending; the
  // index rides along in the low bits while the key stays an exact integer.
  const slots = 2 ** Math.ceil(Math.log2(count + 1));
  if (created.some(Number.isNaN) || !(((newest - oldest) / unit + 1) * slots <= Number.MAX_SAFE_INTEGER)) {
    return sortedByComparison(records, created);
  }
  const keys = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    keys[index] = ((newest - (created[index] as number)) / unit) * slots + index;
  }
  keys.sort();
  const ordered = Array.from(keys, (key) => records[key % slots] as ImageRecord);
  // Images created in the same unit of time (the same age): by id, descending.
  const ageAt = (position: number) => Math.floor((keys[position] as number) / slots);
  let runStart = 0;
  for (let position = 1; position <= count; position++) {
    if (position < count && ageAt(position) === ageAt(runStart)) continue;
    if (position - runStart > 1) {
      const run = ordered.slice(runStart, position).sort(byIdDescending);
      for (let offset = 0; offset < run.length; offset++)
        ordered[runStart + offset] = run[offset] as ImageRecord;
    }
    runStart = position;
  }
  return ordered;
}

/** Each id's position in `records`; throws on an id that occurs twice. */
export function positionsOf(records: readonly ImageRecord[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (let position = 0; position < records.length; position++) {
    const { id } = records[position] as ImageRecord;
    // One hash operation per record: a duplicate is an id that did not grow the map.
    positions.set(id, position);
    if (positions.size === position) throw new Error(`duplicate image id ${id}`);
  }
  return positions;
}

/** Throws on an id that occurs twice in `records`, as positionsOf would, without the positions. */
export function refuseDuplicateIds(records: readonly ImageRecord[]): void {
  const ids = new DistinctIds(records.length);
  for (const { id } of records) if (ids.add(id) >= 0) throw new Error(`duplicate image id ${id}`);
}
