import { describe, expect, it } from 'vitest';
import { OTHER_PROJECT, OWN_PROJECT, privateRecord, testImageId } from '../../tests/support/records.ts';
import type { Caller, ImageRecord } from '../types.ts';
import { GlanceError } from './errors.ts';
import { type GlanceListQuery, ImageService, type ImageSource } from './image-service.ts';
import { isGlanceTimestamp } from './iso8601.ts';
import { distinctIdsOf, listOrderOf } from './list-order.ts';
import { storedRecord } from './stored-record.ts';

// A dataset made as it is read (a large file served from its bytes) must answer every call as the
// same records loaded whole, whatever the calls before it made, wrote, created, reset or restored:
// a seeded run of mixed calls, each answered by both services and compared.

const COUNT = 600;
const records = Array.from({ length: COUNT }, (_, i) =>
  privateRecord(i + 1, {
    // Many images created in the same second: the list order's ties, by id.
    created_at: `2020-01-${String(1 + (i % 9)).padStart(2, '0')}T00:00:0${i % 3}Z`,
    owner: i % 4 === 0 ? OTHER_PROJECT : OWN_PROJECT,
    visibility: (['private', 'public', 'shared', 'community'] as const)[i % 4],
    members: i % 4 === 2 ? [OWN_PROJECT] : undefined,
    status: i % 11 === 0 ? 'queued' : 'active',
    min_ram: i % 5,
    properties: { os_distro: ['ubuntu', 'debian', 'fedora'][i % 3] as string },
  }),
);

/** The records as a source that makes each one the first time it is asked for it. */
function sourceOf(): ImageSource {
  const made: (ImageRecord | undefined)[] = new Array(COUNT);
  const stored = records.map(storedRecord);
  return {
    count: COUNT,
    at: (index) => (made[index] ??= stored[index] as ImageRecord),
    ids: distinctIdsOf(stored),
    order: listOrderOf(stored),
    createdInGlanceFormat: stored.every((record) => isGlanceTimestamp(record.created_at)),
  };
}

/** A clock of its own for each service, a second a call: both stamp the same times. */
function steppingClock(): () => Date {
  let now = Date.parse('2024-01-01T00:00:00Z');
  return () => {
    now += 1000;
    return new Date(now);
  };
}

function answer(call: () => unknown): unknown {
  try {
    return call() ?? null;
  } catch (error) {
    if (error instanceof GlanceError) return `GlanceError ${error.kind}`;
    throw error;
  }
}

describe('a dataset made as it is read, under a seeded run of mixed calls', () => {
  it.each([1, 2, 3])('answers as the records loaded whole (seed %i)', (seed) => {
    let state = seed;
    const random = (n: number): number => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % n;
    };
    const lazy = new ImageService(sourceOf(), { clock: steppingClock() });
    const eager = new ImageService(records, { clock: steppingClock() });
    const callers: Caller[] = [
      { projectId: OWN_PROJECT },
      { projectId: OTHER_PROJECT },
      { projectId: 'cccccccccccccccccccccccccccccccc', admin: true },
    ];
    const created: string[] = [];
    for (let step = 0; step < 400; step++) {
      const caller = callers[random(callers.length)] as Caller;
      const id =
        created.length > 0 && random(8) === 0
          ? (created[random(created.length)] as string)
          : testImageId(1 + random(COUNT + 5));
      const marker = random(2) === 0 ? id : undefined;
      const limit = 1 + random(25);
      const which = random(13);
      let call: (service: ImageService) => unknown;
      if (which === 0) call = (service) => service.list(caller, { marker, limit });
      else if (which === 1) {
        const filters = { minRam: String(random(5)), properties: [['os_distro', 'debian'] as const] };
        call = (service) => service.list(caller, { filters, limit });
      } else if (which === 2) call = (service) => service.get(caller, id);
      else if (which === 3) {
        const patch = [{ op: 'add', path: `/k${random(3)}`, value: `v${step}` } as const];
        call = (service) => service.patch(caller, id, patch);
      } else if (which === 4) call = (service) => service.delete(caller, id);
      else if (which === 5) {
        const newId = `ffffffff-0000-4000-8000-${String(step).padStart(12, '0')}`;
        created.push(newId);
        call = (service) => service.create(caller, { id: newId, name: `made ${step}` });
      } else if (which === 6) {
        const query = { marker: random(3) === 0 ? id : undefined, limit } as GlanceListQuery;
        call = (service) => service.glanceList(caller, query);
      } else if (which === 7) {
        const query = {
          sortKeys: [(['name', 'updated_at', 'status', 'min_ram'] as const)[random(4)]],
          sortDirs: [random(2) === 0 ? 'asc' : 'desc'],
          limit,
        } as GlanceListQuery;
        call = (service) => service.glanceList(caller, query);
      } else if (which === 8) {
        const tag = `t${random(3)}`;
        call = (service) =>
          random(2) === 0 ? service.addTag(caller, id, tag) : service.deleteTag(caller, id, tag);
      } else if (which === 9) call = (service) => service.setActive(caller, id, false);
      else if (which === 10) call = (service) => service.addMember(caller, id, OTHER_PROJECT);
      else if (which === 11) call = (service) => (random(10) === 0 ? service.reset() : service.size);
      else
        call = (service) =>
          random(20) === 0 ? service.restore(service.records()) : service.records().length;
      // The same draws for both: the call's own randomness is drawn once, here.
      const draw = state;
      const expected = answer(() => call(eager));
      state = draw;
      expect(
        answer(() => call(lazy)),
        `step ${step}`,
      ).toEqual(expected);
    }
    expect(lazy.records()).toEqual(eager.records());
  });
});
