import { describe, expect, it } from 'vitest';
import { OTHER_PROJECT, OWN_PROJECT, privateRecord, testImageId } from '../../tests/support/records.ts';
import type { Caller, ImageRecord } from '../types.ts';
import { GlanceError } from './errors.ts';
import {
  type GlanceListQuery,
  ImageService,
  type ImageServiceOptions,
  type ImageSource,
  replaceAllServed,
} from './image-service.ts';
import { isGlanceTimestamp } from './iso8601.ts';
import { distinctIdsOf, listOrderOf } from './list-order.ts';
import { storedRecord } from './stored-record.ts';

// A dataset made as it is read (a large file served from its bytes) must answer every call as the
// same records loaded whole, whatever the calls before it made, wrote, created, reset or restored:
// a seeded run of mixed calls, each answered by both services and compared.

/** Images spread over nine days, many created in the same second: the list order's ties, by id. */
const datasetOf = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    privateRecord(i + 1, {
      created_at: `2020-01-${String(1 + (i % 9)).padStart(2, '0')}T00:00:0${i % 3}Z`,
      owner: i % 4 === 0 ? OTHER_PROJECT : OWN_PROJECT,
      visibility: (['private', 'public', 'shared', 'community'] as const)[i % 4],
      members: i % 4 === 2 ? [OWN_PROJECT] : undefined,
      status: i % 11 === 0 ? 'queued' : 'active',
      min_ram: i % 5,
      properties: { os_distro: ['ubuntu', 'debian', 'fedora'][i % 3] as string },
    }),
  );

/** The records as a source that makes each one the first time it is asked for it, saying which it made. */
function sourceOf(records: readonly ImageRecord[]): ImageSource & { made: Set<number> } {
  const stored = records.map(storedRecord);
  const asked = new Set<number>();
  return {
    count: records.length,
    at: (index) => {
      asked.add(index);
      return stored[index] as ImageRecord;
    },
    ids: distinctIdsOf(stored),
    order: listOrderOf(stored),
    createdInGlanceFormat: stored.every((record) => isGlanceTimestamp(record.created_at)),
    made: asked,
  };
}

/** A service serving `source`, as serve loads a large file. */
function servedFrom(source: ImageSource, options: ImageServiceOptions): ImageService {
  const service = new ImageService([], options);
  replaceAllServed(service, source);
  return service;
}

/** §11.3, by comparing every pair: what the records' order must be, however they were created. */
const inListOrder = (images: readonly ImageRecord[]) =>
  [...images].sort(
    (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );

/** A clock of its own for each service, a second a call: both stamp the same times. */
function steppingClock(): () => Date {
  let now = Date.parse('2024-01-01T00:00:00Z');
  return () => {
    now += 1000;
    return new Date(now);
  };
}

/** A clock that stamps the dataset's own days and seconds, so that a created image lands among them. */
function datasetDaysClock(): () => Date {
  let calls = 0;
  return () => {
    calls++;
    return new Date(`2020-01-${String(1 + ((calls * 5) % 9)).padStart(2, '0')}T00:00:0${calls % 3}Z`);
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

const CALLS = [
  'list',
  'filtered list',
  'get',
  'patch',
  'delete',
  'create',
  'Glance list',
  'Glance list sorted',
  'tag',
  'deactivate',
  'member',
  'reset or size',
  'records or restore',
] as const;
/** The calls that read every image: a run without them keeps the source's records unmade but for those it reads. */
const FULL_SCANS = new Set<(typeof CALLS)[number]>([
  'filtered list',
  'Glance list sorted',
  'records or restore',
]);

interface Run {
  seed: number;
  records: readonly ImageRecord[];
  steps: number;
  calls: readonly (typeof CALLS)[number][];
  clock: () => () => Date;
}

/** A seeded run of calls, each answered by a service on the source and one on the records loaded whole, compared. */
function mixedRun({ seed, records, steps, calls, clock }: Run): {
  lazy: ImageService;
  eager: ImageService;
} & {
  source: ReturnType<typeof sourceOf>;
} {
  let state = seed;
  const random = (n: number): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  const source = sourceOf(records);
  const lazy = servedFrom(source, { clock: clock() });
  const eager = new ImageService(records, { clock: clock() });
  const callers: Caller[] = [
    { projectId: OWN_PROJECT },
    { projectId: OTHER_PROJECT },
    { projectId: 'cccccccccccccccccccccccccccccccc', admin: true },
  ];
  const created: string[] = [];
  for (let step = 0; step < steps; step++) {
    const caller = callers[random(callers.length)] as Caller;
    const id =
      created.length > 0 && random(8) === 0
        ? (created[random(created.length)] as string)
        : testImageId(1 + random(records.length + 5));
    const marker = random(2) === 0 ? id : undefined;
    const limit = 1 + random(25);
    const which = calls[random(calls.length)];
    let call: (service: ImageService) => unknown;
    if (which === 'list') call = (service) => service.list(caller, { marker, limit });
    else if (which === 'filtered list') {
      const filters = { minRam: String(random(5)), properties: [['os_distro', 'debian'] as const] };
      call = (service) => service.list(caller, { filters, limit });
    } else if (which === 'get') call = (service) => service.get(caller, id);
    else if (which === 'patch') {
      const patch = [{ op: 'add', path: `/k${random(3)}`, value: `v${step}` } as const];
      call = (service) => service.patch(caller, id, patch);
    } else if (which === 'delete') call = (service) => service.delete(caller, id);
    else if (which === 'create') {
      // Ids that fall between the dataset's, for the ties in a second.
      const newId = `00000000-0000-4000-8000-${String(random(records.length)).padStart(7, '0')}${step.toString(16).padStart(5, '0')}`;
      created.push(newId);
      call = (service) => service.create(caller, { id: newId, name: `made ${step}` });
    } else if (which === 'Glance list') {
      const query = { marker: random(3) === 0 ? id : undefined, limit } as GlanceListQuery;
      call = (service) => service.glanceList(caller, query);
    } else if (which === 'Glance list sorted') {
      const query = {
        sortKeys: [(['name', 'updated_at', 'status', 'min_ram'] as const)[random(4)]],
        sortDirs: [random(2) === 0 ? 'asc' : 'desc'],
        limit,
      } as GlanceListQuery;
      call = (service) => service.glanceList(caller, query);
    } else if (which === 'tag') {
      const tag = `t${random(3)}`;
      call = (service) =>
        random(2) === 0 ? service.addTag(caller, id, tag) : service.deleteTag(caller, id, tag);
    } else if (which === 'deactivate') call = (service) => service.setActive(caller, id, false);
    else if (which === 'member') call = (service) => service.addMember(caller, id, OTHER_PROJECT);
    else if (which === 'reset or size')
      call = (service) => (random(10) === 0 ? service.reset() : service.size);
    else
      call = (service) => (random(20) === 0 ? service.restore(service.records()) : service.records().length);
    // The same draws for both: the call's own randomness is drawn once, here.
    const draw = state;
    const expected = answer(() => call(eager));
    state = draw;
    expect(
      answer(() => call(lazy)),
      `step ${step} (${which})`,
    ).toEqual(expected);
  }
  return { lazy, eager, source };
}

describe('a dataset made as it is read, under a seeded run of mixed calls', () => {
  it.each([1, 2, 3])('answers as the records loaded whole (seed %i)', (seed) => {
    const { lazy, eager } = mixedRun({
      seed,
      records: datasetOf(600),
      steps: 400,
      calls: CALLS,
      clock: steppingClock,
    });
    expect(lazy.records()).toEqual(eager.records());
  });

  it.each([4, 5, 6])(
    'answers as the records loaded whole under creates among its images and deletes, with no call that reads every image (seed %i)',
    (seed) => {
      const records = datasetOf(3000);
      const { lazy, eager, source } = mixedRun({
        seed,
        records,
        steps: 500,
        calls: CALLS.filter((call) => !FULL_SCANS.has(call)),
        clock: datasetDaysClock,
      });
      // The calls read pages, never every image: most records were never made.
      expect(source.made.size).toBeLessThan(records.length / 2);
      const all = lazy.records();
      expect(all).toEqual(eager.records());
      expect(all.length).toBeGreaterThan(records.length);
      expect(all.map((image) => image.id)).toEqual(inListOrder(all).map((image) => image.id));
    },
  );

  it('makes, for a create, only the records its place in list order is found by', () => {
    const records = datasetOf(5000);
    const source = sourceOf(records);
    const lazy = servedFrom(source, { clock: datasetDaysClock() });
    const eager = new ImageService(records, { clock: datasetDaysClock() });
    const admin: Caller = { projectId: OWN_PROJECT, admin: true };
    for (let made = 0; made < 40; made++) {
      const id = `00000000-0000-4000-8000-${String((made * 131) % 5000).padStart(7, '0')}${String(made).padStart(5, '0')}`;
      expect(lazy.create(admin, { id })).toEqual(eager.create(admin, { id }));
    }
    // A binary search over list order: at most 13 records (log2 of 5,040) read per create.
    expect(source.made.size).toBeLessThanOrEqual(40 * 13);
    const pages = (service: ImageService) => {
      const ids: string[] = [];
      for (let page = service.list(admin, { limit: 400 }); page.length > 0; ) {
        ids.push(...page.map((image) => image.id));
        page = service.list(admin, { limit: 400, marker: ids.at(-1) });
      }
      return ids;
    };
    expect(pages(lazy)).toEqual(pages(eager));
    expect(lazy.records().map((image) => image.id)).toEqual(
      inListOrder(eager.records()).map((image) => image.id),
    );
  });
});
