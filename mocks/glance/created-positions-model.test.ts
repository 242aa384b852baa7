/**
 * Positions after creates (CreatedPositions over the loaded positions) against a model that knows
 * nothing of them: the records kept in an array sorted by list order (§11.3: created_at
 * descending, then id descending) and every answer read from it. Both the service on records in
 * memory and one serving a source are both checked, since both put CreatedPositions over their
 * loaded positions: many creates in the same second (ties by id, before, among and after the
 * loaded records), deletes of loaded and created ones, markers at every record, shows, resets.
 */
import { describe, expect, it } from 'vitest';
import { OWN_PROJECT, privateRecord, testImageId } from '../../tests/support/records.ts';
import { seededBelow } from '../../tests/support/seeded.ts';
import { RecordsInValues } from '../dataset-values.ts';
import type { Caller, ImageRecord } from '../types.ts';
import { ImageService, type ImageSource, replaceAllServed } from './image-service.ts';
import { distinctIdsOf, listOrderOf } from './list-order.ts';
import { storedRecord } from './stored-record.ts';

const admin: Caller = { projectId: OWN_PROJECT, admin: true };
const SECOND = '2020-01-05T00:00:00Z';

const byListOrder = (a: { created_at: string; id: string }, b: { created_at: string; id: string }) =>
  Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Loaded records on three days, most in the clock's second, ids spread so that created ones fall among them. */
const loaded = Array.from({ length: 200 }, (_, i) =>
  privateRecord(i * 7 + 3, {
    created_at: i % 5 === 0 ? '2020-01-04T00:00:00Z' : i % 5 === 1 ? '2020-01-06T00:00:00Z' : SECOND,
  }),
);

function sourceOf(records: readonly ImageRecord[]): ImageSource {
  const stored = records.map(storedRecord);
  return {
    count: stored.length,
    at: (index) => stored[index] as ImageRecord,
    ids: distinctIdsOf(stored),
    order: listOrderOf(stored),
    createdInGlanceFormat: true,
  };
}

describe.each([
  'records in memory',
  'a served source',
  'records in memory as createNovaImagesMock serves them',
] as const)('positions after creates, on %s', (kind) => {
  // Seed 1 never resets: over a thousand creates, past the indexes' take-in of the created images.
  it.each([1, 3])('answer as a sorted model of the records (seed %i)', (seed) => {
    const random = seededBelow(seed);
    const seconds = [
      SECOND,
      '2020-01-04T00:00:00Z',
      '2020-01-06T00:00:00Z',
      '2020-01-07T00:00:00Z',
      '2020-01-03T00:00:00Z',
    ];
    let clockAt = SECOND;
    const clock = () => new Date(clockAt);
    let service: ImageService;
    if (kind === 'records in memory') service = new ImageService(loaded, { clock });
    else {
      service = new ImageService([], { clock });
      replaceAllServed(service, kind === 'a served source' ? sourceOf(loaded) : new RecordsInValues(loaded));
    }
    let model = [...loaded].sort(byListOrder).map((record) => ({ ...record }));
    for (let step = 0; step < 4000; step++) {
      const which = random(10);
      if (which < 4) {
        // Mostly the same second as most loaded records: the ties go by id.
        clockAt = random(4) === 0 ? (seconds[random(seconds.length)] as string) : SECOND;
        const id = testImageId(random(8000));
        const known = model.some((record) => record.id === id);
        let refused = false;
        try {
          service.create(admin, { id, name: `c${step}` });
        } catch {
          refused = true;
        }
        expect(refused, `step ${step}: create ${id}`).toBe(known);
        if (!known) {
          model.push({
            ...privateRecord(0),
            id,
            name: `c${step}`,
            status: 'queued',
            created_at: clockAt,
            updated_at: clockAt,
          });
          model.sort(byListOrder);
        }
      } else if (which === 4 && model.length > 0) {
        const target = model[random(model.length)] as ImageRecord;
        if (!target.deleted) {
          service.delete(admin, target.id);
          target.deleted = true;
        }
      } else if (which === 5) {
        const target = model[random(model.length)] as ImageRecord;
        if (target.deleted) continue;
        if (random(2) === 0) service.patch(admin, target.id, [{ op: 'add', path: 'k', value: `v${step}` }]);
        else {
          // A name the filtered lists below ask for: the name index follows the write.
          target.name = `n${random(8)}`;
          service.patch(admin, target.id, [{ op: 'replace', path: 'name', value: target.name }]);
        }
      } else if (which === 6 && seed > 1 && random(15) === 0) {
        service.reset();
        model = [...loaded].sort(byListOrder).map((record) => ({ ...record }));
      } else if (which === 7) {
        // A filtered page (the indexes built at the first, kept up to date by every create and write after it).
        const filters =
          random(2) === 0 ? { name: `n${random(8)}` } : { status: random(2) === 0 ? 'queued' : 'active' };
        const listed = model.filter(
          (record) =>
            !record.deleted &&
            ('name' in filters ? record.name === filters.name : record.status === filters.status),
        );
        const markerAt = random(listed.length + 1);
        const marker = markerAt === listed.length ? undefined : (listed[markerAt] as ImageRecord).id;
        const expected = (marker === undefined ? listed : listed.slice(markerAt + 1)).slice(0, 20);
        const page = service.list(admin, { filters, marker, limit: 20 });
        expect(
          page.map((image) => image.id),
          `step ${step}: ${JSON.stringify(filters)} after ${marker}`,
        ).toEqual(expected.map((record) => record.id));
      } else {
        // A page after a marker, and a show of each record on it.
        const listed = model.filter((record) => !record.deleted);
        const markerAt = random(listed.length + 1);
        const marker = markerAt === listed.length ? undefined : (listed[markerAt] as ImageRecord).id;
        const limit = 1 + random(30);
        const expected = (marker === undefined ? listed : listed.slice(markerAt + 1)).slice(0, limit);
        const page = service.list(admin, { marker, limit });
        expect(
          page.map((image) => image.id),
          `step ${step}: page after ${marker}`,
        ).toEqual(expected.map((r) => r.id));
        for (const record of expected) expect(service.get(admin, record.id).id).toBe(record.id);
      }
    }
    expect(service.records().map((record) => record.id)).toEqual(model.map((record) => record.id));
    if (seed === 1) expect(service.size).toBeGreaterThan(loaded.length + 1024);
    // records() hands out copies: a change to one is not the service's.
    const copies = service.records();
    (copies[0] as ImageRecord).name = 'changed by the caller';
    expect(service.records()[0]?.name).not.toBe('changed by the caller');
    service.reset();
    const loadedIds = [...loaded].sort(byListOrder).map((record) => record.id);
    expect(service.records().map((record) => record.id)).toEqual(loadedIds);
    expect(service.list(admin, { limit: 5 }).map((image) => image.id)).toEqual(loadedIds.slice(0, 5));
  });
});
